/**
 * Clocks as data: a clock definition plus the instant it started gives an absolute due time
 * and a task. Nothing here waits; a poller compares due times with the current instant.
 */

import type { Clock, ProtocolDocument } from './types.js';
import type { RecipientId } from './library.js';
import { addDuration } from './calendar.js';
import { HOUR_MS } from './london-time.js';

export type TaskKind = 'deadline' | 'escalation' | 'stage-meeting' | 'judgement-decision' | 'rhi-follow-up';

export interface TaskDescriptor {
	/** The clock (or stage / follow-up) that made the task; with the episode it is the task's identity. */
	clockId: string;
	title: string;
	form?: string;
	/** When the clock started, epoch ms. */
	startedAt: number;
	/** When the task is due, epoch ms (absolute, already in Europe/London rules); null when the protocol sets no deadline. */
	dueAt: number | null;
	actor: string;
	kind: TaskKind;
	notify?: RecipientId[];
}

export type DueStatus = 'open' | 'due-soon' | 'overdue';

/** Absolute due time of a clock started at `startedAt`. */
export function clockDueAt(clock: Clock, startedAt: number): number {
	return addDuration(startedAt, clock.duration);
}

export function clockTask(clock: Clock, startedAt: number): TaskDescriptor & { dueAt: number } {
	const task: TaskDescriptor & { dueAt: number } = {
		clockId: clock.id,
		title: clock.task.title,
		startedAt,
		dueAt: clockDueAt(clock, startedAt),
		actor: clock.actor,
		kind: clock.kind
	};
	if (clock.task.form) task.form = clock.task.form;
	if (clock.notify?.length) task.notify = clock.notify;
	return task;
}

/**
 * A task is due soon in the last quarter of its time, capped at 24 hours, so a 72-hour RHI is
 * flagged 18 hours ahead and a 10-working-day meeting a day ahead. Past its due time it is overdue.
 */
export function dueStatus(task: Pick<TaskDescriptor, 'startedAt' | 'dueAt'>, now: number): DueStatus {
	if (task.dueAt === null) return 'open';
	if (now > task.dueAt) return 'overdue';
	const warnFor = Math.min(24 * HOUR_MS, Math.max(0, task.dueAt - task.startedAt) / 4);
	return task.dueAt - now <= warnFor ? 'due-soon' : 'open';
}

export interface LifecycleEventRecord {
	type: string;
	/** When the event was accepted, epoch ms. */
	at: number;
}

export type EscalationState =
	| { status: 'pending'; dueAt: number }
	| { status: 'stopped'; dueAt: number; by: string; at: number }
	| { status: 'fires'; dueAt: number; task: TaskDescriptor; notify: RecipientId[] };

/**
 * Whether an escalation clock fires: it does once its due time has passed with none of its
 * `stopsOn` events accepted between the start and the due time.
 */
export function escalationState(clock: Clock, startedAt: number, events: LifecycleEventRecord[], now: number): EscalationState {
	const dueAt = clockDueAt(clock, startedAt);
	for (const e of events) {
		if (e.at >= startedAt && e.at <= dueAt && clock.stopsOn.includes(e.type)) {
			return { status: 'stopped', dueAt, by: e.type, at: e.at };
		}
	}
	if (now < dueAt) return { status: 'pending', dueAt };
	return { status: 'fires', dueAt, task: { ...clockTask(clock, startedAt), kind: 'escalation' }, notify: clock.notify ?? [] };
}

/** A protocol's clocks indexed for the engine, built once per protocol version. */
export interface ClockIndex {
	byId: Map<string, Clock>;
	/** Event type → clocks that start on it. */
	startsOn: Map<string, Clock[]>;
	/** Event type → clocks that stop on it. */
	stopsOn: Map<string, Clock[]>;
}

const indexCache = new WeakMap<ProtocolDocument, ClockIndex>();

export function clockIndex(protocol: ProtocolDocument): ClockIndex {
	const cached = indexCache.get(protocol);
	if (cached) return cached;
	const index: ClockIndex = { byId: new Map(), startsOn: new Map(), stopsOn: new Map() };
	const push = (m: Map<string, Clock[]>, k: string, c: Clock) => {
		const list = m.get(k);
		if (list) list.push(c);
		else m.set(k, [c]);
	};
	for (const clock of protocol.clocks) {
		index.byId.set(clock.id, clock);
		for (const e of clock.startsOn) push(index.startsOn, e, clock);
		for (const e of clock.stopsOn) push(index.stopsOn, e, clock);
	}
	indexCache.set(protocol, index);
	return index;
}

/** What the completion rule needs of a stored task. */
export interface OpenTask {
	kind: TaskKind;
	form: string;
	/** The episode the task belongs to, if any. */
	episode: string;
}

/**
 * Whether recording `form` on `episode` does the task. Clock tasks end when their clock stops
 * (its `stopsOn` events); the others are done by their work: a stage meeting by its record,
 * whichever of the child's episodes it is recorded on; follow-up contacts by the form that
 * records them; a professional-judgement decision by its rationale, or by holding a stage
 * meeting instead.
 */
export function completesTask(protocol: Pick<ProtocolDocument, 'repeatMissing'>, task: OpenTask, form: string, episode: string): boolean {
	switch (task.kind) {
		case 'stage-meeting':
			return task.form === form;
		case 'rhi-follow-up':
			return task.episode === episode && task.form === form;
		case 'judgement-decision':
			return task.episode === episode && (task.form === form || (protocol.repeatMissing?.stages ?? []).some((s) => s.meeting.form === form));
		default:
			return false;
	}
}

/** Whether the task stops mattering when its episode closes: follow-up contacts (the child may have had the interview after all). */
export function endsWithEpisode(task: OpenTask, episode: string): boolean {
	return task.kind === 'rhi-follow-up' && task.episode === episode;
}
