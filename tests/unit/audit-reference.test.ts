/** The auditor views over the reference packages: the differences the source documents state. */
import { beforeAll, describe, expect, it } from 'vitest';
import { validatePackageDir } from '../../src/lib/server/protocol-files.js';
import { normalise, NOT_EXPRESSED } from '../../src/lib/protocol/normalise.js';
import { compareProtocols } from '../../src/lib/protocol/compare.js';
import { diffVersions } from '../../src/lib/protocol/version-diff.js';
import { checkCompliance } from '../../src/lib/protocol/compliance.js';
import type { ProtocolPackage } from '../../src/lib/protocol/types.js';

const packages: Record<string, ProtocolPackage> = {};

beforeAll(async () => {
	for (const dir of ['westmorland-and-furness/2024.1', 'medway/2024.1', 'walsall/2019.1', 'walsall/2019.2', 'england-dfe-2014/2014.1']) {
		const result = await validatePackageDir(`protocols/${dir}`);
		if (!result.package) throw new Error(`protocols/${dir} does not validate`);
		packages[dir] = result.package;
	}
});

describe('reference packages compared', () => {
	it('shows Stage One only where the protocol defines it', () => {
		const table = compareProtocols([normalise(packages['westmorland-and-furness/2024.1']), normalise(packages['medway/2024.1'])]);
		const threshold = table.rows.find((r) => r.key === 'repeat.stage-one.threshold')!;
		expect(threshold.cells[0].value).toBe('3 episodes');
		expect(threshold.cells[0].sources[0].quote).toMatch(/3 episodes within a 90-day rolling period/);
		expect(threshold.cells[1].value).toBe(NOT_EXPRESSED);
		expect(threshold.differs).toBe(true);
		expect(table.rows.find((r) => r.key === 'repeat.stage-one.window')!.cells[0].value).toBe('a rolling 90 days');
	});

	it('shows the absent category in Walsall 2019.1 and not in 2019.2', () => {
		const cats = (v: string) => normalise(packages[`walsall/${v}`]).parameters.find((p) => p.key === 'risk.categories')!.value;
		expect(cats('2019.1')).toMatch(/\bAbsent\b/);
		expect(cats('2019.2')).not.toMatch(/\bAbsent\b/);
		expect(cats('2019.2')).toMatch(/No apparent risk/);
	});

	it('words the Walsall revision as a committee reads it', () => {
		const d = diffVersions(packages['walsall/2019.1'], packages['walsall/2019.2']);
		const risk = d.sections.find((s) => s.title === 'Risk categories')!;
		expect(risk.summary).toMatch(/^Risk categories: 'Absent' removed; .*'No apparent risk' added/);
	});

	it('answers who does the RHI for another council’s child in each area', () => {
		const cell = (dir: string) => normalise(packages[dir]).parameters.find((p) => p.key === 'allocation.other-council-child-placed-here')!;
		expect(cell('westmorland-and-furness/2024.1').value).toMatch(/responsible \(placing\) authority/);
		expect(cell('medway/2024.1').value).toMatch(/responsible \(placing\) authority/);
		expect(cell('walsall/2019.2').value).toMatch(/this council/);
	});
});

describe('form coverage an auditor reads', () => {
	const value = (dir: string, key: string) => normalise(packages[dir]).parameters.find((p) => p.key === key)!;

	it('names the forms that record a meeting’s chair, attendees, decisions and actions, and the rationale when none is held', () => {
		expect(value('westmorland-and-furness/2024.1', 'content.meeting.meeting-chair').value).toBe(
			'Asked on: Strategy meeting record; Stage One missing meeting record; Stage Two missing meeting record'
		);
		expect(value('westmorland-and-furness/2024.1', 'content.meeting.meeting-not-held-rationale').value).toBe('Asked on: Decision not to hold a meeting');
		expect(value('medway/2024.1', 'content.meeting.meeting-actions').value).toBe('Asked on: Multi-agency strategy discussion');
		// Walsall's report names no meeting with a chair: its liaison record has people and decisions only.
		expect(value('walsall/2019.2', 'content.meeting.meeting-chair').value).toBe(NOT_EXPRESSED);
		expect(value('walsall/2019.2', 'content.meeting.meeting-attendees').value).toBe('Asked on: Repeat missing: liaison with the social worker and police');
		const chair = value('westmorland-and-furness/2024.1', 'content.meeting.meeting-chair');
		expect(chair.sources.map((s) => s.section)).toContain('Question “chairRole”');
	});

	it('says whether the risk assessment form offers the protocol’s own categories', () => {
		expect(value('westmorland-and-furness/2024.1', 'risk.form').value).toBe('Missing person risk assessment: high, medium, low (the protocol’s own categories)');
		expect(value('walsall/2019.1', 'risk.form').value).toMatch(/high, medium, absent \(the protocol’s own categories\)$/);
		expect(value('medway/2024.1', 'risk.form').value).toBe('Missing risk assessment: answered in words (the protocol states no categories)');
	});

	it('shows Walsall’s follow-up contacts after a decline as listed and asked, and the priority situations where the protocol states them', () => {
		expect(value('walsall/2019.1', 'content.rhi.follow-up-attempts').value).toBe('Listed; asked on the form');
		expect(value('medway/2024.1', 'content.rhi.follow-up-attempts').value).toBe(NOT_EXPRESSED);
		expect(value('westmorland-and-furness/2024.1', 'content.rhi.priority-circumstances').value).toBe('Listed; asked on the form');
		expect(value('england-dfe-2014/2014.1', 'content.rhi.priority-circumstances').value).toBe('Asked on the form; not listed');
	});
});

describe('reference packages against the baseline', () => {
	it('gives every reference protocol a result with a reason for every check', () => {
		for (const dir of ['westmorland-and-furness/2024.1', 'medway/2024.1', 'walsall/2019.1', 'walsall/2019.2']) {
			const report = checkCompliance(packages[dir], packages['england-dfe-2014/2014.1']);
			expect(report.baseline.id).toBe('england-dfe-2014');
			for (const c of report.checks) {
				expect(c.reason.length, `${dir} ${c.id}`).toBeGreaterThan(10);
				expect(c.citations.length, `${dir} ${c.id}`).toBeGreaterThan(0);
			}
		}
	});

});
