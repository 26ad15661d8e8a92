import { describe, expect, it } from 'vitest';
import { diffVersions } from '../../src/lib/protocol/version-diff.js';
import { smallProtocol, src } from '../fixtures/audit/small-protocol.js';

function sentences(d: ReturnType<typeof diffVersions>): string[] {
	return d.sections.flatMap((s) => s.changes.map((c) => c.sentence));
}

describe('version diff', () => {
	it('says nothing changed between identical versions', () => {
		expect(diffVersions(smallProtocol('x', '1'), smallProtocol('x', '2')).sections).toEqual([]);
	});

	it('words a change of risk categories the way a committee reads it', () => {
		const from = smallProtocol('x', '1');
		const to = smallProtocol('x', '2');
		to.protocol.riskCategories = to.protocol.riskCategories.filter((c) => c.id !== 'absent');
		to.protocol.riskCategories.push(
			{ id: 'low', label: 'Low', definition: 'Possible but minimal.', source: src('1.12', 'Low risk.') },
			{ id: 'no-apparent-risk', label: 'No apparent risk', definition: 'No apparent risk of harm.', source: src('1.12', 'No apparent risk.') }
		);
		const d = diffVersions(from, to);
		const risk = d.sections.find((s) => s.title === 'Risk categories')!;
		expect(risk.summary).toBe("Risk categories: 'Absent' removed; 'Low' and 'No apparent risk' added.");
		expect(risk.changes.find((c) => c.kind === 'added')!.source!.section).toBe('1.12');
	});

	it('words a changed clock with its old and new length', () => {
		const to = smallProtocol('x', '2');
		to.protocol.clocks[0].duration = { unit: 'workingDays', amount: 5 };
		expect(sentences(diffVersions(smallProtocol('x', '1'), to))).toContain(
			"Clock 'RHI within 72 hours': length changed from “72 hours” to “5 working days”."
		);
	});

	it('reports a Stage One threshold change and who does the RHI for a cohort', () => {
		const to = smallProtocol('x', '2');
		to.protocol.repeatMissing!.stages[0].threshold = 4;
		to.protocol.rhi.allocation = to.protocol.rhi.allocation.filter((r) => r.id !== 'placed-here');
		const all = sentences(diffVersions(smallProtocol('x', '1'), to));
		expect(all).toContain("Stage 'Stage One': episodes changed from “3” to “4”.");
		expect(all).toContain("Allocation row 'placed here' removed.");
		expect(all.find((s) => s.startsWith("For: another council's child placed in the area"))).toMatch(/from Placing authority .* to RHI team/);
	});

	it('lists form questions added, removed and changed', () => {
		const to = smallProtocol('x', '2');
		const form = to.forms['missing-report'];
		delete form.properties.photo;
		form.properties.clothing = { type: 'string', title: 'What were they wearing?', 'x-ui': { content: 'clothing' } };
		form.properties.childName.title = 'Full name';
		const section = diffVersions(smallProtocol('x', '1'), to).sections.find((s) => s.title === 'Form: Missing report')!;
		const words = section.changes.map((c) => c.sentence);
		expect(words).toContain("Question 'Recent photo' removed.");
		expect(words.find((w) => w.startsWith("Question 'What were they wearing?' added"))).toBeDefined();
		expect(words).toContain("Question 'Full name': name changed from “Child's name” to “Full name”.");
	});

	it('reports the RHI time limit and notifications', () => {
		const to = smallProtocol('x', '2');
		to.protocol.rhi.within = { unit: 'days', amount: 5 };
		to.protocol.notifications.push({ id: 'parents', recipient: 'parents', on: 'REPORT', source: src('4', 'Tell the parents.') });
		const all = sentences(diffVersions(smallProtocol('x', '1'), to));
		expect(all).toContain('The time limit changed from 72 hours to 5 days.');
		expect(all.find((s) => s.startsWith("Notification 'Parents and those with parental responsibility when the child is reported missing' added"))).toBeDefined();
	});
});
