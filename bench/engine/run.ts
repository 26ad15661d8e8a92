/**
 * Engine benchmark: a seeded national-scale year of missing episodes, run through the pure
 * engine (facts, every clock's due time and escalation, RHI allocation, repeat-missing stages,
 * judgement triggers), then through a hand-written minimal loop computing the same outputs.
 * The two must agree exactly; the ratio says how close the engine is to the practical limit.
 *
 *   npm run bench:engine [-- --children 80000 --seed 20240401]
 */

import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { LogicEngine } from 'json-logic-engine';
import type { Clock, Facts, JsonLogic, ProtocolDocument } from '../../src/lib/protocol/types.js';
import { buildFacts, type ChildRecord } from '../../src/lib/protocol/facts.js';
import { clockTask, escalationState } from '../../src/lib/protocol/clocks.js';
import { allocateRhi, allocationFactsOf, AllocationError } from '../../src/lib/protocol/allocation.js';
import { reachesThreshold, windowCounts, opening } from '../../src/lib/protocol/repeat-missing.js';
import { judgementTriggers } from '../../src/lib/protocol/repeat-missing.js';
import { holds } from '../../src/lib/protocol/conditions.js';
import { londonDayNumber, londonInstant } from '../../src/lib/protocol/london-time.js';
import { ALLOCATION_FACTS } from '../../src/lib/protocol/library.js';
import { bankHolidayDayNumbers } from '../../src/lib/protocol/bank-holidays.js';

/* ---------- Arguments ---------- */

function arg(name: string, fallback: number): number {
	const i = process.argv.indexOf(`--${name}`);
	return i > 0 ? Number(process.argv[i + 1]) : fallback;
}
const CHILDREN = arg('children', 80_000);
const SEED = arg('seed', 20240401);
const AUTHORITIES = 153; // upper-tier councils in England

/* ---------- Protocols ---------- */

function loadProtocols(): ProtocolDocument[] {
	const out: ProtocolDocument[] = [];
	for (const id of readdirSync('protocols')) {
		const idDir = join('protocols', id);
		for (const version of existsSync(idDir) ? readdirSync(idDir) : []) {
			const file = join(idDir, version, 'protocol.json');
			if (existsSync(file)) out.push(JSON.parse(readFileSync(file, 'utf8')) as ProtocolDocument);
		}
	}
	if (!out.length) throw new Error('No protocol packages under protocols/: run from the repository root.');
	return out.sort((a, b) => a.metadata.id.localeCompare(b.metadata.id));
}

/* ---------- Seeded generator ---------- */

function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

interface Child extends ChildRecord {
	id: string;
	livesInAuthority: string;
}

interface Episode {
	id: string;
	child: number;
	missingSince: number;
	returnedAt: number;
	riskCategory: string;
	injured: boolean;
	victimOfCrime: boolean;
	exploitationLinked: boolean;
}

const HOUR = 3_600_000;
const YEAR_START = londonInstant(2024, 4, 1);
const YEAR_END = londonInstant(2025, 4, 1);

function generate(seed: number) {
	const rnd = mulberry32(seed);
	const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
	const codes = Array.from({ length: AUTHORITIES }, (_, i) => `authority-${String(i + 1).padStart(3, '0')}`);
	const children: Child[] = [];
	const episodes: Episode[] = [];
	for (let c = 0; c < CHILDREN; c++) {
		const responsible = pick(codes);
		const inCare = rnd() < 0.38;
		// About four in ten children in care are placed outside their council's area.
		const placedOut = inCare && rnd() < 0.42;
		const livesIn = placedOut ? pick(codes) : responsible;
		const age = 9 + Math.floor(rnd() * 9);
		const dob = new Date(Date.UTC(2024 - age, Math.floor(rnd() * 12), 1 + Math.floor(rnd() * 28))).toISOString().slice(0, 10);
		const risk = rnd();
		children.push({
			id: `c${c}`,
			dateOfBirth: dob,
			inCare,
			responsibleAuthority: responsible,
			livesInAuthority: livesIn,
			openToServices: inCare || rnd() < 0.45,
			onChildProtectionPlan: !inCare && rnd() < 0.12,
			exploitationRisk: risk < 0.7 ? 'none' : risk < 0.85 ? 'low' : risk < 0.95 ? 'medium' : 'high',
			learningDisability: rnd() < 0.08,
			mentalHealthConcern: rnd() < 0.15
		});
		// Repeats are heavy-tailed: most children go missing once, a few very often.
		const u = rnd();
		const count = u < 0.55 ? 1 : u < 0.75 ? 2 : u < 0.85 ? 3 + Math.floor(rnd() * 2) : u < 0.95 ? 5 + Math.floor(rnd() * 5) : 10 + Math.floor(rnd() * 16);
		let t = YEAR_START + rnd() * (YEAR_END - YEAR_START) * (count > 3 ? 0.5 : 0.9);
		for (let k = 0; k < count; k++) {
			// Evenings and nights are the commonest times to go missing.
			const hours = rnd() < 0.5 ? -Math.log(1 - rnd()) * 6 : Math.exp(1.6 + rnd() * 2.4 * rnd() * 1.6);
			const missingSince = Math.floor(t);
			const returnedAt = Math.floor(missingSince + Math.max(0.25, hours) * HOUR);
			const r = rnd();
			episodes.push({
				id: `e${episodes.length}`,
				child: c,
				missingSince,
				returnedAt,
				riskCategory: r < 0.12 ? 'high' : r < 0.75 ? 'medium' : 'low',
				injured: rnd() < 0.04,
				victimOfCrime: rnd() < 0.03,
				exploitationLinked: rnd() < 0.1
			});
			t = returnedAt + -Math.log(1 - rnd()) * 18 * 24 * HOUR;
			if (t > YEAR_END - HOUR) break;
		}
	}
	return { codes, children, episodes };
}

/* ---------- Outputs both loops compute ---------- */

class Totals {
	clocks = 0;
	dueSum = 0;
	escalationsFired = 0;
	allocations: Record<string, number> = {};
	unallocated = 0;
	stages: Record<string, number> = {};
	stageDueSum = 0;
	triggers = 0;
	key(): string {
		return JSON.stringify(this);
	}
}

/* ---------- The engine ---------- */

function runEngine(protocols: ProtocolDocument[], data: ReturnType<typeof generate>): Totals {
	const totals = new Totals();
	const { children, episodes, codes } = data;
	// Each authority runs one of the protocols; the host authority's protocol applies.
	const protocolOf = (code: string) => protocols[codes.indexOf(code) % protocols.length];
	const byChild: number[][] = children.map(() => []);
	for (let i = 0; i < episodes.length; i++) byChild[episodes[i].child].push(i);

	for (let c = 0; c < children.length; c++) {
		const list = byChild[c];
		if (!list.length) continue;
		const child = children[c];
		const protocol = protocolOf(child.livesInAuthority);
		const codesFor = { protocol: child.livesInAuthority, responsible: child.responsibleAuthority, host: child.livesInAuthority };
		const days = list.map((i) => londonDayNumber(episodes[i].missingSince));
		const stages = protocol.repeatMissing?.stages ?? [];
		const windows = stages.map((s) => windowCounts(days, s.window));
		const firstCounts = windows[0]?.counts;

		for (let k = 0; k < list.length; k++) {
			const e = episodes[list[k]];
			const facts = buildFacts({
				child,
				episode: e,
				protocolAuthority: child.livesInAuthority,
				at: e.returnedAt,
				episodesInWindow: firstCounts ? firstCounts[k] : 1,
				firstTimeMissing: k === 0
			});
			for (const clock of protocol.clocks) {
				const startedAt = clockStart(clock, e);
				if (startedAt === null || !holds(clock.when, facts)) continue;
				if (clock.kind === 'escalation') {
					const s = escalationState(clock, startedAt, [{ type: 'RETURNED', at: e.returnedAt }], YEAR_END);
					if (s.status === 'fires') totals.escalationsFired++;
					totals.dueSum += s.dueAt - startedAt;
				} else {
					totals.dueSum += clockTask(clock, startedAt).dueAt - startedAt;
				}
				totals.clocks++;
			}
			try {
				const a = allocateRhi(protocol.rhi, allocationFactsOf(facts), codesFor);
				totals.allocations[a.ruleId] = (totals.allocations[a.ruleId] ?? 0) + 1;
			} catch (err) {
				if (!(err instanceof AllocationError)) throw err;
				totals.unallocated++;
			}
			for (let s = 0; s < stages.length; s++) {
				const w = windows[s];
				if (!reachesThreshold(w.counts, w.starts, k, stages[s])) continue;
				const o = opening(stages[s], { id: e.id, childId: child.id, at: e.missingSince }, w.counts[k], episodes[list[w.starts[k]]].missingSince);
				totals.stages[o.stageId] = (totals.stages[o.stageId] ?? 0) + 1;
				if (o.meetingDueAt !== null) totals.stageDueSum += o.meetingDueAt - e.missingSince;
			}
			totals.triggers += judgementTriggers(protocol.repeatMissing, facts).length;
		}
	}
	return totals;
}

/** The instant a clock starts for an episode, from the events it starts on. */
function clockStart(clock: Clock, e: Episode): number | null {
	for (const s of clock.startsOn) {
		if (s === 'REPORT') return e.missingSince;
		if (s === 'FOUND' || s === 'RETURNED') return e.returnedAt;
	}
	return null;
}

/* ---------- The minimal loop: the same outputs, hand-written ---------- */

function runMinimal(protocols: ProtocolDocument[], data: ReturnType<typeof generate>): Totals {
	const totals = new Totals();
	const { children, episodes, codes } = data;
	const DAY = 86_400_000;
	// London offset by rule: BST from 01:00 UTC on the last Sunday of March to the last Sunday of October.
	const lastSunday = (y: number, m: number) => {
		const d = Date.UTC(y, m + 1, 0);
		return d - ((new Date(d).getUTCDay() * DAY));
	};
	const bst: Array<[number, number]> = [];
	for (let y = 2023; y <= 2027; y++) bst[y] = [lastSunday(y, 2) + HOUR, lastSunday(y, 9) + HOUR];
	const off = (t: number) => {
		const y = 1970 + Math.floor(t / (365.2425 * DAY));
		const yy = t < Date.UTC(y, 0, 1) ? y - 1 : t >= Date.UTC(y + 1, 0, 1) ? y + 1 : y;
		return t >= bst[yy][0] && t < bst[yy][1] ? HOUR : 0;
	};
	const fromWall = (w: number) => (off(w - HOUR) === HOUR ? w - HOUR : w);
	const day = (t: number) => Math.floor((t + off(t)) / DAY);
	// Working days from the same bank holiday data, as a flat table.
	const { isWorkingDay } = workingDayTable();
	const addWorking = (t: number, n: number) => {
		let d = day(t);
		while (n > 0) if (isWorkingDay(++d)) n--;
		return fromWall((d + 1) * DAY) - 1;
	};
	const due = (t: number, u: string, n: number) => (u === 'hours' ? t + n * HOUR : u === 'days' ? fromWall(t + off(t) + n * DAY) : addWorking(t, n));

	const engine = new LogicEngine();
	const compile = (rule: JsonLogic | undefined) => (rule === undefined || rule === true ? null : rule === false ? () => false : (engine.build(rule) as (d: unknown) => unknown));
	const plans = protocols.map((p) => ({
		clocks: p.clocks.map((c) => ({ c, when: compile(c.when), start: c.startsOn.includes('REPORT') ? 0 : c.startsOn.some((s) => s === 'FOUND' || s === 'RETURNED') ? 1 : -1, stopsOnReturn: c.stopsOn.includes('RETURNED') })),
		rows: p.rhi.allocation.map((r) => {
			let mask = 0;
			let value = 0;
			ALLOCATION_FACTS.forEach((f, b) => {
				if (r.when[f] === undefined) return;
				mask |= 1 << b;
				if (r.when[f]) value |= 1 << b;
			});
			return { id: r.id, mask, value };
		}),
		stages: p.repeatMissing?.stages ?? [],
		triggers: (p.repeatMissing?.judgementTriggers ?? []).map((t) => compile(t.when))
	}));
	const planIndex = new Map(codes.map((code, i) => [code, i % protocols.length]));
	const byChild: number[][] = children.map(() => []);
	for (let i = 0; i < episodes.length; i++) byChild[episodes[i].child].push(i);

	for (let c = 0; c < children.length; c++) {
		const list = byChild[c];
		if (!list.length) continue;
		const ch = children[c];
		const plan = plans[planIndex.get(ch.livesInAuthority)!];
		const n = list.length;
		const days = new Int32Array(n);
		for (let k = 0; k < n; k++) days[k] = day(episodes[list[k]].missingSince);
		const [by, bm, bd] = ch.dateOfBirth.split('-').map(Number);
		const ownChild = ch.responsibleAuthority === ch.livesInAuthority;
		const placedOut = ch.inCare && ch.livesInAuthority !== ch.responsibleAuthority;
		const bits = 1 | (ownChild ? 2 : 0) | (ch.inCare ? 4 : 0) | (placedOut ? 8 : 0) | (ch.openToServices ? 16 : 0) | (ch.onChildProtectionPlan ? 32 : 0);
		let row = -1;
		for (let r = 0; r < plan.rows.length; r++) if ((bits & plan.rows[r].mask) === plan.rows[r].value) { row = r; break; }
		const stageLo = plan.stages.map(() => 0);
		const stagePrev = plan.stages.map(() => 0);
		for (let k = 0; k < n; k++) {
			const e = episodes[list[k]];
			let firstCount = 1;
			for (let s = 0; s < plan.stages.length; s++) {
				const st = plan.stages[s];
				if (st.window.kind === 'rolling') while (days[stageLo[s]] < days[k] - st.window.days + 1) stageLo[s]++;
				else if (days[k] > days[stageLo[s]] + st.window.days - 1) stageLo[s] = k;
				const count = k - stageLo[s] + 1;
				const newRun = st.window.kind === 'from-first' && stageLo[s] === k && k > 0;
				if (count >= st.threshold && (k === 0 || newRun || stagePrev[s] < st.threshold)) {
					totals.stages[st.id] = (totals.stages[st.id] ?? 0) + 1;
					if (st.meeting.within) totals.stageDueSum += due(e.missingSince, st.meeting.within.unit, st.meeting.within.amount) - e.missingSince;
				}
				stagePrev[s] = count;
				if (s === 0) firstCount = count;
			}
			const wall = new Date(e.returnedAt + off(e.returnedAt));
			const m = wall.getUTCMonth() + 1;
			const age = wall.getUTCFullYear() - by - (m < bm || (m === bm && wall.getUTCDate() < bd) ? 1 : 0);
			const facts: Facts = {
				child: { ageYears: age, inCare: ch.inCare, ownChild, livesInArea: true, placedOutOfArea: placedOut, openToServices: !!ch.openToServices, onChildProtectionPlan: !!ch.onChildProtectionPlan, exploitationRisk: ch.exploitationRisk ?? 'none', learningDisability: !!ch.learningDisability, mentalHealthConcern: !!ch.mentalHealthConcern, episodesInWindow: firstCount, firstTimeMissing: k === 0 },
				episode: { riskCategory: e.riskCategory, hoursMissing: (e.returnedAt - e.missingSince) / HOUR, stillMissing: false, injured: e.injured, victimOfCrime: e.victimOfCrime, exploitationLinked: e.exploitationLinked, reasonableActionsTaken: false, reviewTimeHours: null, agreedActionsCompleted: false }
			};
			for (const pc of plan.clocks) {
				if (pc.start < 0 || (pc.when && !pc.when(facts))) continue;
				const t = pc.start === 0 ? e.missingSince : e.returnedAt;
				const d = due(t, pc.c.duration.unit, pc.c.duration.amount);
				if (pc.c.kind === 'escalation' && !(pc.stopsOnReturn && e.returnedAt >= t && e.returnedAt <= d) && YEAR_END >= d) totals.escalationsFired++;
				totals.dueSum += d - t;
				totals.clocks++;
			}
			if (row < 0) totals.unallocated++;
			else totals.allocations[plan.rows[row].id] = (totals.allocations[plan.rows[row].id] ?? 0) + 1;
			for (const tr of plan.triggers) if (!tr || tr(facts)) totals.triggers++;
		}
	}
	return totals;
}

function workingDayTable() {
	const holidays = bankHolidayDayNumbers();
	return {
		isWorkingDay: (d: number) => {
			const w = (d + 4) % 7;
			return w !== 0 && w !== 6 && !holidays.has(d);
		}
	};
}

/* ---------- Run ---------- */

function time<T>(fn: () => T): [T, number] {
	const start = process.hrtime.bigint();
	const out = fn();
	return [out, Number(process.hrtime.bigint() - start) / 1e9];
}

const protocols = loadProtocols();
const [data, genSeconds] = time(() => generate(SEED));
const repeatChildren = new Set(data.episodes.map((e) => e.child)).size;
console.log(`generated ${data.episodes.length} episodes for ${data.children.length} children (${repeatChildren} went missing) in ${genSeconds.toFixed(2)} s, seed ${SEED}`);
console.log(`protocols: ${protocols.map((p) => `${p.metadata.id} ${p.metadata.version}`).join(', ')} across ${AUTHORITIES} authorities`);

// Warm both once on a slice so neither pays for the first compilation alone.
runEngine(protocols, { ...data, episodes: data.episodes.slice(0, 2000) });
runMinimal(protocols, { ...data, episodes: data.episodes.slice(0, 2000) });

const [engineTotals, engineSeconds] = time(() => runEngine(protocols, data));
const [minimalTotals, minimalSeconds] = time(() => runMinimal(protocols, data));

const n = data.episodes.length;
console.log(`engine:  ${(n / engineSeconds).toFixed(0)} episodes/s (${engineSeconds.toFixed(3)} s)`);
console.log(`minimal: ${(n / minimalSeconds).toFixed(0)} episodes/s (${minimalSeconds.toFixed(3)} s)`);
console.log(`outputs: ${engineTotals.clocks} clocks, ${engineTotals.escalationsFired} escalations fired, stages ${JSON.stringify(engineTotals.stages)}, ${engineTotals.triggers} judgement triggers, ${engineTotals.unallocated} unallocated`);
if (engineTotals.key() !== minimalTotals.key()) {
	console.error('The engine and the minimal loop disagree:');
	console.error(` engine  ${engineTotals.key()}`);
	console.error(` minimal ${minimalTotals.key()}`);
	process.exitCode = 1;
}
console.log(`engine: ${n} episodes in ${engineSeconds.toFixed(2)} s, ratio ${(engineSeconds / minimalSeconds).toFixed(2)} to the minimal loop`);
