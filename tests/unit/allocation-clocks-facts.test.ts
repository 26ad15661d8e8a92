import { describe, expect, it } from 'vitest';
import { AllocationError, allocateRhi, allocationFactsOf, declineFollowUpTasks, rhiResult } from '../../src/lib/protocol/allocation.js';
import { clockTask, completesTask, dueStatus, endsWithEpisode, escalationState } from '../../src/lib/protocol/clocks.js';
import { ageInYears, buildFacts } from '../../src/lib/protocol/facts.js';
import type { Clock, RhiArrangements } from '../../src/lib/protocol/types.js';
import { formatLondon, londonInstant } from '../../src/lib/protocol/london-time.js';
import { loadPackageDir, sampleFacts } from '../support/engine-packages.js';

const wf = loadPackageDir('protocols/westmorland-and-furness/2024.1').protocol;
const H = 3_600_000;
const codes = { protocol: 'westmorland-and-furness', responsible: 'lancashire', host: 'westmorland-and-furness' };

describe('RHI allocation (Westmorland and Furness table)', () => {
	it('gives a child placed in the area by another council to the placing authority, telling the right people', () => {
		const facts = allocationFactsOf(sampleFacts({ child: { ownChild: false, inCare: true, livesInArea: true } }));
		const a = allocateRhi(wf.rhi, facts, codes);
		expect(a).toMatchObject({ ruleId: 'placed-in-area-by-another-authority', authorityRole: 'responsible', authority: 'lancashire' });
	});

	it('keeps its own child in care placed out of county with Complex Safeguarding', () => {
		const facts = allocationFactsOf(sampleFacts({ child: { ownChild: true, inCare: true, placedOutOfArea: true, livesInArea: false } }));
		expect(allocateRhi(wf.rhi, facts, { ...codes, responsible: 'westmorland-and-furness', host: 'cumberland' })).toMatchObject({
			team: 'Complex Safeguarding Team',
			authority: 'westmorland-and-furness'
		});
	});

	it('names the facts when no row matches', () => {
		const facts = allocationFactsOf(sampleFacts({ child: { ownChild: true, inCare: false, livesInArea: false } }));
		expect(() => allocateRhi(wf.rhi, facts, codes)).toThrow(AllocationError);
		expect(() => allocateRhi(wf.rhi, facts, codes)).toThrow(/livesInArea: no, ownChild: yes, inCare: no/);
	});
});

const walsallLike: RhiArrangements = {
	...wf.rhi,
	within: { unit: 'hours', amount: 72 },
	declineFollowUps: { attempts: 3, channels: ['phone', 'text'], source: wf.rhi.source },
	missingAgainCountsAsDeclined: { value: true, source: wf.rhi.source }
};

describe('RHI outcomes', () => {
	const returnedAt = londonInstant(2024, 10, 24, 20, 0);
	it('splits completed interviews at 72 hours after return', () => {
		expect(rhiResult(walsallLike, { outcome: 'completed', returnedAt, completedAt: returnedAt + 72 * H })).toBe('completed-in-timescale');
		expect(rhiResult(walsallLike, { outcome: 'completed', returnedAt, completedAt: returnedAt + 72 * H + 1 })).toBe('completed-outside-timescale');
	});

	it('counts missing again as declined only where the protocol says so', () => {
		expect(rhiResult(walsallLike, { outcome: 'missing-again', returnedAt })).toBe('declined');
		expect(rhiResult({ ...walsallLike, missingAgainCountsAsDeclined: undefined }, { outcome: 'missing-again', returnedAt })).toBe('not-held');
		expect(rhiResult(walsallLike, { outcome: 'declined-parent', returnedAt })).toBe('declined');
	});

	it('opens three follow-up contact tasks after a decline, on successive working days', () => {
		const friday = londonInstant(2024, 12, 20, 15, 0);
		const tasks = declineFollowUpTasks(walsallLike, friday, 'RHI team');
		expect(tasks.map((t) => formatLondon(t.dueAt!))).toEqual(['Monday 23 December 2024, 23:59', 'Tuesday 24 December 2024, 23:59', 'Friday 27 December 2024, 23:59']);
		expect(tasks[0].title).toMatch(/1 of 3 .* by phone or text/);
	});
});

describe('clocks', () => {
	const rhi72 = wf.clocks.find((c) => c.id === 'rhi-72h') as Clock;
	const esc24 = wf.clocks.find((c) => c.id === 'strategy-meeting-24h') as Clock;
	const start = londonInstant(2024, 3, 30, 10, 0);

	it('makes a task due 72 real hours after return, across the spring clock change', () => {
		const task = clockTask(rhi72, start);
		expect(task).toMatchObject({ clockId: 'rhi-72h', kind: 'deadline', dueAt: start + 72 * H });
		expect(formatLondon(task.dueAt)).toBe('Tuesday 2 April 2024, 11:00');
	});

	it('says open, due soon (last quarter, at most 24 hours) and overdue', () => {
		const task = clockTask(rhi72, start);
		expect(dueStatus(task, start + 50 * H)).toBe('open');
		expect(dueStatus(task, start + 55 * H)).toBe('due-soon');
		expect(dueStatus(task, start + 72 * H)).toBe('due-soon');
		expect(dueStatus(task, start + 72 * H + 1)).toBe('overdue');
	});

	it('fires an escalation only when nothing stopped it before its due time', () => {
		expect(escalationState(esc24, start, [], start + 23 * H)).toEqual({ status: 'pending', dueAt: start + 24 * H });
		expect(escalationState(esc24, start, [{ type: 'FOUND', at: start + 5 * H }], start + 30 * H)).toMatchObject({ status: 'stopped', by: 'FOUND' });
		expect(escalationState(esc24, start, [{ type: 'FOUND', at: start + 25 * H }], start + 30 * H)).toMatchObject({ status: 'fires', task: { kind: 'escalation' } });
		expect(escalationState(esc24, start, [{ type: 'GRADE', at: start + H }], start + 24 * H)).toMatchObject({ status: 'fires' });
	});
});

describe('facts from records', () => {
	it('computes age on the London date, including just after midnight in summer', () => {
		// 23:30 UTC on 30 June is 00:30 on 1 July in London: the birthday has arrived.
		expect(ageInYears('2012-07-01', Date.parse('2024-06-30T23:30:00Z'))).toBe(12);
		expect(ageInYears('2012-07-01', Date.parse('2024-06-30T22:30:00Z'))).toBe(11);
		expect(ageInYears('2008-02-29', londonInstant(2025, 2, 28, 12))).toBe(16);
		expect(ageInYears('2008-02-29', londonInstant(2025, 3, 1, 12))).toBe(17);
	});

	it('derives area, placement and duration facts', () => {
		const missingSince = londonInstant(2024, 5, 1, 20);
		const facts = buildFacts({
			child: { dateOfBirth: '2010-01-01', inCare: true, responsibleAuthority: 'lancashire', livesInAuthority: 'westmorland-and-furness' },
			episode: { missingSince, returnedAt: missingSince + 30 * H },
			protocolAuthority: 'westmorland-and-furness',
			at: missingSince + 40 * H
		});
		expect(facts.child).toMatchObject({ ownChild: false, livesInArea: true, placedOutOfArea: true, ageYears: 14 });
		expect(facts.episode).toMatchObject({ hoursMissing: 30, stillMissing: false });
	});
});

describe('which tasks a recorded form does', () => {
	const protocol = { repeatMissing: wf.repeatMissing };
	const stageOne = { kind: 'stage-meeting' as const, form: 'stage-one-meeting', episode: 'e1' };
	const decision = { kind: 'judgement-decision' as const, form: 'meeting-rationale', episode: 'e1' };
	const contact = { kind: 'rhi-follow-up' as const, form: 'rhi-follow-up', episode: 'e1' };
	const clock = { kind: 'deadline' as const, form: 'rhi-record', episode: 'e1' };

	it('a stage meeting by its record, on whichever of the child’s episodes it is recorded', () => {
		expect(completesTask(protocol, stageOne, 'stage-one-meeting', 'e2')).toBe(true);
		expect(completesTask(protocol, stageOne, 'stage-two-meeting', 'e1')).toBe(false);
	});

	it('a judgement decision by its rationale or by holding a stage meeting, on its own episode', () => {
		expect(completesTask(protocol, decision, 'meeting-rationale', 'e1')).toBe(true);
		expect(completesTask(protocol, decision, 'stage-one-meeting', 'e1')).toBe(true);
		expect(completesTask(protocol, decision, 'meeting-rationale', 'e2')).toBe(false);
		expect(completesTask(protocol, decision, 'rhi-record', 'e1')).toBe(false);
	});

	it('follow-up contacts by their record, and they end with their episode', () => {
		expect(completesTask(protocol, contact, 'rhi-follow-up', 'e1')).toBe(true);
		expect(completesTask(protocol, contact, 'rhi-follow-up', 'e2')).toBe(false);
		expect(endsWithEpisode(contact, 'e1')).toBe(true);
		expect(endsWithEpisode(decision, 'e1')).toBe(false);
	});

	it('never a clock task: its clock stops on the protocol’s events', () => {
		expect(completesTask(protocol, clock, 'rhi-record', 'e1')).toBe(false);
		expect(endsWithEpisode(clock, 'e1')).toBe(false);
	});
});
