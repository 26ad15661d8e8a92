/**
 * One list of everything that happened to a child: episodes, steps (with the forms that came
 * with them), tasks and notifications, most recent first.
 */
import type { RecordModel } from 'pocketbase';
import type { ProtocolPackage } from '$lib/protocol/types';
import { formatLondon } from '$lib/protocol/london-time';
import { epochOf } from '$lib/server/episode-records';
import { eventLabel } from '../../episodes/event-words';
import { taskRow, type TaskTag } from '../../work/task-display';

export interface TimelineItem {
	key: string;
	at: number;
	when: string;
	kind: 'Episode' | 'Step' | 'Form' | 'Task' | 'Notification';
	title: string;
	detail: string;
	href: string;
	tag: TaskTag | null;
	/** The form recorded with this step, to read, print or download. */
	form?: { title: string; href: string };
}

export function childTimeline(input: {
	episodes: RecordModel[];
	submissions: RecordModel[];
	events: RecordModel[];
	tasks: RecordModel[];
	notifications: RecordModel[];
	/** Each episode's protocol package, for the protocol's own words. */
	packages: Map<string, ProtocolPackage | undefined>;
	/** Forms recorded for the child outside any episode (a Philomena profile), by submission id. */
	childForms?: Map<string, { title: string; by: string }>;
	now: number;
}): TimelineItem[] {
	const items: TimelineItem[] = [];
	const add = (item: Omit<TimelineItem, 'when'>) => items.push({ ...item, when: formatLondon(item.at) });
	const episodeHref = (id: unknown) => (id ? `/episodes/${String(id)}` : '');

	for (const e of input.episodes) {
		const at = epochOf(e.missing_from) ?? epochOf(e.reported_at);
		if (at !== null) add({ key: `e:${e.id}`, at, kind: 'Episode', title: 'Went missing', detail: '', href: episodeHref(e.id), tag: null });
	}
	for (const ev of input.events) {
		const at = epochOf(ev.at);
		if (at === null) continue;
		const pkg = input.packages.get(ev.episode);
		const form = ev.payload?.form ? (pkg?.forms[ev.payload.form]?.title ?? String(ev.payload.form)) : '';
		const actor = (ev.expand?.actor?.name as string | undefined) ?? '';
		const detail = [form ? `With the ${form.toLowerCase()}` : '', actor ? `by ${actor}` : ''].filter(Boolean).join(', ');
		const submission = ev.payload?.form ? submissionOf(input.submissions, ev.episode, String(ev.payload.form), at) : undefined;
		add({
			key: `v:${ev.id}`,
			at,
			kind: 'Step',
			title: eventLabel(pkg?.lifecycle, ev.type, ev.payload),
			detail: detail.charAt(0).toUpperCase() + detail.slice(1),
			href: episodeHref(ev.episode),
			tag: null,
			...(submission ? { form: { title: form, href: `/submissions/${submission.id}` } } : {})
		});
	}
	// A form given with a step is already on the step's line; only forms given on their own are listed.
	for (const s of input.submissions) {
		if (s.episode) continue;
		const at = epochOf(s.created);
		const known = input.childForms?.get(s.id);
		if (at !== null) add({ key: `s:${s.id}`, at, kind: 'Form', title: known?.title ?? `${s.form_id} submitted`, detail: known ? `By ${known.by}` : '', href: `/submissions/${s.id}`, tag: null });
	}
	for (const t of input.tasks) {
		// A waiting escalation that never fired, or one stopped before it did, was never work to do.
		if (t.status === 'pending' || t.status === 'cancelled') continue;
		const at = epochOf(t.created);
		if (at === null) continue;
		const row = taskRow(t, input.now);
		add({ key: `t:${t.id}`, at, kind: 'Task', title: row.title, detail: row.due.charAt(0).toUpperCase() + row.due.slice(1), href: episodeHref(t.episode), tag: row.tag });
	}
	for (const n of input.notifications) {
		const at = epochOf(n.created);
		if (at !== null) add({ key: `n:${n.id}`, at, kind: 'Notification', title: String(n.title), detail: String(n.body ?? ''), href: episodeHref(n.episode), tag: null });
	}
	return items.sort((a, b) => b.at - a.at || a.key.localeCompare(b.key));
}

/** The submission written with a step: same episode and form, stored in the same batch (the nearest in time). */
function submissionOf(submissions: RecordModel[], episode: string, formId: string, at: number): RecordModel | undefined {
	let best: RecordModel | undefined;
	let bestGap = Infinity;
	for (const s of submissions) {
		if (s.episode !== episode || s.form_id !== formId) continue;
		const gap = Math.abs((epochOf(s.created) ?? Infinity) - at);
		if (gap < bestGap) {
			best = s;
			bestGap = gap;
		}
	}
	return best;
}
