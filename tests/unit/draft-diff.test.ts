import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { FormSchema } from '../../src/lib/protocol/types.js';
import { combineVersions, compareVersions, suggestedVersion } from '../../src/lib/protocol/draft-diff.js';

const report = JSON.parse(readFileSync('protocols/medway/2024.1/forms/missing-report.json', 'utf8')) as FormSchema;

const base = { missingFrom: 'Home address', clothing: 'Green coat', 'missingAt-day': '2', 'missingAt-month': '3', 'missingAt-year': '2024', 'missingAt-time': '18:00' };

describe('comparing two versions of a draft', () => {
	const mine = { ...base, clothing: 'Green coat, red scarf', 'missingAt-day': '31', 'missingAt-month': '2', lastSeenLocation: 'Bus station', circumstances: '' };
	const theirs = { ...base, missingFrom: 'Grandmother’s house', clothing: 'Blue parka', 'associates[0]': '', 'associates[0].name': 'Kim' };
	const compared = compareVersions(report, { base, mine, theirs });
	const byKey = Object.fromEntries(compared.map((c) => [c.key, c]));

	it('lists each answered question by its label and page, saying who changed it', () => {
		expect(compared.map((c) => c.key)).toEqual(['missingFrom', 'missingAt', 'lastSeenLocation', 'clothing', 'associates']);
		expect(byKey.missingFrom).toMatchObject({ label: 'Where the child went missing from', pageTitle: 'When and where', same: false, changedBy: 'them', mine: ['Home address'], theirs: ['Grandmother’s house'] });
		expect(byKey.clothing).toMatchObject({ same: false, changedBy: 'both', mine: ['Green coat, red scarf'], theirs: ['Blue parka'] });
		expect(byKey.lastSeenLocation).toMatchObject({ changedBy: 'me', mine: ['Bus station'], theirs: [] });
		expect(byKey.associates).toMatchObject({ changedBy: 'them', mine: [], theirs: ['Associate 1: Name: Kim'] });
	});

	it('shows an answer that cannot be read yet exactly as typed', () => {
		expect(byKey.missingAt.mine).toEqual(['As typed: 31/2/2024 18:00']);
		expect(byKey.missingAt.theirs).toEqual(['Saturday 2 March 2024, 18:00']);
	});

	it('treats a blank box as no answer, and leaves out prefilled questions', () => {
		expect(byKey.circumstances).toBeUndefined();
		expect(compared.some((c) => c.key === 'childName')).toBe(false);
		const same = compareVersions(report, { base: {}, mine: { missingFrom: 'Home', whoWith: '' }, theirs: { missingFrom: 'Home' } });
		expect(same).toEqual([expect.objectContaining({ key: 'missingFrom', same: true, changedBy: 'both' })]);
	});

	it('suggests the version that changed an answer, and mine when both did', () => {
		expect(suggestedVersion(byKey.missingFrom)).toBe('theirs');
		expect(suggestedVersion(byKey.lastSeenLocation)).toBe('mine');
		expect(suggestedVersion(byKey.clothing)).toBe('mine');
	});

	it('combines whole questions from the version chosen for each', () => {
		const choice: Record<string, 'mine' | 'theirs'> = { clothing: 'theirs', missingAt: 'mine', associates: 'theirs' };
		const combined = combineVersions(report, mine, theirs, (key) => choice[key] ?? 'mine');
		expect(combined).toMatchObject({
			missingFrom: 'Home address',
			clothing: 'Blue parka',
			'missingAt-day': '31',
			'missingAt-month': '2',
			lastSeenLocation: 'Bus station',
			'associates[0].name': 'Kim'
		});
		expect(combineVersions(report, mine, theirs, () => 'theirs')).toEqual(theirs);
		expect(combineVersions(report, mine, theirs, () => 'mine')).toEqual(mine);
	});
});
