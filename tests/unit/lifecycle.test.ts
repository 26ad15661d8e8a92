import { describe, expect, it } from 'vitest';
import { allowedEvents, decide, describeState, type DecideContext, type EpisodeSnapshot, type Submission } from '../../src/lib/protocol/lifecycle.js';
import { londonInstant } from '../../src/lib/protocol/london-time.js';
import { loadPackageDir, sampleFacts } from '../support/engine-packages.js';

const wf = loadPackageDir('protocols/westmorland-and-furness/2024.1');
const H = 3_600_000;
const t0 = londonInstant(2024, 10, 25, 22, 0); // Friday night before the clocks go back

function ctx(now: number, submissions: Submission[] = [], facts = sampleFacts()): DecideContext {
	return { facts, now, submissions: Object.fromEntries(submissions.map((s) => [s.form, s])), authorities: { protocol: 'westmorland-and-furness', responsible: 'westmorland-and-furness', host: 'westmorland-and-furness' } };
}
const valid = (form: string, data: Record<string, unknown> = {}): Submission => ({ form, valid: true, data });

function accept(snapshot: EpisodeSnapshot | null, type: string, c: DecideContext) {
	const d = decide(wf, snapshot, { type }, c);
	if (!d.ok) throw new Error(`refused ${type}: ${d.reason}`);
	// Every stored snapshot must survive a trip through the database as JSON.
	return { ...d, snapshot: JSON.parse(JSON.stringify(d.snapshot)) as EpisodeSnapshot };
}

describe('deciding lifecycle events (Westmorland and Furness)', () => {
	it('creates an episode on REPORT, pinned to the lifecycle and protocol version, with its clocks as due times', () => {
		const d = accept(null, 'REPORT', ctx(t0));
		expect(d.state).toBe('reported');
		expect(d.snapshot).toMatchObject({ lifecycleId: 'westmorland-and-furness-missing-episode', protocolId: 'westmorland-and-furness', protocolVersion: '2024.1' });
		const starts = d.effects.filter((e) => e.kind === 'start-clock');
		expect(starts.map((e) => e.kind === 'start-clock' && e.clockId).sort()).toEqual(['lead-member-7d', 'need-to-know-48h', 'strategy-meeting-24h', 'strategy-meeting-48h']);
		const leadMember = starts.find((e) => e.kind === 'start-clock' && e.clockId === 'lead-member-7d');
		// 7 days at the same wall-clock time, across the October change: 169 elapsed hours.
		expect(leadMember?.kind === 'start-clock' && leadMember.dueAt - t0).toBe(169 * H);
		const notified = d.effects.filter((e) => e.kind === 'notify').map((e) => e.kind === 'notify' && e.notificationId);
		expect(notified).toContain('police');
		expect(notified).toContain('iro'); // the sample child is in care
		expect(notified).not.toContain('host-authority'); // not placed out of area
	});

	it('refuses an event the state does not offer, naming what is allowed', () => {
		const r = accept(null, 'REPORT', ctx(t0));
		const d = decide(wf, r.snapshot, { type: 'RHI_COMPLETED' }, ctx(t0 + H));
		expect(d.ok).toBe(false);
		if (d.ok) return;
		expect(d.reason).toMatch(/^The lifecycle does not allow 'Record the return home interview' while the episode is 'Reported missing'; allowed: /);
		expect(d.reason).toContain('Grade the risk');
		expect(d.reason).toContain('Child found');
	});

	it('refuses a step without its form, or with an invalid one, in words', () => {
		const r = accept(null, 'REPORT', ctx(t0));
		const none = decide(wf, r.snapshot, { type: 'GRADE' }, ctx(t0 + H));
		expect(none).toEqual({ ok: false, reason: 'This step needs a valid Missing person risk assessment form' });
		const bad = decide(wf, r.snapshot, { type: 'GRADE' }, ctx(t0 + H, [{ form: 'risk-assessment', valid: false, data: {}, errors: ['Choose the risk category'] }]));
		expect(bad).toEqual({ ok: false, reason: 'This step needs a valid Missing person risk assessment form: Choose the risk category' });
	});

	// What the W&F risk assessment records when a child may be graded low.
	const lowGrading = { riskCategory: 'low', exploitationLinked: false, lowConditions: ['no-immediate-risk', 'parental-actions-suitable'], agreedActions: ['search'], reviewTimeHours: 1 };

	it('chooses the guarded transition from the submitted risk, and records it', () => {
		const r = accept(null, 'REPORT', ctx(t0));
		const low = accept(r.snapshot, 'GRADE', ctx(t0 + H, [valid('risk-assessment', lowGrading)]));
		expect(low.state).toBe('graded');
		expect(low.effects).toContainEqual({ kind: 'risk-recorded', category: 'low' });
		expect(low.effects.some((e) => e.kind === 'start-clock' && e.clockId === 'low-risk-review' && e.dueAt === t0 + 3 * H)).toBe(true);
		const high = accept(low.snapshot, 'GRADE', ctx(t0 + 2 * H, [valid('risk-assessment', { riskCategory: 'high' })]));
		expect(high.state).toBe('missing');
		expect(high.effects).toContainEqual({ kind: 'stop-clock', clockId: 'low-risk-review', at: t0 + 2 * H });
		expect(high.effects.some((e) => e.kind === 'notify' && e.notificationId === 'health-high-risk-in-care')).toBe(true);
		expect(describeState(wf, high.snapshot)).toMatchObject({ value: 'missing', label: 'Missing', done: false });
	});

	it('refuses a grading the protocol’s risk rules forbid, in the rule’s words, and says which are allowed', () => {
		const r = accept(null, 'REPORT', ctx(t0));
		const linked = decide(wf, r.snapshot, { type: 'GRADE' }, ctx(t0 + H, [valid('risk-assessment', { riskCategory: 'medium', exploitationLinked: true })]));
		expect(linked.ok).toBe(false);
		if (!linked.ok) {
			expect(linked.reason).toContain('The risk cannot be graded Medium risk');
			expect(linked.reason).toContain('is recorded as high risk');
			expect(linked.reason).toContain('(Children who go Missing from Home or Care, Risk Assessment)');
			expect(linked.reason).toMatch(/allows High risk\.$/);
		}
		expect(accept(r.snapshot, 'GRADE', ctx(t0 + H, [valid('risk-assessment', { riskCategory: 'high', exploitationLinked: true })])).state).toBe('missing');

		// Low without the agreed actions and review time is refused; with them it is allowed.
		const bare = decide(wf, r.snapshot, { type: 'GRADE' }, ctx(t0 + H, [valid('risk-assessment', { riskCategory: 'low', exploitationLinked: false })]));
		expect(bare.ok === false && bare.reason).toMatch(/^The risk cannot be graded Low risk: A child may be graded low only when/);
		expect(accept(r.snapshot, 'GRADE', ctx(t0 + H, [valid('risk-assessment', lowGrading)])).state).toBe('graded');
	});

	it('remembers what the risk assessment taught: at the review, actions done and the child still missing is no longer low', () => {
		const r = accept(null, 'REPORT', ctx(t0));
		const low = accept(r.snapshot, 'GRADE', ctx(t0 + H, [valid('risk-assessment', lowGrading)]));
		expect(low.snapshot.machine.context.facts).toMatchObject({ 'episode.reviewTimeHours': 1, 'episode.reasonableActionsTaken': true, 'episode.exploitationLinked': false });
		const review = decide(wf, low.snapshot, { type: 'GRADE' }, ctx(t0 + 2 * H, [valid('risk-assessment', { ...lowGrading, agreedActionsCompleted: true })]));
		expect(review.ok === false && review.reason).toContain('no longer recorded as low risk');
		expect(accept(low.snapshot, 'GRADE', ctx(t0 + 2 * H, [valid('risk-assessment', { ...lowGrading, riskCategory: 'medium', agreedActionsCompleted: true })])).state).toBe('missing');
	});

	it('offers only the steps that can apply to this child when told the facts', () => {
		const r = accept(null, 'REPORT', ctx(t0));
		const types = (facts?: ReturnType<typeof sampleFacts>) => allowedEvents(wf, r.snapshot, facts).map((e) => e.type);
		// Without facts every step of the state is listed (decide explains a refusal).
		expect(types()).toContain('PHILOMENA_SHARED');
		// The Philomena Protocol step is for a child placed here by another council.
		expect(types(sampleFacts({ child: { inCare: true, ownChild: true } }))).not.toContain('PHILOMENA_SHARED');
		expect(types(sampleFacts({ child: { inCare: true, ownChild: false } }))).toContain('PHILOMENA_SHARED');
		expect(types(sampleFacts({ child: { inCare: true, ownChild: true } }))).toEqual(expect.arrayContaining(['GRADE', 'FOUND', 'RETURNED']));
	});

	it('stops the missing clocks on return, starts the 72-hour RHI clock and allocates the RHI', () => {
		const r = accept(null, 'REPORT', ctx(t0));
		const back = accept(r.snapshot, 'RETURNED', ctx(t0 + 5 * H));
		expect(back.state).toBe('returned');
		const kinds = back.effects.map((e) => `${e.kind}:${'clockId' in e ? e.clockId : ''}`);
		expect(kinds).toContain('stop-clock:strategy-meeting-24h');
		expect(kinds).toContain('stop-clock:strategy-meeting-48h');
		expect(kinds).not.toContain('stop-clock:need-to-know-48h');
		const rhi = back.effects.find((e) => e.kind === 'start-clock' && e.clockId === 'rhi-72h');
		expect(rhi?.kind === 'start-clock' && rhi.dueAt).toBe(t0 + 77 * H);
		const alloc = back.effects.find((e) => e.kind === 'rhi-allocated');
		expect(alloc).toMatchObject({ allocation: { team: 'Complex Safeguarding Team', authority: 'westmorland-and-furness' } });
		expect(Object.keys(back.snapshot.machine.context.clocks).sort()).toEqual(['lead-member-7d', 'need-to-know-48h', 'rhi-72h']);
	});

	it('records the RHI outcome against the 72-hour timescale and refuses anything after closing', () => {
		let s = accept(null, 'REPORT', ctx(t0)).snapshot;
		s = accept(s, 'FOUND', ctx(t0 + H)).snapshot;
		s = accept(s, 'RHI_OFFERED', ctx(t0 + 2 * H)).snapshot;
		const late = accept(s, 'RHI_COMPLETED', ctx(t0 + 80 * H, [valid('rhi-record', {})]));
		expect(late.effects).toContainEqual({ kind: 'rhi-outcome', outcome: 'completed', result: 'completed-outside-timescale' });
		const closed = accept(late.snapshot, 'CLOSE', ctx(t0 + 90 * H));
		expect(closed.snapshot.machine.status).toBe('done');
		expect(allowedEvents(wf, closed.snapshot)).toEqual([]);
		const after = decide(wf, closed.snapshot, { type: 'GRADE' }, ctx(t0 + 91 * H));
		expect(after).toEqual({ ok: false, reason: "The episode is 'Closed': no further steps are allowed." });
	});

	it('lists the next steps with their forms', () => {
		const r = accept(null, 'REPORT', ctx(t0));
		const steps = allowedEvents(wf, r.snapshot);
		expect(steps.find((s) => s.type === 'GRADE')).toMatchObject({ label: 'Grade the risk', forms: [{ id: 'risk-assessment', title: 'Missing person risk assessment' }], targets: ['graded', 'missing'] });
		expect(steps.find((s) => s.type === 'FOUND')).toMatchObject({ forms: [], targets: ['found'] });
	});

	it('refuses a snapshot from another protocol version instead of guessing', () => {
		const r = accept(null, 'REPORT', ctx(t0));
		const other = { ...r.snapshot, protocolVersion: '2019.1' };
		const d = decide(wf, other, { type: 'FOUND' }, ctx(t0 + H));
		expect(d.ok).toBe(false);
		if (!d.ok) expect(d.reason).toMatch(/runs under .*2019\.1.*load the protocol version the episode started under/);
	});

	it('accepts a repeated step, but stopping a clock already stopped emits nothing', () => {
		let s = accept(null, 'REPORT', ctx(t0)).snapshot;
		const first = accept(s, 'NEED_TO_KNOW_SENT', ctx(t0 + H));
		expect(first.effects).toContainEqual({ kind: 'stop-clock', clockId: 'need-to-know-48h', at: t0 + H });
		s = first.snapshot;
		const again = accept(s, 'NEED_TO_KNOW_SENT', ctx(t0 + 2 * H));
		expect(again.effects.filter((e) => e.kind === 'stop-clock')).toEqual([]);
	});
});
