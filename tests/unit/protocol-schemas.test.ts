import { describe, expect, it } from 'vitest';
import { ACTIONS, ALLOCATION_FACTS, CONTENT_ITEMS, FORM_FACTS, GUARDS, MEETING_CONTENT_ITEMS, RECIPIENTS, RHI_CONTENT_ITEMS, RISK_CONTENT_ITEMS, RISK_RULE_KINDS } from '../../src/lib/protocol/library.js';
import { META_SCHEMAS } from '../../src/lib/protocol/meta-schemas.js';
import { checkJsonLogic, JSON_LOGIC_OPERATORS } from '../../src/lib/protocol/json-logic-check.js';
import { FACT_PATHS, isFactPath } from '../../src/lib/protocol/fact-paths.js';

const defs = (kind: keyof typeof META_SCHEMAS) => META_SCHEMAS[kind].$defs as Record<string, { enum?: unknown[] }>;

describe('the meta-schemas enumerate exactly the engine library', () => {
	it.each([
		['lifecycle', 'guardName', GUARDS],
		['lifecycle', 'actionName', ACTIONS],
		['protocol', 'riskRuleKind', RISK_RULE_KINDS],
		['protocol', 'recipient', RECIPIENTS],
		['protocol', 'allocationFact', ALLOCATION_FACTS],
		['protocol', 'contentItem', CONTENT_ITEMS],
		['protocol', 'rhiContentItem', RHI_CONTENT_ITEMS],
		['protocol', 'formFact', Object.keys(FORM_FACTS)]
	] as const)('%s.schema.json $defs/%s', (kind, def, list) => {
		expect(defs(kind)[def].enum).toEqual([...list]);
	});

	it('lets a form question name any minimum-report, RHI, meeting or risk content item, and nothing else', () => {
		const allowed = new Set(defs('form').uiContentItem.enum);
		expect(allowed).toEqual(new Set([...CONTENT_ITEMS, ...RHI_CONTENT_ITEMS, ...MEETING_CONTENT_ITEMS, ...RISK_CONTENT_ITEMS]));
	});

	it('offers forms no regular-expression keyword', () => {
		const node = defs('form').node as unknown as { properties: Record<string, unknown>; additionalProperties: unknown };
		expect(Object.keys(node.properties)).not.toContain('pattern');
		expect(node.additionalProperties).toBe(false);
	});
});

describe('JSON Logic checks', () => {
	const known = { isKnownVar: isFactPath };

	it('accepts the operators conditions need', () => {
		const rule = { and: [{ '<': [{ var: 'child.ageYears' }, 12] }, { '!': { var: 'episode.stillMissing' } }, { in: ['high', [{ var: 'episode.riskCategory' }]] }] };
		expect(checkJsonLogic(rule, known)).toEqual([]);
	});

	it('rejects operators outside the allow-list, wherever they are nested', () => {
		const problems = checkJsonLogic({ or: [true, { map: [[1], { var: '' }] }] }, known);
		expect(problems.map((p) => p.path)).toEqual([['or', 1, 'map']]);
		expect(JSON_LOGIC_OPERATORS).not.toContain('map');
	});

	it('checks vars with defaults and in missing, but not vars that name array items', () => {
		expect(checkJsonLogic({ var: ['child.age', 0] }, known)[0]).toMatchObject({ path: ['var', 0], unknownVar: 'child.age' });
		expect(checkJsonLogic({ missing: ['episode.injured', 'episode.hurt'] }, known)).toMatchObject([{ path: ['missing', 1], unknownVar: 'episode.hurt' }]);
		expect(checkJsonLogic({ some: [[1, 2], { '>': [{ var: '' }, 1] }] }, known)).toEqual([]);
	});

	it('rejects an object holding two operators', () => {
		expect(checkJsonLogic({ '==': [1, 1], '!=': [1, 2] }, known)[0].message).toContain('exactly one operator');
	});

	it('lists every Facts path once', () => {
		expect(new Set(FACT_PATHS).size).toBe(FACT_PATHS.length);
		expect(FACT_PATHS.every((path) => /^(child|episode)\.[a-zA-Z]+$/.test(path))).toBe(true);
	});
});
