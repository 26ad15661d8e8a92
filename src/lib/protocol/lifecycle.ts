/**
 * Lifecycles: a protocol's LifecycleConfig becomes an XState v5 machine built with `setup()`
 * and the fixed library of named guards and actions. The server decides with the pure
 * `initialTransition`/`transition`; actions never do anything, they are read back as effect
 * descriptors (clocks to start or stop, notifications, risk recorded, RHI allocation…) that the
 * caller writes in one batch. Clocks are never XState `after` timers: they are data (clocks.ts).
 */

import { initialTransition, setup, transition, type AnyMachineSnapshot } from 'xstate';
import type { Facts, FormSchema, LifecycleConfig, NamedRef, ProtocolPackage, StateConfig, TransitionConfig } from './types.js';
import { ACTIONS, GUARDS, type ActionName, type GuardName } from './library.js';
import { clockIndex, clockTask, type TaskDescriptor } from './clocks.js';
import { holds } from './conditions.js';
import { addDuration } from './calendar.js';
import { allocateRhi, allocationFactsOf, declineFollowUpTasks, rhiResult, type AuthorityCodes, type RhiAllocation, type RhiOutcome, type RhiResult } from './allocation.js';
import { judgementTriggers } from './repeat-missing.js';
import { factsLearned, gradingRefusal, withLearnedFacts, type LearnedFacts } from './risk-rules.js';

/** The event that creates an episode; it enters the lifecycle's initial state. */
export const CREATING_EVENT = 'REPORT';

/* ---------- Inputs and outputs ---------- */

export interface Submission {
	/** Form id. */
	form: string;
	/** Whether the answers passed the form's schema (validated by the caller). */
	valid: boolean;
	data: Record<string, unknown>;
	/** What is wrong, in words, when not valid. */
	errors?: string[];
}

export interface DecideContext {
	facts: Facts;
	/** The instant the event is recorded. */
	now: number | Date;
	/** Form submissions that come with the event, by form id. */
	submissions?: Record<string, Submission>;
	/** Authority codes for RHI allocation; without them the allocation effect names roles only. */
	authorities?: AuthorityCodes;
}

export interface LifecycleEvent {
	type: string;
	[key: string]: unknown;
}

export interface RunningClock {
	startedAt: number;
	dueAt: number;
}

/** What the lifecycle remembers about an episode between events. */
export interface EpisodeContext {
	riskCategory: string | null;
	clocks: Record<string, RunningClock>;
	returnedAt: number | null;
	rhiOutcome: string | null;
	/** The team allocated the RHI, once known. */
	rhiTeam: string | null;
	/** Episode facts the episode's forms have set (protocol `episodeFacts`); absent in older snapshots. */
	facts?: LearnedFacts;
}

/** A stored episode state: plain JSON, pinned to the lifecycle and protocol version. */
export interface EpisodeSnapshot {
	lifecycleId: string;
	protocolId: string;
	protocolVersion: string;
	/** XState's persisted snapshot (status, value, context…). */
	machine: { status: string; value: unknown; context: EpisodeContext; [key: string]: unknown };
}

export type Effect =
	| { kind: 'start-clock'; clockId: string; clockKind: 'deadline' | 'escalation'; startedAt: number; dueAt: number; task: TaskDescriptor }
	| { kind: 'stop-clock'; clockId: string; at: number }
	| { kind: 'notify'; notificationId: string; recipient: string; dueBy: number }
	| { kind: 'risk-recorded'; category: string }
	| { kind: 'return-recorded'; at: number }
	| { kind: 'rhi-allocated'; allocation: RhiAllocation | null; error?: string }
	| { kind: 'evaluate-repeat-missing'; judgementTriggers: string[] }
	| { kind: 'rhi-outcome'; outcome: string; result: RhiResult | null }
	| { kind: 'tasks'; tasks: TaskDescriptor[] };

export type Decision =
	| { ok: true; snapshot: EpisodeSnapshot; state: string; effects: Effect[] }
	| { ok: false; reason: string };

/* ---------- Compilation ---------- */

export class LifecycleConfigError extends Error {
	constructor(readonly problems: string[]) {
		super(`The lifecycle cannot be used:\n- ${problems.join('\n- ')}`);
		this.name = 'LifecycleConfigError';
	}
}

interface Env {
	facts: Facts;
	now: number;
	submissions: Record<string, Submission>;
}

type EngineEvent = { type: string; $env: Env };

function candidates(on: StateConfig['on'], type: string): TransitionConfig[] {
	const t = on?.[type];
	return t === undefined ? [] : Array.isArray(t) ? t : [t];
}

/** The category an event brings (from its form answers) or else the one already recorded. */
function effectiveRisk(env: Env, context: EpisodeContext, from: string): string | null {
	for (const s of Object.values(env.submissions)) {
		const v = s.data?.[from];
		if (typeof v === 'string') return v;
	}
	return context.riskCategory;
}

function guardHolds(name: string, params: Record<string, unknown> | undefined, context: EpisodeContext, env: Env): boolean {
	const p = params ?? {};
	switch (name as GuardName) {
		case 'formSubmitted':
			return env.submissions[String(p.form)]?.valid === true;
		case 'riskIs':
			return (p.categories as string[]).includes(effectiveRisk(env, context, String(p.from ?? 'riskCategory')) ?? '');
		case 'factsMatch':
			return holds(p.rule as never, env.facts, 'a lifecycle factsMatch guard');
		case 'clockRunning':
			return String(p.clock) in context.clocks;
		default:
			return false;
	}
}

interface Compiled {
	// The machine type is wide on purpose: it is built from data at runtime.
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	machine: any;
	lifecycle: LifecycleConfig;
}

const compiledCache = new WeakMap<ProtocolPackage, Compiled>();

/** Problems that would otherwise only show when a practitioner first reaches a transition. */
export function lifecycleProblems(pkg: ProtocolPackage): string[] {
	const problems: string[] = [];
	const lc = pkg.lifecycle;
	const clocks = new Set((pkg.protocol?.clocks ?? []).map((c) => c.id));
	const notifications = new Set((pkg.protocol?.notifications ?? []).map((n) => n.id));
	if (!lc.states[lc.initial]) problems.push(`/initial: state '${lc.initial}' does not exist.`);
	const checkAction = (a: NamedRef<ActionName>, where: string) => {
		if (!(ACTIONS as readonly string[]).includes(a.type)) problems.push(`${where}: unknown action '${a.type}'; use one of ${ACTIONS.join(', ')}.`);
		const clock = a.params?.clock;
		if ((a.type === 'startClock' || a.type === 'stopClock') && !clocks.has(String(clock))) problems.push(`${where}: clock '${clock}' is not defined in the protocol's clocks.`);
		const n = a.params?.notification;
		if (a.type === 'notify' && !notifications.has(String(n))) problems.push(`${where}: notification '${n}' is not defined in the protocol's notifications.`);
	};
	for (const [stateId, state] of Object.entries(lc.states)) {
		const base = `/states/${stateId}`;
		(state.entry ?? []).forEach((a, i) => checkAction(a, `${base}/entry/${i}`));
		(state.exit ?? []).forEach((a, i) => checkAction(a, `${base}/exit/${i}`));
		for (const type of Object.keys(state.on ?? {})) {
			candidates(state.on, type).forEach((t, i) => {
				const where = `${base}/on/${type}/${i}`;
				if (t.target !== undefined && !lc.states[t.target]) problems.push(`${where}: target state '${t.target}' does not exist.`);
				if (t.guard && !(GUARDS as readonly string[]).includes(t.guard.type)) problems.push(`${where}: unknown guard '${t.guard.type}'; use one of ${GUARDS.join(', ')}.`);
				(t.actions ?? []).forEach((a, j) => checkAction(a, `${where}/actions/${j}`));
			});
		}
	}
	return problems;
}

function noop(): void {}

export function compileLifecycle(pkg: ProtocolPackage): Compiled {
	const cached = compiledCache.get(pkg);
	if (cached) return cached;
	const problems = lifecycleProblems(pkg);
	if (problems.length) throw new LifecycleConfigError(problems);
	const lc = pkg.lifecycle;

	const toTransition = (t: TransitionConfig) => {
		const out: Record<string, unknown> = {};
		if (t.target !== undefined) out.target = t.target;
		if (t.actions) out.actions = t.actions.map((a) => ({ type: a.type, params: a.params ?? {} }));
		if (t.guard || t.meta?.form) out.guard = { type: '$requires', params: { form: t.meta?.form, guard: t.guard } };
		if (t.meta) out.meta = t.meta;
		if (t.description) out.description = t.description;
		return out;
	};
	const states: Record<string, unknown> = {};
	for (const [id, s] of Object.entries(lc.states)) {
		const on: Record<string, unknown> = {};
		for (const type of Object.keys(s.on ?? {})) on[type] = candidates(s.on, type).map(toTransition);
		const state: Record<string, unknown> = { on };
		if (s.type) state.type = s.type;
		if (s.entry) state.entry = s.entry.map((a) => ({ type: a.type, params: a.params ?? {} }));
		if (s.exit) state.exit = s.exit.map((a) => ({ type: a.type, params: a.params ?? {} }));
		if (s.tags) state.tags = s.tags;
		if (s.meta) state.meta = s.meta;
		if (s.description) state.description = s.description;
		states[id] = state;
	}
	const actions = Object.fromEntries(ACTIONS.map((a) => [a, noop]));
	const machine = setup({
		types: {} as { context: EpisodeContext; events: EngineEvent },
		guards: {
			$requires: ({ context, event }, params: { form?: string; guard?: NamedRef<GuardName> }) =>
				requirementsHold({ meta: params.form ? { form: params.form } : undefined, guard: params.guard }, context, (event as EngineEvent).$env)
		},
		actions
	}).createMachine({
		id: lc.id,
		initial: lc.initial,
		context: { riskCategory: null, clocks: {}, returnedAt: null, rhiOutcome: null, rhiTeam: null, facts: {} },
		states: states as never
	});
	const compiled = { machine, lifecycle: lc };
	compiledCache.set(pkg, compiled);
	return compiled;
}

/* ---------- Words ---------- */

function stateLabel(lc: LifecycleConfig, value: string): string {
	return lc.states[value]?.meta?.label ?? value;
}

/** The label of an event type: its transition's meta.label wherever it appears, else the type. */
function eventLabel(lc: LifecycleConfig, type: string, state?: string): string {
	const own = state ? candidates(lc.states[state]?.on, type).find((t) => t.meta?.label) : undefined;
	if (own?.meta?.label) return own.meta.label;
	for (const s of Object.values(lc.states)) {
		const t = candidates(s.on, type).find((x) => x.meta?.label);
		if (t?.meta?.label) return t.meta.label;
	}
	return type;
}

function formTitle(forms: Record<string, FormSchema>, id: string): string {
	return forms[id]?.title ?? id;
}

function formReason(pkg: ProtocolPackage, form: string, env: Env): string {
	const s = env.submissions[form];
	const base = `This step needs a valid ${formTitle(pkg.forms, form)} form`;
	if (!s) return base;
	return s.errors?.length ? `${base}: ${s.errors.join('; ')}` : `${base}; the answers given are not valid`;
}

function guardReason(pkg: ProtocolPackage, g: NamedRef<GuardName>, ctx: EpisodeContext, env: Env, t: TransitionConfig): string {
	const p = g.params ?? {};
	switch (g.type) {
		case 'formSubmitted':
			return formReason(pkg, String(p.form), env);
		case 'riskIs': {
			const risk = effectiveRisk(env, ctx, String(p.from ?? 'riskCategory'));
			return `This step applies only when the risk is ${(p.categories as string[]).join(' or ')}; it is ${risk ?? 'not graded yet'}`;
		}
		case 'factsMatch':
			return `The child's circumstances do not meet this step's condition${t.description ? ` (${t.description})` : ''}`;
		case 'clockRunning': {
			const clock = pkg.protocol.clocks.find((c) => c.id === p.clock);
			return `This step applies only while '${clock?.label ?? p.clock}' is running`;
		}
		default:
			return `Unknown guard '${g.type}'`;
	}
}

function requirementsHold(t: TransitionConfig, ctx: EpisodeContext, env: Env): boolean {
	if (t.meta?.form && env.submissions[t.meta.form]?.valid !== true) return false;
	return t.guard ? guardHolds(t.guard.type, t.guard.params, ctx, env) : true;
}

/** Why none of the candidate transitions was taken. */
function explainRefusal(pkg: ProtocolPackage, ts: TransitionConfig[], ctx: EpisodeContext, env: Env): string {
	const reasons: string[] = [];
	for (const t of ts) {
		if (t.meta?.form && env.submissions[t.meta.form]?.valid !== true) reasons.push(formReason(pkg, t.meta.form, env));
		else if (t.guard && !guardHolds(t.guard.type, t.guard.params, ctx, env)) reasons.push(guardReason(pkg, t.guard, ctx, env, t));
	}
	const unique = [...new Set(reasons)];
	return unique.length ? unique.join('; or ') : 'The lifecycle did not accept this step';
}

/* ---------- Effects ---------- */

interface ActionObject {
	type: string;
	params?: Record<string, unknown>;
}

function submissionValue(env: Env, field: string): unknown {
	for (const s of Object.values(env.submissions)) if (s.data && field in s.data) return s.data[field];
	return undefined;
}

function withRisk(facts: Facts, riskCategory: string): Facts {
	return { ...facts, episode: { ...facts.episode, riskCategory } };
}

function applyActions(
	pkg: ProtocolPackage,
	eventType: string,
	actions: ActionObject[],
	before: EpisodeContext,
	env: Env,
	learned: LearnedFacts,
	authorities: AuthorityCodes | undefined
): { context: EpisodeContext; effects: Effect[]; refusal?: string } {
	const protocol = pkg.protocol;
	const index = clockIndex(protocol);
	const ctx: EpisodeContext = { ...before, clocks: { ...before.clocks }, facts: { ...before.facts, ...learned } };
	const effects: Effect[] = [];
	const now = env.now;
	// Conditions after a grading see the category just recorded, not the one the caller knew.
	let facts: Facts = before.riskCategory === env.facts.episode.riskCategory || before.riskCategory === null ? env.facts : withRisk(env.facts, before.riskCategory);

	const stop = (id: string) => {
		if (!(id in ctx.clocks)) return;
		delete ctx.clocks[id];
		effects.push({ kind: 'stop-clock', clockId: id, at: now });
	};
	const start = (id: string) => {
		const clock = index.byId.get(id);
		if (!clock || id in ctx.clocks) return;
		if (!holds(clock.when, facts, `clock '${id}'`)) return;
		const task = clockTask(clock, now);
		ctx.clocks[id] = { startedAt: now, dueAt: task.dueAt };
		effects.push({ kind: 'start-clock', clockId: id, clockKind: clock.kind, startedAt: now, dueAt: task.dueAt, task });
	};

	for (const c of index.stopsOn.get(eventType) ?? []) stop(c.id);

	for (const a of actions) {
		const p = a.params ?? {};
		switch (a.type as ActionName) {
			case 'startClock':
				start(String(p.clock));
				break;
			case 'stopClock':
				stop(String(p.clock));
				break;
			case 'notify': {
				const n = protocol.notifications.find((x) => x.id === p.notification);
				if (!n || !holds(n.when, facts, `notification '${n.id}'`)) break;
				effects.push({ kind: 'notify', notificationId: n.id, recipient: n.recipient, dueBy: n.within ? addDuration(now, n.within) : now });
				break;
			}
			case 'recordRisk': {
				const v = submissionValue(env, String(p.from ?? 'riskCategory'));
				if (typeof v === 'string') {
					const refusal = gradingRefusal(protocol, v, facts);
					if (refusal) return { context: before, effects: [], refusal };
					ctx.riskCategory = v;
					facts = withRisk(facts, v);
					effects.push({ kind: 'risk-recorded', category: v });
				}
				break;
			}
			case 'recordReturn':
				ctx.returnedAt = now;
				effects.push({ kind: 'return-recorded', at: now });
				break;
			case 'allocateRhi': {
				let allocation: RhiAllocation | null = null;
				let error: string | undefined;
				try {
					allocation = allocateRhi(protocol.rhi, allocationFactsOf(facts), authorities ?? { protocol: 'protocol', responsible: 'responsible', host: 'host' });
					ctx.rhiTeam = allocation.team;
				} catch (err) {
					error = err instanceof Error ? err.message : String(err);
				}
				effects.push(error ? { kind: 'rhi-allocated', allocation, error } : { kind: 'rhi-allocated', allocation });
				break;
			}
			case 'evaluateRepeatMissing':
				effects.push({ kind: 'evaluate-repeat-missing', judgementTriggers: judgementTriggers(protocol.repeatMissing, facts).map((t) => t.id) });
				break;
			case 'recordRhiOutcome': {
				const outcome = String(p.outcome ?? submissionValue(env, String(p.from ?? 'outcome')) ?? 'not-held');
				ctx.rhiOutcome = outcome;
				let result: RhiResult | null = null;
				if (ctx.returnedAt !== null && ['completed', 'declined-child', 'declined-parent', 'not-held', 'missing-again'].includes(outcome)) {
					result = rhiResult(protocol.rhi, { outcome: outcome as RhiOutcome, returnedAt: ctx.returnedAt, completedAt: now });
				}
				effects.push({ kind: 'rhi-outcome', outcome, result });
				break;
			}
			case 'scheduleFollowUps': {
				const rhi = protocol.rhi;
				const attempts = typeof p.attempts === 'number' ? p.attempts : (rhi.declineFollowUps?.attempts ?? 0);
				const plan = { ...rhi, declineFollowUps: { attempts, channels: rhi.declineFollowUps?.channels ?? [], source: rhi.source } };
				const form = typeof p.form === 'string' ? p.form : undefined;
				const tasks = declineFollowUpTasks(plan, now, ctx.rhiTeam ?? rhi.conductedBy).map((t) => (form ? { ...t, form } : t));
				if (tasks.length) effects.push({ kind: 'tasks', tasks });
				break;
			}
		}
	}

	for (const c of index.startsOn.get(eventType) ?? []) start(c.id);
	return { context: ctx, effects };
}

/* ---------- Deciding ---------- */

/**
 * The event's environment; given what the forms have taught (`learned`: the episode's so far and
 * this step's), facts include it, this step's forms last.
 */
function toEnv(c: DecideContext, learned?: { episode: LearnedFacts | undefined; step: LearnedFacts }): Env {
	const submissions = c.submissions ?? {};
	const facts = learned ? withLearnedFacts(withLearnedFacts(c.facts, learned.episode), learned.step) : c.facts;
	return { facts, now: typeof c.now === 'number' ? c.now : c.now.getTime(), submissions };
}

function persist(pkg: ProtocolPackage, compiled: Compiled, snap: AnyMachineSnapshot, context: EpisodeContext): EpisodeSnapshot {
	const persisted = compiled.machine.getPersistedSnapshot(snap) as EpisodeSnapshot['machine'];
	return {
		lifecycleId: compiled.lifecycle.id,
		protocolId: pkg.protocol.metadata.id,
		protocolVersion: pkg.protocol.metadata.version,
		machine: JSON.parse(JSON.stringify({ ...persisted, context }))
	};
}

function restore(compiled: Compiled, snapshot: EpisodeSnapshot): AnyMachineSnapshot {
	return compiled.machine.resolveState(snapshot.machine);
}

/**
 * Decide whether an event is allowed and what follows from it. Pure: no I/O, time passed in.
 * `snapshot` null means the episode does not exist yet; the event must then be REPORT.
 */
export function decide(pkg: ProtocolPackage, snapshot: EpisodeSnapshot | null, event: LifecycleEvent, context: DecideContext): Decision {
	const compiled = compileLifecycle(pkg);
	const lc = compiled.lifecycle;
	// What this step's forms teach: laid over the facts its guards read, and kept in the episode.
	const learned = factsLearned(pkg.protocol, context.submissions ?? {});
	const env = toEnv(context, { episode: snapshot?.machine.context?.facts, step: learned });
	const engineEvent: EngineEvent = { type: event.type, $env: env };

	if (snapshot === null) {
		if (event.type !== CREATING_EVENT) {
			return { ok: false, reason: `An episode starts with '${eventLabel(lc, CREATING_EVENT)}', not '${eventLabel(lc, event.type)}'.` };
		}
		const [snap, actions] = initialTransition(compiled.machine);
		const start = snap.context as EpisodeContext;
		const { context: ctx, effects, refusal } = applyActions(pkg, event.type, actions as ActionObject[], start, env, learned, context.authorities);
		if (refusal) return { ok: false, reason: refusal };
		return { ok: true, snapshot: persist(pkg, compiled, snap, ctx), state: String(snap.value), effects };
	}

	const pinned = `${snapshot.lifecycleId} (${snapshot.protocolId} ${snapshot.protocolVersion})`;
	if (snapshot.lifecycleId !== lc.id || snapshot.protocolId !== pkg.protocol.metadata.id || snapshot.protocolVersion !== pkg.protocol.metadata.version) {
		return {
			ok: false,
			reason: `This episode runs under ${pinned}, not ${lc.id} (${pkg.protocol.metadata.id} ${pkg.protocol.metadata.version}); load the protocol version the episode started under.`
		};
	}
	const value = String(snapshot.machine.value);
	const state = lc.states[value];
	if (!state) return { ok: false, reason: `The episode is in state '${value}', which lifecycle ${pinned} does not have.` };
	if (snapshot.machine.status === 'done' || state.type === 'final') {
		return { ok: false, reason: `The episode is '${stateLabel(lc, value)}': no further steps are allowed.` };
	}
	const ts = candidates(state.on, event.type);
	if (!ts.length) {
		const allowed = Object.keys(state.on ?? {}).map((t) => eventLabel(lc, t, value));
		return {
			ok: false,
			reason: `The lifecycle does not allow '${eventLabel(lc, event.type)}' while the episode is '${stateLabel(lc, value)}'; allowed: ${allowed.join(', ') || 'nothing'}`
		};
	}
	// XState takes the first candidate whose requirements hold; checking first lets a refusal say why.
	if (!ts.some((t) => requirementsHold(t, snapshot.machine.context, env))) {
		return { ok: false, reason: explainRefusal(pkg, ts, snapshot.machine.context, env) };
	}
	const current = restore(compiled, snapshot);
	const [next, actions] = transition(compiled.machine, current, engineEvent);
	const { context: ctx, effects, refusal } = applyActions(pkg, event.type, actions as ActionObject[], snapshot.machine.context, env, learned, context.authorities);
	if (refusal) return { ok: false, reason: refusal };
	return { ok: true, snapshot: persist(pkg, compiled, next, ctx), state: String(next.value), effects };
}

export interface AllowedEvent {
	type: string;
	label: string;
	/** Forms one of whose valid submissions the step needs (several when guarded alternatives differ). */
	forms: Array<{ id: string; title: string }>;
	targets: string[];
	description?: string;
}

/**
 * Whether a transition could be taken now, before any form is filled: its guard is decided by
 * what is already known (the child's circumstances, the running clocks); a guard that reads the
 * step's own answers (a submitted form, the risk it grades) is left to the step.
 */
function possibleNow(t: TransitionConfig, context: EpisodeContext, known: Env | null): boolean {
	const g = t.guard;
	if (!g || !known) return true;
	if (g.type === 'clockRunning' || g.type === 'factsMatch') return guardHolds(g.type, g.params, context, known);
	return true;
}

/**
 * The next steps the lifecycle offers in the episode's current state, each with its form.
 * Given the episode's facts, a step none of whose transitions can apply now (another council's
 * child only, a clock that has stopped) is left out; without them every step is listed, and
 * `decide` says why one is refused.
 */
export function allowedEvents(pkg: ProtocolPackage, snapshot: EpisodeSnapshot | null, facts?: Facts): AllowedEvent[] {
	const lc = compileLifecycle(pkg).lifecycle;
	if (snapshot === null) return [{ type: CREATING_EVENT, label: eventLabel(lc, CREATING_EVENT), forms: [], targets: [lc.initial] }];
	const value = String(snapshot.machine.value);
	const state = lc.states[value];
	if (!state || state.type === 'final' || snapshot.machine.status === 'done') return [];
	const context = snapshot.machine.context;
	// What is known before the step: the facts with what the episode's forms have taught; no
	// answers of the step's own, and no time (neither guard decided here reads it).
	const known: Env | null = facts ? { facts: withLearnedFacts(facts, context.facts), now: Number.NaN, submissions: {} } : null;
	const out: AllowedEvent[] = [];
	for (const type of Object.keys(state.on ?? {})) {
		const ts = candidates(state.on, type).filter((t) => possibleNow(t, context, known));
		if (ts.length === 0) continue;
		const forms = [...new Set(ts.map((t) => t.meta?.form).filter((f): f is string => !!f))];
		const description = ts.find((t) => t.description)?.description;
		const event: AllowedEvent = {
			type,
			label: eventLabel(lc, type, value),
			forms: forms.map((id) => ({ id, title: formTitle(pkg.forms, id) })),
			targets: [...new Set(ts.map((t) => t.target ?? value))]
		};
		if (description) event.description = description;
		out.push(event);
	}
	return out;
}

/** The episode's current state in words, with its tags and running clocks. */
export function describeState(pkg: ProtocolPackage, snapshot: EpisodeSnapshot): { value: string; label: string; tags: string[]; done: boolean; clocks: Record<string, RunningClock> } {
	const lc = compileLifecycle(pkg).lifecycle;
	const value = String(snapshot.machine.value);
	const s = lc.states[value];
	return { value, label: stateLabel(lc, value), tags: s?.tags ?? [], done: snapshot.machine.status === 'done' || s?.type === 'final', clocks: snapshot.machine.context.clocks };
}

/** The compiled XState machine, for simulation and model-based tests (xstate/graph). */
export function lifecycleMachine(pkg: ProtocolPackage) {
	return compileLifecycle(pkg).machine;
}

/** Wraps an event with what guards need, as `decide` does, for driving the machine directly. */
export function engineEvent(event: LifecycleEvent, context: DecideContext): EngineEvent {
	return { type: event.type, $env: toEnv(context) };
}
