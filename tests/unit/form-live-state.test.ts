/**
 * The form's live state in the browser: conditions decided from only the answers they read
 * must agree with deciding them on every answer (as the server does), and the character count
 * must agree with the server's length check.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import type { FormNode, FormSchema, JsonLogic } from '../../src/lib/protocol/types.js';
import { answerLength, childPath, itemCount, parseFields, parseGroup, partName, removeItem, type FieldValues } from '../../src/lib/protocol/form-data.js';
import { conditionData, conditionReads, isRequiredWhen, isShown } from '../../src/lib/protocol/form-conditions.js';
import { checkForm } from '../../src/lib/protocol/form-check.js';
import { FormState } from '../../src/lib/forms/form-state.svelte.js';
import { characterCount, countMessage, countsCharacters, limitMessage } from '../../src/lib/forms/character-count.js';
import { defaultRegistry } from '../../src/lib/forms/widget-registry.js';

const referenceForms: Array<[string, FormSchema]> = [];
for (const id of readdirSync('protocols')) {
	for (const version of readdirSync(join('protocols', id))) {
		const dir = join('protocols', id, version, 'forms');
		let files: string[] = [];
		try {
			files = readdirSync(dir).filter((f) => f.endsWith('.json'));
		} catch {
			continue;
		}
		for (const f of files) referenceForms.push([join(dir, f), JSON.parse(readFileSync(join(dir, f), 'utf8')) as FormSchema]);
	}
}

const context = { child: { name: 'Amelia Hart', ageYears: 13, dateOfBirth: '2011-04-12' }, episode: { hoursMissing: 30 } };

/** Every input of a form (two items per repeating group), with values worth trying in it. */
function inputs(properties: Record<string, FormNode>, prefix = ''): Array<{ name: string; values: string[] }> {
	const out: Array<{ name: string; values: string[] }> = [];
	for (const [key, node] of Object.entries(properties)) {
		const path = childPath(prefix, key);
		const options = (node.oneOf?.map((o) => String(o.const)) ?? node.enum?.map(String) ?? node.items?.oneOf?.map((o) => String(o.const)) ?? node.items?.enum?.map(String)) || [];
		if (node.type === 'object') out.push(...inputs(node.properties ?? {}, path));
		else if (node.type === 'array' && node.items?.type === 'object') {
			for (const i of [0, 1]) {
				out.push({ name: childPath(path, i), values: [''] });
				out.push(...inputs(node.items.properties ?? {}, childPath(path, i)));
			}
		} else if (node.format === 'date' || node.format === 'date-time') {
			for (const part of ['day', 'month', 'year'] as const) out.push({ name: partName(path, part), values: ['', '1', '12', '2024', 'x'] });
			if (node.format === 'date-time') out.push({ name: partName(path, 'time'), values: ['', '14:30', 'x'] });
		} else out.push({ name: path, values: ['', 'yes', 'no', '0', '3', '25', 'some text', ...options] });
	}
	return out;
}

function fieldsFor(schema: FormSchema): fc.Arbitrary<FieldValues> {
	const list = inputs(schema.properties);
	return fc.tuple(...list.map((i) => fc.option(fc.constantFrom(...i.values), { nil: undefined }))).map((values) => {
		const fields: FieldValues = {};
		values.forEach((v, n) => {
			if (v !== undefined) fields[list[n].name] = v;
		});
		return fields;
	});
}

interface Conditional {
	node: FormNode;
	key: string;
	/** Path of the repeating item the question is in, if any. */
	itemPath?: string;
	itemNode?: FormNode;
}

function conditionals(properties: Record<string, FormNode>, prefix = '', item?: { path: string; node: FormNode }): Conditional[] {
	const out: Conditional[] = [];
	for (const [key, node] of Object.entries(properties)) {
		const path = childPath(prefix, key);
		if (node['x-ui']?.showWhen !== undefined || node['x-ui']?.requiredWhen !== undefined) out.push({ node, key, itemPath: item?.path, itemNode: item?.node });
		if (node.type === 'object') out.push(...conditionals(node.properties ?? {}, path, item));
		if (node.type === 'array' && node.items?.type === 'object') {
			for (const i of [0, 1]) out.push(...conditionals(node.items.properties ?? {}, childPath(path, i), { path: childPath(path, i), node: node.items }));
		}
	}
	return out;
}

describe('what a condition reads', () => {
	it('lists the answers and facts it names, outside per-item operators', () => {
		const rule = {
			and: [
				{ '==': [{ var: 'photo' }, true] },
				{ '>=': [{ var: ['child.ageYears', 0] }, 10] },
				{ missing_some: [1, ['address.postcode', 'item.name']] },
				{ some: [{ var: 'associates' }, { '==': [{ var: 'relationship' }, 'friend'] }] }
			]
		};
		expect(conditionReads(rule)?.sort()).toEqual(['address.postcode', 'associates', 'child.ageYears', 'item.name', 'photo']);
	});

	it('says it may read anything when a name is computed, empty, escaped or reaches out of an item', () => {
		const unreadable: JsonLogic[] = [
			{ var: { cat: ['s', 'ection'] } },
			{ var: '' },
			{ '!!': [{ var: 'a\\.b' }] },
			{ some: [{ var: 'associates' }, { '==': [{ var: '../photo' }, true] }] },
			{ missing: [{ var: 'names' }] }
		];
		for (const rule of unreadable) expect(conditionReads(rule)).toBeNull();
	});
});

/** Conditions the reference forms do not (yet) use: nested, overlapping, per item, computed. */
const awkward = {
	$id: 'awkward',
	title: 'Awkward conditions',
	version: '1',
	type: 'object',
	properties: {
		seen: { type: 'boolean', title: 'Seen' },
		where: {
			type: 'object',
			title: 'Where',
			properties: {
				place: { type: 'string', title: 'Place', enum: ['yes', 'no', 'some text'] },
				when: { type: 'string', title: 'When', format: 'date' },
				hours: { type: 'integer', title: 'Hours' }
			}
		},
		agencies: { type: 'array', title: 'Agencies', items: { type: 'string', title: 'Agency', enum: ['yes', 'no', 'police'] } },
		people: {
			type: 'array',
			title: 'People',
			items: {
				type: 'object',
				title: 'Person',
				properties: {
					name: { type: 'string', title: 'Name' },
					known: { type: 'boolean', title: 'Known' },
					how: { type: 'string', title: 'How known', 'x-ui': { showWhen: { and: [{ '==': [{ var: 'item.known' }, true] }, { var: 'seen' }] } } },
					note: { type: 'string', title: 'Note', 'x-ui': { requiredWhen: { '!': [{ missing: ['item.name', 'where.place'] }] } } }
				}
			}
		},
		a: { type: 'string', title: 'A', 'x-ui': { showWhen: { and: [{ var: 'where' }, { '==': [{ var: 'where.place' }, 'yes'] }] } } },
		b: { type: 'string', title: 'B', 'x-ui': { showWhen: { '==': [{ var: 'people.1.name' }, 'some text'] } } },
		c: { type: 'string', title: 'C', 'x-ui': { showWhen: { some: [{ var: 'people' }, { '==': [{ var: 'known' }, false] }] } } },
		d: { type: 'string', title: 'D', 'x-ui': { showWhen: { in: ['police', { var: 'agencies' }] } } },
		e: { type: 'string', title: 'E', 'x-ui': { showWhen: { or: [{ '>': [{ var: 'child.ageYears' }, 12] }, { '<': [{ var: 'where.hours' }, 3] }] } } },
		f: { type: 'string', title: 'F', 'x-ui': { showWhen: { '==': [{ var: 'where.when' }, '2024-12-01'] } } },
		g: { type: 'string', title: 'G', 'x-ui': { showWhen: { missing_some: [2, ['seen', 'where.place', 'nowhere']] } } },
		h: { type: 'string', title: 'H', 'x-ui': { showWhen: { '!!': [{ var: { cat: ['se', 'en'] } }] } } },
		i: { type: 'string', title: 'I', 'x-ui': { requiredWhen: { '!!': [{ var: 'where.missing' }] } } }
	}
} as unknown as FormSchema;

describe('conditions decided in the browser', () => {
	const forms = [...referenceForms.filter(([, schema]) => conditionals(schema.properties).length > 0), ['awkward conditions', awkward] as [string, FormSchema]];

	it('covers every reference form with conditions', () => {
		expect(forms.length).toBeGreaterThan(5);
	});

	it.each(forms)('%s: each question is shown and required as it would be on all the answers', (_file, schema) => {
		const questions = conditionals(schema.properties);
		fc.assert(
			fc.property(fieldsFor(schema), (fields) => {
				const form = new FormState({ schema, fields: { ...fields }, errors: [], context, registry: defaultRegistry, enhanced: true });
				const answers = parseFields(schema, fields).data;
				for (const q of questions) {
					const item = q.itemPath ? parseGroup(q.itemNode?.properties ?? {}, q.itemPath, fields) : undefined;
					const all = conditionData(answers, context, item);
					expect(form.shown(q.node, item)).toBe(isShown(q.node, all));
					expect(form.required(q.node, q.key, undefined, item)).toBe(isRequiredWhen(q.node, all));
				}
			}),
			{ numRuns: 60 }
		);
	});

	it('follows answers as they are typed, changed and cleared', () => {
		const schema = {
			properties: {
				photo: { type: 'string', title: 'Photo', 'x-ui': { widget: 'photo' } },
				consent: { type: 'string', title: 'Consent', enum: ['yes', 'no'], 'x-ui': { showWhen: { '!!': [{ var: 'photo' }] } } },
				where: {
					type: 'object',
					title: 'Where',
					properties: {
						seen: { type: 'boolean', title: 'Seen' },
						place: { type: 'string', title: 'Place', 'x-ui': { showWhen: { '==': [{ var: 'where.seen' }, true] } } }
					}
				}
			}
		} as unknown as FormSchema;
		const form = new FormState({ schema, fields: {}, errors: [], context, registry: defaultRegistry, enhanced: true });
		const consent = schema.properties.consent;
		const place = schema.properties.where.properties!.place;
		const seen = () => [form.shown(consent), form.shown(place)];
		expect(seen()).toEqual([false, false]);
		form.set('photo', 'noah.png');
		expect(seen()).toEqual([true, false]);
		form.set('where.seen', 'yes');
		expect(seen()).toEqual([true, true]);
		form.set('photo', '');
		form.set('where.seen', 'no');
		expect(seen()).toEqual([false, false]);
	});

	it('shows every conditional question until the page is enhanced, so the form works without JavaScript', () => {
		const [, schema] = forms[0];
		const form = new FormState({ schema, fields: {}, errors: [], context, registry: defaultRegistry });
		for (const q of conditionals(schema.properties)) expect(form.shown(q.node)).toBe(true);
	});

	it('removes a repeating item in place, renumbering the rest and keeping every other answer', () => {
		const fields: FieldValues = { 'a[0]': '', 'a[0].name': 'First', 'a[1]': '', 'a[1].name': 'Second', 'a[2].name': 'Third', other: 'kept' };
		const schema = { properties: {} } as unknown as FormSchema;
		const form = new FormState({ schema, fields: { ...fields }, errors: [], context, registry: defaultRegistry });
		form.removeItem('a', 0);
		expect({ ...form.fields }).toEqual(removeItem(fields, 'a', 0));
		expect(itemCount(form.fields, 'a')).toBe(2);
		form.addItem('a');
		expect(itemCount(form.fields, 'a')).toBe(3);
		expect(form.text('a[1].name')).toBe('Third');
	});
});

describe('the character count', () => {
	const node: FormNode = { type: 'string', title: 'Reference', maxLength: 12 };
	const schema = { $id: 'count', title: 'Count', version: '1', type: 'object', properties: { ref: node } } as unknown as FormSchema;

	it('is over the limit exactly when the server would reject the answer as too long', () => {
		const text = fc.array(fc.constantFrom('a', 'Z', ' ', '\t', 'é', '😀', '字', '\u00a0'), { minLength: 8, maxLength: 18 }).map((cs) => cs.join(''));
		fc.assert(
			fc.property(text, (typed) => {
				const tooLong = checkForm(schema, { ref: typed }, {}).errors.some((e) => e.message.includes('characters or fewer'));
				expect(characterCount(node, typed)?.over).toBe(tooLong);
			}),
			{ numRuns: 300 }
		);
	});

	it('counts what would be stored: surrounding spaces are not counted, an emoji is one character', () => {
		expect(answerLength('  REF-1  ')).toBe(5);
		expect(answerLength('😀😀')).toBe(2);
	});

	it('says how many characters are left or too many, as GOV.UK words it', () => {
		const say = (typed: string) => countMessage(characterCount(node, typed)!);
		expect(limitMessage(12)).toBe('You can enter up to 12 characters');
		expect(say('REF-0000000')).toBe('You have 1 character remaining');
		expect(say('REF-00000001')).toBe('You have 0 characters remaining');
		expect(say('REF-00000001x')).toBe('You have 1 character too many');
		expect(say('REF-00000001xy')).toBe('You have 2 characters too many');
	});

	it('announces the count only once typing pauses, so a screen reader is not talked over', () => {
		vi.useFakeTimers();
		try {
			const form = new FormState({ schema, fields: { ref: 'REF-1' }, errors: [], context, registry: defaultRegistry, enhanced: true });
			form.set('ref', 'REF-12');
			vi.advanceTimersByTime(500);
			form.set('ref', 'REF-123');
			expect(form.text('ref')).toBe('REF-123');
			expect(form.settledText('ref')).toBe('REF-1');
			vi.advanceTimersByTime(1000);
			expect(form.settledText('ref')).toBe('REF-123');
		} finally {
			vi.useRealTimers();
		}
	});

	it('is shown for free text with a limit, not for formatted answers whose limit is only a safeguard', () => {
		expect(countsCharacters(node)).toBe(true);
		expect(countsCharacters({ type: 'string', title: 'Notes', maxLength: 500, 'x-ui': { widget: 'textarea' } })).toBe(true);
		expect(countsCharacters({ type: 'string', title: 'Name' })).toBe(false);
		expect(countsCharacters({ type: 'string', title: 'Email', format: 'email', maxLength: 254 })).toBe(false);
		expect(countsCharacters({ type: 'string', title: 'Phone', maxLength: 30, 'x-ui': { widget: 'tel' } })).toBe(false);
	});
});
