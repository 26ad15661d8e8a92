/**
 * Who does the return home interview (RHI): the first row of the protocol's allocation table
 * whose facts all match. Also the RHI outcome rules (timescale, declines, missing again) and
 * the follow-up contact attempts after a decline.
 */

import type { AllocationRule, Facts, RhiArrangements } from './types.js';
import { ALLOCATION_FACTS, type AllocationFactName, type RecipientId } from './library.js';
import { addDuration, addWorkingDays } from './calendar.js';
import type { TaskDescriptor } from './clocks.js';

export type AllocationFacts = Record<AllocationFactName, boolean>;

export function allocationFactsOf(facts: Facts): AllocationFacts {
	const c = facts.child;
	return {
		livesInArea: c.livesInArea,
		ownChild: c.ownChild,
		inCare: c.inCare,
		placedOutOfArea: c.placedOutOfArea,
		openToServices: c.openToServices,
		onChildProtectionPlan: c.onChildProtectionPlan
	};
}

export interface AuthorityCodes {
	/** The authority whose protocol runs. */
	protocol: string;
	/** The authority responsible for the child. */
	responsible: string;
	/** The authority the child lives or is placed in. */
	host: string;
}

export interface RhiAllocation {
	ruleId: string;
	team: string;
	authorityRole: AllocationRule['authority'];
	/** Code of the authority that does the RHI. */
	authority: string;
	notify: RecipientId[];
}

export class AllocationError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'AllocationError';
	}
}

/** Rows compiled to bit masks: a row matches when (facts & mask) === value. */
interface CompiledTable {
	rows: AllocationRule[];
	masks: Int32Array;
	values: Int32Array;
}

const tableCache = new WeakMap<AllocationRule[], CompiledTable>();

function compileTable(rows: AllocationRule[]): CompiledTable {
	let t = tableCache.get(rows);
	if (t) return t;
	const masks = new Int32Array(rows.length);
	const values = new Int32Array(rows.length);
	rows.forEach((row, i) => {
		ALLOCATION_FACTS.forEach((name, bit) => {
			const want = row.when[name];
			if (want === undefined) return;
			masks[i] |= 1 << bit;
			if (want) values[i] |= 1 << bit;
		});
	});
	t = { rows, masks, values };
	tableCache.set(rows, t);
	return t;
}

/** Allocation facts packed into bits in ALLOCATION_FACTS order, for the hot path. */
export function packAllocationFacts(f: AllocationFacts): number {
	let bits = 0;
	for (let i = 0; i < ALLOCATION_FACTS.length; i++) if (f[ALLOCATION_FACTS[i]]) bits |= 1 << i;
	return bits;
}

/** Index of the first matching row for packed facts, or -1. */
export function matchAllocationRow(rows: AllocationRule[], packed: number): number {
	const t = compileTable(rows);
	for (let i = 0; i < t.masks.length; i++) if ((packed & t.masks[i]) === t.values[i]) return i;
	return -1;
}

function describeFacts(f: AllocationFacts): string {
	return ALLOCATION_FACTS.map((n) => `${n}: ${f[n] ? 'yes' : 'no'}`).join(', ');
}

export function resolveAuthority(role: AllocationRule['authority'], codes: AuthorityCodes): string {
	return role === 'responsible' ? codes.responsible : role === 'host' ? codes.host : codes.protocol;
}

export function allocateRhi(rhi: RhiArrangements, facts: AllocationFacts, codes: AuthorityCodes): RhiAllocation {
	const i = matchAllocationRow(rhi.allocation, packAllocationFacts(facts));
	if (i < 0) {
		throw new AllocationError(
			`No row of the RHI allocation table (rhi.allocation) matches this child (${describeFacts(facts)}). ` +
				`Add a row that covers these facts, or a last row with an empty "when" as the default.`
		);
	}
	const row = rhi.allocation[i];
	return { ruleId: row.id, team: row.team, authorityRole: row.authority, authority: resolveAuthority(row.authority, codes), notify: row.notify };
}

/* ---------- RHI outcomes ---------- */

export type RhiOutcome = 'completed' | 'declined-child' | 'declined-parent' | 'not-held' | 'missing-again';

/** How an RHI counts in the figures. */
export type RhiResult = 'completed-in-timescale' | 'completed-outside-timescale' | 'declined' | 'not-held';

export interface RhiOutcomeInput {
	outcome: RhiOutcome;
	/** When the child was found or returned, epoch ms. */
	returnedAt: number;
	/** When the interview was completed, epoch ms (needed for 'completed'). */
	completedAt?: number;
}

export function rhiResult(rhi: RhiArrangements, input: RhiOutcomeInput): RhiResult {
	switch (input.outcome) {
		case 'completed': {
			if (input.completedAt === undefined) throw new Error('A completed return home interview needs the time it was completed.');
			return input.completedAt <= addDuration(input.returnedAt, rhi.within) ? 'completed-in-timescale' : 'completed-outside-timescale';
		}
		case 'declined-child':
		case 'declined-parent':
			return 'declined';
		case 'missing-again':
			return rhi.missingAgainCountsAsDeclined?.value ? 'declined' : 'not-held';
		case 'not-held':
			return 'not-held';
		default:
			throw new Error(`Unknown RHI outcome '${(input as RhiOutcomeInput).outcome}': use completed, declined-child, declined-parent, not-held or missing-again.`);
	}
}

/**
 * Follow-up contact attempts after a decline, one task per attempt; attempt k is due at the
 * end of the k-th working day after the decline so the attempts are spread over the week.
 */
export function declineFollowUpTasks(rhi: RhiArrangements, declinedAt: number, actor: string): TaskDescriptor[] {
	const f = rhi.declineFollowUps;
	if (!f || f.attempts <= 0) return [];
	const channels = f.channels.length ? ` by ${f.channels.join(' or ')}` : '';
	const tasks: TaskDescriptor[] = [];
	for (let k = 1; k <= f.attempts; k++) {
		tasks.push({
			clockId: `rhi-follow-up-${k}`,
			title: `Follow-up contact ${k} of ${f.attempts} after the return home interview was declined${channels}`,
			startedAt: declinedAt,
			dueAt: addWorkingDays(declinedAt, k),
			actor,
			kind: 'rhi-follow-up'
		});
	}
	return tasks;
}
