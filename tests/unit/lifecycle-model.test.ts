/**
 * Model-based tests: paths generated from each lifecycle with xstate/graph must be accepted,
 * step by step, by `decide`; events a state does not offer, and steps without their form, are
 * refused with a reason.
 */
import { describe, expect, it } from 'vitest';
import { getShortestPaths, getSimplePaths } from 'xstate/graph';
import { decide, engineEvent, lifecycleMachine, type DecideContext, type EpisodeSnapshot, type Submission } from '../../src/lib/protocol/lifecycle.js';
import type { ProtocolPackage, TransitionConfig } from '../../src/lib/protocol/types.js';
import { londonInstant } from '../../src/lib/protocol/london-time.js';
import { loadPackageDir, referencePackageDirs, sampleFacts } from '../support/engine-packages.js';

const dirs = [...referencePackageDirs(), 'tests/fixtures/protocols/minimal/1.0'];
const t0 = londonInstant(2024, 3, 29, 18, 0);
const H = 3_600_000;

function candidates(t: TransitionConfig | TransitionConfig[] | undefined): TransitionConfig[] {
	return t === undefined ? [] : Array.isArray(t) ? t : [t];
}

/** Payload variants for an event in a state: valid forms, and each risk category where risk decides. */
function variants(pkg: ProtocolPackage, ts: TransitionConfig[]): Array<Record<string, Submission>> {
	const forms = new Set<string>();
	let riskMatters = false;
	for (const t of ts) {
		if (t.meta?.form) forms.add(t.meta.form);
		if (t.guard?.type === 'formSubmitted') forms.add(String(t.guard.params?.form));
		if (t.guard?.type === 'riskIs' || t.actions?.some((a) => a.type === 'recordRisk')) riskMatters = true;
	}
	const declared = pkg.protocol.riskCategories.map((c) => c.id);
	const categories: Array<string | null> = riskMatters && declared.length ? declared : [null];
	// Answers under which each reference protocol's risk rules admit every category (a low or
	// absent grading needs its agreed actions and review time), so every path can be walked.
	const grading = { lowConditions: ['no-immediate-risk', 'parental-actions-suitable'], agreedActions: ['search'], reviewTimeHours: 1, exploitationLinked: false };
	return categories.map((riskCategory) =>
		Object.fromEntries([...forms].map((form) => [form, { form, valid: true, data: riskCategory ? { riskCategory, outcome: 'declined-child', ...grading } : { outcome: 'declined-child' } }]))
	);
}

function contextFor(submissions: Record<string, Submission>, now: number): DecideContext {
	return { facts: sampleFacts(), now, submissions, authorities: { protocol: 'here', responsible: 'here', host: 'here' } };
}

for (const dir of dirs) {
	const pkg = loadPackageDir(dir);
	const lc = pkg.lifecycle;
	const machine = lifecycleMachine(pkg);
	const allTypes = [...new Set(Object.values(lc.states).flatMap((s) => Object.keys(s.on ?? {})))];
	const events = (snapshot: { value: unknown }) => {
		const ts = lc.states[String(snapshot.value)]?.on ?? {};
		return Object.keys(ts).flatMap((type) => variants(pkg, candidates(ts[type])).map((subs) => engineEvent({ type }, contextFor(subs, t0))));
	};

	describe(`lifecycle ${lc.id} (${dir})`, () => {
		const shortest = getShortestPaths(machine, { events });
		const finals = Object.entries(lc.states).filter(([, s]) => s.type === 'final').map(([id]) => id);
		const toEnd = finals.length ? getSimplePaths(machine, { events, toState: (s) => finals.includes(String(s.value)) }) : [];

		it('reaches every state from the initial one', () => {
			const reached = new Set(shortest.map((p) => String(p.state.value)));
			expect([...reached].sort()).toEqual(Object.keys(lc.states).sort());
		});

		it(`accepts every generated path through decide (${shortest.length} shortest, ${toEnd.length} to the end)`, () => {
			expect(shortest.length).toBeGreaterThan(0);
			for (const path of [...shortest, ...toEnd]) {
				let snapshot: EpisodeSnapshot | null = null;
				let now = t0;
				const first = decide(pkg, null, { type: 'REPORT' }, contextFor({}, now));
				expect(first.ok).toBe(true);
				if (!first.ok) return;
				snapshot = JSON.parse(JSON.stringify(first.snapshot)) as EpisodeSnapshot;
				for (const step of path.steps) {
					if (step.event.type.startsWith('xstate.')) continue;
					now += H;
					const env = (step.event as ReturnType<typeof engineEvent>).$env;
					const d = decide(pkg, snapshot, { type: step.event.type }, contextFor(env.submissions, now));
					if (!d.ok) throw new Error(`${step.event.type} from ${snapshot?.machine.value}: ${d.reason}`);
					expect(d.state).toBe(String(step.state.value));
					snapshot = JSON.parse(JSON.stringify(d.snapshot)) as EpisodeSnapshot;
				}
				expect(snapshot?.machine.value).toBe(path.state.value);
			}
		});

		it('refuses, with a reason, events a state does not offer and steps without their form', () => {
			let refusals = 0;
			for (const path of shortest) {
				let snapshot: EpisodeSnapshot | null = null;
				const start = decide(pkg, null, { type: 'REPORT' }, contextFor({}, t0));
				if (!start.ok) throw new Error(start.reason);
				snapshot = start.snapshot;
				for (const step of path.steps) {
					if (step.event.type.startsWith('xstate.')) continue;
					const env = (step.event as ReturnType<typeof engineEvent>).$env;
					const d = decide(pkg, snapshot, { type: step.event.type }, contextFor(env.submissions, t0 + H));
					if (!d.ok) throw new Error(d.reason);
					snapshot = d.snapshot;
				}
				const state = lc.states[String(snapshot.machine.value)];
				if (state.type === 'final') continue;
				for (const type of allTypes.filter((t) => !(t in (state.on ?? {})))) {
					const d = decide(pkg, snapshot, { type }, contextFor({}, t0 + 2 * H));
					expect(d.ok).toBe(false);
					if (!d.ok) expect(d.reason).toMatch(/^The lifecycle does not allow '.+' while the episode is '.+'; allowed: .+/);
					refusals++;
				}
				for (const [type, t] of Object.entries(state.on ?? {})) {
					if (!candidates(t).every((c) => c.meta?.form)) continue;
					const d = decide(pkg, snapshot, { type }, contextFor({}, t0 + 2 * H));
					expect(d.ok).toBe(false);
					if (!d.ok) expect(d.reason).toMatch(/^This step needs a valid .+ form/);
					refusals++;
				}
			}
			expect(refusals).toBeGreaterThan(0);
		});
	});
}
