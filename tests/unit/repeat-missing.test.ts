import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { groupByChild, judgementDecisionTask, judgementTriggers, stageOpenings, stagesOpenedBy, episodesInWindow, type EpisodeStart } from '../../src/lib/protocol/repeat-missing.js';
import type { RepeatMissing, RepeatStage } from '../../src/lib/protocol/types.js';
import { formatLondon, londonDayNumber, londonInstant } from '../../src/lib/protocol/london-time.js';
import { loadPackageDir, sampleFacts } from '../support/engine-packages.js';

const source = { document: 'Test procedure', section: '1', quote: 'Test.' };
const stage = (id: string, threshold: number, kind: 'rolling' | 'from-first', days: number): RepeatStage => ({
	id,
	label: id,
	threshold,
	window: { kind, days },
	meeting: { within: { unit: 'workingDays', amount: 10 }, chair: 'Team manager', attendees: ['Social worker'] },
	source
});

const DAY = 86_400_000;
const base = londonInstant(2024, 1, 8, 9, 0);
const ep = (childId: string, dayOffset: number, hour = 9, id = `${childId}-${dayOffset}-${hour}`): EpisodeStart => ({ id, childId, at: base + dayOffset * DAY + (hour - 9) * 3_600_000 });

describe('repeat-missing stages', () => {
	it('opens Stage One at the third episode in a rolling 90 days, due 10 working days later', () => {
		const episodes = [ep('a', 0), ep('a', 40), ep('a', 89)];
		const [o] = stageOpenings([stage('stage-one', 3, 'rolling', 90)], episodes);
		expect(o).toMatchObject({ stageId: 'stage-one', episodeId: episodes[2].id, count: 3, chair: 'Team manager' });
		// Day 89 after Monday 8 January 2024 is Friday 5 April; 10 working days later skips no holiday.
		expect(formatLondon(o.meetingDueAt!)).toBe('Friday 19 April 2024, 23:59');
	});

	it('does not count an episode 90 days before the latest in a rolling 90-day window', () => {
		expect(stageOpenings([stage('stage-one', 3, 'rolling', 90)], [ep('a', 0), ep('a', 45), ep('a', 90)])).toEqual([]);
	});

	it('counts siblings missing together as separate children, never one', () => {
		const s = stage('stage-one', 3, 'rolling', 90);
		// Three reports in the area, but two children: nobody has reached three.
		const together = [ep('amy', 0), ep('ben', 0), ep('amy', 10)];
		expect(stageOpenings([s], together)).toEqual([]);
		const later = [...together, ep('ben', 10), ep('ben', 20)];
		expect(stageOpenings([s], later).map((o) => `${o.childId}:${o.count}`)).toEqual(['ben:3']);
		expect([...groupByChild(later).keys()].sort()).toEqual(['amy', 'ben']);
	});

	it('from-first: 5 episodes within 90 days of the first open Stage Two; a later run starts again', () => {
		const s = stage('stage-two', 5, 'from-first', 90);
		const list = [0, 10, 20, 30, 89].map((d) => ep('a', d));
		expect(stagesOpenedBy([s], list, list[4].id)).toHaveLength(1);
		const late = [0, 10, 20, 30, 90].map((d) => ep('a', d));
		expect(stageOpenings([s], late)).toEqual([]);
		expect(episodesInWindow({ stages: [s], judgementTriggers: [], source }, late, late[4].id)).toBe(1);
	});

	it('opens again only after the rolling count has dropped below the threshold', () => {
		const s = stage('stage-one', 3, 'rolling', 30);
		const list = [0, 5, 10, 12, 60, 65, 70].map((d) => ep('a', d));
		expect(stageOpenings([s], list).map((o) => o.episodeId)).toEqual([list[2].id, list[6].id]);
	});

	it('matches a brute-force count for any history (rolling and from-first)', () => {
		fc.assert(
			fc.property(
				fc.array(fc.record({ day: fc.integer({ min: 0, max: 400 }), hour: fc.integer({ min: 0, max: 23 }) }), { minLength: 1, maxLength: 25 }),
				fc.integer({ min: 1, max: 6 }),
				fc.integer({ min: 1, max: 120 }),
				fc.constantFrom<'rolling' | 'from-first'>('rolling', 'from-first'),
				(raw, threshold, days, kind) => {
					const list = raw.map((r, i) => ({ id: `e${String(i).padStart(2, '0')}`, childId: 'a', at: base + r.day * DAY + r.hour * 3_600_000 }));
					const s = stage('s', threshold, kind, days);
					const got = stageOpenings([s], list).map((o) => `${o.episodeId}:${o.count}`);
					expect(got).toEqual(bruteForce(list, threshold, days, kind));
				}
			),
			{ numRuns: 300 }
		);
	});
});

/** The definition, spelt out with nested loops over London calendar days. */
function bruteForce(list: EpisodeStart[], threshold: number, days: number, kind: 'rolling' | 'from-first'): string[] {
	const sorted = [...list].sort((a, b) => a.at - b.at || a.id.localeCompare(b.id));
	const day = sorted.map((e) => londonDayNumber(e.at));
	const count: number[] = [];
	const runStart: number[] = [];
	for (let i = 0; i < sorted.length; i++) {
		if (kind === 'rolling') {
			let c = 0;
			for (let j = 0; j <= i; j++) if (day[j] >= day[i] - (days - 1)) c++;
			count.push(c);
			runStart.push(-1);
		} else {
			// A run starts at the first episode, and at the first episode beyond the current run's N days.
			const start = i === 0 ? 0 : day[i] > day[runStart[i - 1]] + days - 1 ? i : runStart[i - 1];
			runStart.push(start);
			count.push(i - start + 1);
		}
	}
	const out: string[] = [];
	for (let i = 0; i < sorted.length; i++) {
		const newRun = kind === 'from-first' && i > 0 && runStart[i] !== runStart[i - 1];
		if (count[i] >= threshold && (i === 0 || newRun || count[i - 1] < threshold)) out.push(`${sorted[i].id}:${count[i]}`);
	}
	return out;
}

describe('professional-judgement triggers (Westmorland and Furness)', () => {
	const repeat = loadPackageDir('protocols/westmorland-and-furness/2024.1').protocol.repeatMissing as RepeatMissing;

	it('holds the triggers that apply and asks for a decision with a rationale form', () => {
		const facts = sampleFacts({ child: { ageYears: 11 }, episode: { hoursMissing: 30, injured: true } });
		const ids = judgementTriggers(repeat, facts).map((t) => t.id);
		expect(ids).toEqual(expect.arrayContaining(['under-12', 'missing-over-24h', 'injured']));
		expect(ids).not.toContain('victim-of-crime');
		const task = judgementDecisionTask(repeat, judgementTriggers(repeat, facts), base, base + DAY, 'Team manager');
		expect(task).toMatchObject({ kind: 'judgement-decision', form: repeat.rationaleForm });
	});

	it('asks nothing when no trigger holds', () => {
		const facts = sampleFacts({ child: { ageYears: 15 }, episode: { hoursMissing: 3 } });
		expect(judgementTriggers(repeat, facts)).toEqual([]);
		expect(judgementDecisionTask(repeat, [], base, base + DAY, 'x')).toBeNull();
	});
});
