/**
 * Risk rules applied to a grading, on a small hand-made protocol with one rule of each kind, and
 * the episode facts a form's answers teach the engine.
 */
import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { factsLearned, gradingRefusal, withLearnedFacts } from '../../src/lib/protocol/risk-rules.js';
import { validatePackage } from '../../src/lib/protocol/package-validate.js';
import { readPackageFiles } from '../../src/lib/server/protocol-files.js';
import type { ProtocolDocument, RiskRule } from '../../src/lib/protocol/types.js';
import { sampleFacts } from '../support/engine-packages.js';

const source = { document: 'Testshire Missing Children Procedure', section: '2', quote: 'A sentence.' };
const rule = (r: Omit<RiskRule, 'source'>): RiskRule => ({ ...r, source });

function protocolWith(riskRules: RiskRule[]): ProtocolDocument {
	return {
		riskCategories: ['high', 'medium', 'low'].map((id) => ({ id, label: `${id[0].toUpperCase()}${id.slice(1)} risk`, definition: id, source })),
		riskRules
	} as unknown as ProtocolDocument;
}

const minimum = rule({ id: 'min', kind: 'minimum-category', category: 'medium', text: 'Children are graded medium or high.' });
const lowOnlyWith = rule({
	id: 'low-only',
	kind: 'allow-category-only-when',
	category: 'low',
	when: { and: [{ '!=': [{ var: 'episode.reviewTimeHours' }, null] }, { '<=': [{ var: 'episode.reviewTimeHours' }, 2] }] },
	text: 'Low only with a review time of at most 2 hours.'
});
const linkedHigh = rule({ id: 'ce', kind: 'category-when', category: 'high', when: { '==': [{ var: 'episode.exploitationLinked' }, true] }, text: 'Exploitation linked means high.' });
const review = rule({ id: 'review', kind: 'review-within', category: 'low', params: { within: { unit: 'hours', amount: 2 } }, text: 'Low is reviewed within 2 hours.' });

const facts = (episode: Partial<ReturnType<typeof sampleFacts>['episode']> = {}) => sampleFacts({ episode });

describe('gradingRefusal', () => {
	it('allows any category when the protocol has no rules', () => {
		for (const c of ['high', 'medium', 'low']) expect(gradingRefusal(protocolWith([]), c, facts())).toBeNull();
	});

	it('refuses a category below the minimum, naming the rule, its source and what is allowed', () => {
		const p = protocolWith([minimum]);
		expect(gradingRefusal(p, 'medium', facts())).toBeNull();
		expect(gradingRefusal(p, 'low', facts())).toBe(
			'The risk cannot be graded Low risk: Children are graded medium or high. (Testshire Missing Children Procedure, 2) With these answers the protocol allows High risk or Medium risk.'
		);
	});

	it('lets an exception rule open a category below the minimum only when its condition holds', () => {
		const p = protocolWith([minimum, lowOnlyWith]);
		expect(gradingRefusal(p, 'low', facts({ reviewTimeHours: 1.5 }))).toBeNull();
		const refused = gradingRefusal(p, 'low', facts({ reviewTimeHours: null }));
		// The exception says better why than the minimum does.
		expect(refused).toContain('Low only with a review time of at most 2 hours.');
		expect(refused).not.toContain('Children are graded medium or high.');
	});

	it('raises the category when a condition holds, and only then', () => {
		const p = protocolWith([linkedHigh]);
		expect(gradingRefusal(p, 'medium', facts({ exploitationLinked: false }))).toBeNull();
		expect(gradingRefusal(p, 'medium', facts({ exploitationLinked: true }))).toMatch(/Exploitation linked means high\..*allows High risk\.$/);
		expect(gradingRefusal(p, 'high', facts({ exploitationLinked: true }))).toBeNull();
	});

	it('refuses a review time longer than the rule allows for that category', () => {
		const p = protocolWith([review]);
		expect(gradingRefusal(p, 'low', facts({ reviewTimeHours: 2 }))).toBeNull();
		expect(gradingRefusal(p, 'low', facts({ reviewTimeHours: 3 }))).toContain('Low is reviewed within 2 hours.');
		expect(gradingRefusal(p, 'medium', facts({ reviewTimeHours: 3 }))).toBeNull();
	});
});

describe('episode facts from a form', () => {
	const protocol = {
		episodeFacts: [
			{ fact: 'episode.exploitationLinked', form: 'risk', value: { var: 'linked' } },
			{ fact: 'episode.injured', form: 'risk', value: { in: ['injured', { var: ['concerns', []] }] } },
			{ fact: 'episode.reviewTimeHours', form: 'risk', value: { var: 'review' } }
		]
	} as unknown as ProtocolDocument;

	it('reads each fact from its form’s answers, as the fact’s type', () => {
		expect(factsLearned(protocol, { risk: { data: { linked: true, concerns: ['injured'], review: 1.5 } } })).toEqual({
			'episode.exploitationLinked': true,
			'episode.injured': true,
			'episode.reviewTimeHours': 1.5
		});
		expect(factsLearned(protocol, { risk: { data: {} } })).toEqual({
			'episode.exploitationLinked': false,
			'episode.injured': false,
			'episode.reviewTimeHours': null
		});
	});

	it('learns nothing from a step without that form, and lays what it learned over the facts', () => {
		expect(factsLearned(protocol, { other: { data: { linked: true } } })).toEqual({});
		const f = withLearnedFacts(facts(), { 'episode.injured': true });
		expect(f.episode.injured).toBe(true);
		expect(f.episode.exploitationLinked).toBe(false);
	});

	it('is refused at load time when it names a question its form does not have', async () => {
		const files = await readPackageFiles(resolve(__dirname, '../fixtures/protocols/minimal/1.0'));
		const protocolText = files['protocol.json'].replace(
			'"forms": [',
			'"episodeFacts": [{ "fact": "episode.injured", "form": "missing-report", "value": { "var": "injurd" } }],\n\t"forms": ['
		);
		const result = validatePackage({ ...files, 'protocol.json': protocolText }, { id: 'minimal', version: '1.0' });
		expect(result.errors.map((e) => `${e.pointer} ${e.message}`)).toEqual([
			expect.stringMatching(/^\/episodeFacts\/0\/value\/var unknown answer "injurd" in form "missing-report".*questions \(name, lastSeen, photo, photoConsent\)/)
		]);
	});
});
