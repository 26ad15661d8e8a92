/**
 * How a task reads to a practitioner: an absolute due time on London clocks and a status said
 * in words (the tag's colour only repeats what the words say).
 */
import type { RecordModel } from 'pocketbase';
import { dueStatus } from '$lib/protocol/clocks';
import { londonParts } from '$lib/protocol/london-time';
import { epochOf } from '$lib/server/episode-records';

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "14:05 on Thursday 5 March 2026" in Europe/London, whatever the server's zone. */
export function londonTimeOnDay(instant: number): string {
	const p = londonParts(instant);
	return `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')} on ${DAYS[p.weekday]} ${p.day} ${MONTHS[p.month - 1]} ${p.year}`;
}

export type TaskTag = { text: string; colour: string };

const TAGS: Record<string, TaskTag> = {
	overdue: { text: 'Overdue', colour: 'govuk-tag--red' },
	'due-soon': { text: 'Due soon', colour: 'govuk-tag--orange' },
	open: { text: 'To do', colour: 'govuk-tag--blue' },
	pending: { text: 'Escalates if not done', colour: 'govuk-tag--grey' },
	done: { text: 'Done', colour: 'govuk-tag--green' },
	cancelled: { text: 'No longer needed', colour: 'govuk-tag--grey' }
};

export interface TaskRow {
	id: string;
	title: string;
	team: string;
	/** "due by 14:05 on Thursday 5 March 2026", or how a waiting escalation fires. */
	due: string;
	dueAt: number;
	tag: TaskTag;
	formId: string;
	episodeId: string;
	childId: string;
}

/**
 * The status is worked out from the due time now, not only read from the record: the poller
 * updates stored statuses every so often, and a page must not say "to do" a minute past due.
 */
export function taskRow(task: RecordModel, now: number): TaskRow {
	const dueAt = epochOf(task.due_at) ?? 0;
	const hasDeadline = task.details?.dueAt !== null;
	let tag: TaskTag;
	let due: string;
	if (task.status === 'done' || task.status === 'cancelled') {
		tag = TAGS[task.status];
		const completed = epochOf(task.completed_at);
		due = completed ? `finished at ${londonTimeOnDay(completed)}` : `was due by ${londonTimeOnDay(dueAt)}`;
	} else if (task.status === 'pending') {
		tag = TAGS.pending;
		due = `escalates at ${londonTimeOnDay(dueAt)}`;
	} else {
		const startedAt = Number(task.details?.startedAt ?? epochOf(task.created) ?? dueAt);
		const status = dueStatus({ startedAt, dueAt: hasDeadline ? dueAt : null }, now);
		// The poller may already have marked it overdue (an escalation that fired).
		tag = task.status === 'overdue' ? TAGS.overdue : TAGS[status];
		due = hasDeadline ? `due by ${londonTimeOnDay(dueAt)}` : `open since ${londonTimeOnDay(dueAt)}`;
	}
	return {
		id: task.id,
		title: String(task.title),
		team: String(task.team ?? ''),
		due,
		dueAt,
		tag,
		formId: String(task.form_id ?? ''),
		episodeId: String(task.episode ?? ''),
		childId: String(task.child ?? '')
	};
}
