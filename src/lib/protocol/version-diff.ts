/**
 * What changed between two versions of one protocol, in sentences a committee member reads:
 * definitions, risk categories and rules, clocks, repeat-missing stages, RHI arrangements and
 * allocation, notifications, content lists, Philomena, duties and form questions.
 */

import type { ProtocolPackage, Source } from './types.js';
import { COHORTS, allocationRowFor, describeAllocation, formQuestions, type ProtocolRef, type Question } from './normalise.js';
import { describeCondition, describeDuration, describeEvents, describeRecipient } from './describe.js';

export interface DiffChange {
	kind: 'added' | 'removed' | 'changed';
	/** One sentence saying what changed. */
	sentence: string;
	/** Source of the new wording (or of the removed one). */
	source?: Source;
}

export interface DiffSection {
	title: string;
	/** One line for the section, e.g. "Risk categories: 'Absent' removed; 'Low' and 'No apparent risk' added." */
	summary: string;
	changes: DiffChange[];
}

export interface VersionDiff {
	from: ProtocolRef;
	to: ProtocolRef;
	changeSummary?: string;
	sections: DiffSection[];
}

function refOf(pkg: ProtocolPackage): ProtocolRef {
	const m = pkg.protocol.metadata;
	return { id: m.id, version: m.version, title: m.title, authority: m.authority.name };
}

function and(items: string[]): string {
	if (items.length <= 1) return items.join('');
	return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function quoted(items: string[]): string {
	return and(items.map((i) => `'${i}'`));
}

function summarise(title: string, changes: DiffChange[], names: { added: string[]; removed: string[]; changed: string[] }): string {
	const parts: string[] = [];
	if (names.removed.length) parts.push(`${quoted(names.removed)} removed`);
	if (names.added.length) parts.push(`${quoted(names.added)} added`);
	if (names.changed.length) parts.push(`${quoted(names.changed)} changed`);
	return parts.length ? `${title}: ${parts.join('; ')}.` : `${title}: ${changes.length} change${changes.length === 1 ? '' : 's'}.`;
}

interface Keyed<T> {
	id: string;
	name: (x: T) => string;
	/** Field-by-field description used to spot and word a change; same keys on both sides. */
	fields: (x: T) => Record<string, string>;
	source: (x: T) => Source | undefined;
}

/** Added, removed and changed entries of two id-keyed lists, worded with `noun`. */
function diffList<T extends { id: string }>(title: string, noun: string, before: T[], after: T[], k: Omit<Keyed<T>, 'id'>): DiffSection | undefined {
	const changes: DiffChange[] = [];
	const names = { added: [] as string[], removed: [] as string[], changed: [] as string[] };
	const old = new Map(before.map((x) => [x.id, x]));
	const now = new Map(after.map((x) => [x.id, x]));
	for (const x of before) {
		if (now.has(x.id)) continue;
		names.removed.push(k.name(x));
		changes.push({ kind: 'removed', sentence: `${noun} '${k.name(x)}' removed.`, source: k.source(x) });
	}
	for (const x of after) {
		const was = old.get(x.id);
		if (!was) {
			names.added.push(k.name(x));
			const detail = Object.entries(k.fields(x))
				.filter(([, v]) => v)
				.map(([f, v]) => `${f}: ${v}`)
				.join('; ');
			changes.push({ kind: 'added', sentence: `${noun} '${k.name(x)}' added${detail ? ` (${detail})` : ''}.`, source: k.source(x) });
			continue;
		}
		const a = k.fields(was);
		const b = k.fields(x);
		const changed = Object.keys(b).filter((f) => (a[f] ?? '') !== (b[f] ?? ''));
		if (k.name(was) !== k.name(x)) changed.unshift('name');
		if (!changed.length) continue;
		names.changed.push(k.name(x));
		for (const f of changed) {
			const from = f === 'name' ? k.name(was) : a[f];
			const to = f === 'name' ? k.name(x) : b[f];
			const sentence = !from
				? `${noun} '${k.name(x)}': ${f} now “${to}”.`
				: !to
					? `${noun} '${k.name(x)}': ${f} (“${from}”) removed.`
					: `${noun} '${k.name(x)}': ${f} changed from “${from}” to “${to}”.`;
			changes.push({ kind: 'changed', sentence, source: k.source(x) });
		}
	}
	return changes.length ? { title, summary: summarise(title, changes, names), changes } : undefined;
}

function valueChange(noun: string, from: string | undefined, to: string | undefined, source?: Source): DiffChange | undefined {
	if ((from ?? '') === (to ?? '')) return undefined;
	if (!from) return { kind: 'added', sentence: `${noun} now stated: ${to}.`, source };
	if (!to) return { kind: 'removed', sentence: `${noun} no longer stated (was: ${from}).`, source };
	return { kind: 'changed', sentence: `${noun} changed from ${from} to ${to}.`, source };
}

function section(title: string, changes: Array<DiffChange | undefined>): DiffSection | undefined {
	const present = changes.filter((c): c is DiffChange => c !== undefined);
	if (!present.length) return undefined;
	const summary = `${title}: ${present.map((c) => c.sentence.replace(/\.$/, '')).join('; ')}.`;
	return { title, summary: present.length <= 2 ? summary : `${title}: ${present.length} changes.`, changes: present };
}

function formSections(from: ProtocolPackage, to: ProtocolPackage): DiffSection[] {
	const out: DiffSection[] = [];
	const ids = [...new Set([...Object.keys(from.forms), ...Object.keys(to.forms)])];
	const describeQuestion = (q: Question) => {
		const options = q.node.oneOf?.map((o) => o.title) ?? q.node.enum?.map(String) ?? q.node.items?.oneOf?.map((o) => o.title);
		return {
			title: q.title,
			required: q.required ? 'yes' : 'no',
			options: options ? options.join(', ') : '',
			captures: q.node['x-ui']?.content ?? ''
		};
	};
	for (const id of ids) {
		const a = from.forms[id];
		const b = to.forms[id];
		if (!a && b) {
			out.push({ title: `Form: ${b.title}`, summary: `Form '${b.title}' added with ${formQuestions(b).length} questions.`, changes: [{ kind: 'added', sentence: `Form '${b.title}' added with ${formQuestions(b).length} questions.` }] });
			continue;
		}
		if (a && !b) {
			out.push({ title: `Form: ${a.title}`, summary: `Form '${a.title}' removed.`, changes: [{ kind: 'removed', sentence: `Form '${a.title}' removed.` }] });
			continue;
		}
		if (!a || !b) continue;
		const qa = formQuestions(a).map((q) => ({ ...q, id: q.path }));
		const qb = formQuestions(b).map((q) => ({ ...q, id: q.path }));
		const s = diffList(`Form: ${b.title}`, 'Question', qa, qb, {
			name: (q) => q.title,
			fields: (q) => {
				const d = describeQuestion(q);
				return { required: d.required, options: d.options, 'content it captures': d.captures };
			},
			source: () => undefined
		});
		if (s) out.push(s);
	}
	return out;
}

export function diffVersions(from: ProtocolPackage, to: ProtocolPackage): VersionDiff {
	const a = from.protocol;
	const b = to.protocol;
	const sections: Array<DiffSection | undefined> = [];

	sections.push(
		diffList('Definitions', 'Definition', a.definitions, b.definitions, {
			name: (d) => d.term,
			fields: (d) => ({ wording: d.text, agency: d.agency }),
			source: (d) => d.source
		})
	);
	sections.push(
		diffList('Risk categories', 'Risk category', a.riskCategories, b.riskCategories, {
			name: (c) => c.label,
			fields: (c) => ({ definition: c.definition, response: c.response ?? '' }),
			source: (c) => c.source
		})
	);
	sections.push(
		diffList('Risk rules', 'Risk rule', a.riskRules, b.riskRules, {
			name: (r) => r.id.replace(/-/g, ' '),
			fields: (r) => ({ rule: r.text, category: r.category, condition: r.when !== undefined ? describeCondition(r.when) : '' }),
			source: (r) => r.source
		})
	);
	sections.push(
		diffList('Clocks', 'Clock', a.clocks, b.clocks, {
			name: (c) => c.label,
			fields: (c) => ({
				length: describeDuration(c.duration),
				'starts when': describeEvents(c.startsOn),
				condition: c.when !== undefined ? describeCondition(c.when) : '',
				'who acts': c.actor,
				kind: c.kind
			}),
			source: (c) => c.source
		})
	);
	sections.push(
		diffList('Repeat-missing stages', 'Stage', a.repeatMissing?.stages ?? [], b.repeatMissing?.stages ?? [], {
			name: (s) => s.label,
			fields: (s) => ({
				episodes: String(s.threshold),
				window: s.window.kind === 'rolling' ? `rolling ${s.window.days} days` : `${s.window.days} days from the first episode`,
				'meeting deadline': s.meeting?.within ? describeDuration(s.meeting.within) : '',
				chair: s.meeting?.chair ?? ''
			}),
			source: (s) => s.source
		})
	);

	const ra = a.rhi;
	const rb = b.rhi;
	sections.push(
		section('Return home interview', [
			valueChange('The time limit', ra?.within && describeDuration(ra.within), rb?.within && describeDuration(rb.within), rb?.source),
			valueChange('Who conducts it', ra?.conductedBy, rb?.conductedBy, rb?.source),
			valueChange('Independence from the child’s care', ra && (ra.independentOfCare ? 'required' : 'not required'), rb && (rb.independentOfCare ? 'required' : 'not required'), rb?.source),
			valueChange(
				'Follow-up after a decline',
				ra?.declineFollowUps && `${ra.declineFollowUps.attempts} attempts by ${ra.declineFollowUps.channels.join(' or ')}`,
				rb?.declineFollowUps && `${rb.declineFollowUps.attempts} attempts by ${rb.declineFollowUps.channels.join(' or ')}`,
				rb?.declineFollowUps?.source
			),
			valueChange(
				'A child missing again before the interview',
				ra?.missingAgainCountsAsDeclined && (ra.missingAgainCountsAsDeclined.value ? 'counted as declined' : 'not counted as declined'),
				rb?.missingAgainCountsAsDeclined && (rb.missingAgainCountsAsDeclined.value ? 'counted as declined' : 'not counted as declined'),
				rb?.missingAgainCountsAsDeclined?.source
			)
		])
	);

	// Allocation: the rows, then what they decide for each cohort (what a reader cares about).
	const allocation = diffList('RHI allocation rows', 'Allocation row', ra?.allocation ?? [], rb?.allocation ?? [], {
		name: (r) => r.id.replace(/-/g, ' '),
		fields: (r) => ({ rule: r.text, team: r.team, authority: r.authority, notify: r.notify.map(describeRecipient).join(', ') }),
		source: (r) => r.source
	});
	sections.push(allocation);
	sections.push(
		section(
			'Who does the RHI',
			COHORTS.map((c) => {
				const x = ra && allocationRowFor(ra.allocation, c.facts);
				const y = rb && allocationRowFor(rb.allocation, c.facts);
				return valueChange(`For: ${c.label.toLowerCase()}, the interviewer`, x ? describeAllocation(x) : undefined, y ? describeAllocation(y) : undefined, y?.source);
			})
		)
	);

	sections.push(
		diffList('Notifications', 'Notification', a.notifications, b.notifications, {
			name: (n) => `${describeRecipient(n.recipient)} when ${describeEvents([n.on])}`,
			fields: (n) => ({
				condition: n.when !== undefined ? describeCondition(n.when) : '',
				within: n.within ? describeDuration(n.within) : '',
				qualification: n.condition ?? ''
			}),
			source: (n) => n.source
		})
	);
	const idsOnly = <T extends { id: string }>(xs: T[] | undefined) => (xs ?? []).map((x) => ({ ...x }));
	sections.push(
		diffList('Minimum missing-report content', 'Content item', idsOnly(a.minimumReportContent), idsOnly(b.minimumReportContent), {
			name: (x) => x.id,
			fields: () => ({}),
			source: (x) => x.source
		})
	);
	sections.push(
		diffList('RHI content', 'Content item', idsOnly(ra?.content), idsOnly(rb?.content), {
			name: (x) => x.id,
			fields: () => ({}),
			source: (x) => x.source
		})
	);
	sections.push(
		section('Philomena Protocol', [
			valueChange('Use of the Philomena Protocol', a.philomena && (a.philomena.used ? 'used' : 'not used'), b.philomena && (b.philomena.used ? 'used' : 'not used'), b.philomena?.source),
			valueChange('Who it applies to', a.philomena?.appliesTo, b.philomena?.appliesTo, b.philomena?.source)
		])
	);
	sections.push(
		diffList('Duties', 'Duty', a.duties ?? [], b.duties ?? [], {
			name: (d) => d.id.replace(/-/g, ' '),
			fields: (d) => ({ holder: d.holder, wording: d.text }),
			source: (d) => d.source
		})
	);

	return {
		from: refOf(from),
		to: refOf(to),
		changeSummary: b.metadata.changeSummary,
		sections: [...sections.filter((s): s is DiffSection => s !== undefined), ...formSections(from, to)]
	};
}
