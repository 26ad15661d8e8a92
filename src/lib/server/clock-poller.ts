/**
 * Clocks are data, so nothing sleeps until a deadline: this poller compares stored due times
 * with the current instant. It marks tasks due soon and overdue, and fires escalations whose
 * time has come (the task becomes visible, the protocol's recipients are told, and an
 * ESCALATED event is appended to the episode's log in the same batch as the episode's seq).
 */
import type PocketBase from 'pocketbase';
import type { RecordModel } from 'pocketbase';
import { dueStatus } from '../protocol/clocks.js';
import { epochOf, pbDate as iso } from './episode-records.js';
import { createBatch, isUniqueViolation } from './pocketbase-batch.js';

export interface PollResult {
	dueSoon: number;
	overdue: number;
	escalated: number;
	/** Escalations left for the next poll because the episode changed meanwhile. */
	deferred: number;
}

function startedAt(task: RecordModel): number {
	return Number(task.details?.startedAt ?? epochOf(task.created) ?? 0);
}

export async function pollClocks(service: PocketBase, now: number): Promise<PollResult> {
	const result: PollResult = { dueSoon: 0, overdue: 0, escalated: 0, deferred: 0 };

	// Visible tasks whose status may have moved on. Tasks due more than a day ahead cannot be
	// "due soon" yet (the warning window is at most 24 hours), so they are not read.
	const horizon = iso(now + 24 * 3600_000);
	const active = await service.collection('tasks').getFullList({
		filter: service.filter("(status = 'open' || status = 'due') && due_at <= {:horizon}", { horizon }),
		batch: 500
	});
	for (const task of active) {
		const dueAt = epochOf(task.due_at);
		const status = dueStatus({ startedAt: startedAt(task), dueAt: task.details?.dueAt === null ? null : dueAt }, now);
		const next = status === 'overdue' ? 'overdue' : status === 'due-soon' ? 'due' : task.status;
		if (next !== task.status) {
			await service.collection('tasks').update(task.id, { status: next });
			if (next === 'overdue') result.overdue++;
			else result.dueSoon++;
		}
	}

	const firing = await service.collection('tasks').getFullList({
		filter: service.filter("status = 'pending' && due_at <= {:now}", { now: iso(now) }),
		expand: 'episode,child'
	});
	for (const task of firing) {
		const fired = await fireEscalation(service, task, now);
		if (fired) result.escalated++;
		else result.deferred++;
	}
	return result;
}

async function fireEscalation(service: PocketBase, task: RecordModel, now: number): Promise<boolean> {
	const episode = task.expand?.episode as RecordModel | undefined;
	const child = task.expand?.child as RecordModel | undefined;
	const batch = createBatch(service);
	batch.collection('tasks').update(task.id, { status: 'overdue' });
	for (const recipient of (task.details?.notify ?? []) as string[]) {
		batch.collection('notifications').create({
			authority: recipient === 'host-authority' && child?.host_authority ? child.host_authority : task.authority,
			child: task.child,
			episode: task.episode,
			recipient,
			key: `${task.key}:escalated:${recipient}`,
			title: `Escalation: ${task.title}${child ? ` (${child.given_name} ${child.family_name})` : ''}`,
			body: `The clock '${task.details?.clockId}' ran out without the step that stops it.`
		});
	}
	if (episode) {
		const seq = Number(episode.seq) + 1;
		batch.collection('episodes').update(episode.id, { seq });
		batch.collection('events').create({
			child: task.child,
			episode: episode.id,
			stream: episode.id,
			seq,
			type: 'ESCALATED',
			at: iso(now),
			payload: { clock: task.details?.clockId, task: task.id, title: task.title }
		});
	}
	try {
		await batch.send();
		return true;
	} catch (err) {
		// A practitioner's step took the sequence number first; try again on the next poll.
		if (isUniqueViolation(err)) return false;
		throw err;
	}
}

let timer: ReturnType<typeof setInterval> | null = null;

/** Polls every `intervalMs` in the app process; errors are logged, never fatal. */
export function startClockPoller(client: () => Promise<PocketBase>, intervalMs: number): void {
	if (timer) return;
	let running = false;
	const tick = async () => {
		if (running) return;
		running = true;
		try {
			await pollClocks(await client(), Date.now());
		} catch (err) {
			console.error(`Clock poller: ${err instanceof Error ? err.message : String(err)}`);
		} finally {
			running = false;
		}
	};
	timer = setInterval(tick, intervalMs);
	timer.unref?.();
	void tick();
}
