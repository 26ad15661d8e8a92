import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FormNode, FormSchema } from '../../src/lib/protocol/types.js';
import { validatorFor } from '../../src/lib/protocol/form-validate.js';
import { createRegistry, defaultRegistry, errorLinks, RADIOS_MAX_OPTIONS, type WidgetEntry } from '../../src/lib/forms/widget-registry.js';

const pick = (node: FormNode) => defaultRegistry.widgetFor(node).name;
const choices = (n: number) => Array.from({ length: n }, (_, i) => ({ const: `o${i}`, title: `Option ${i}` }));

describe('choosing a widget for a question', () => {
	it('follows the shape of the question', () => {
		expect(pick({ type: 'string', title: 'Name' })).toBe('text');
		expect(pick({ type: 'string', title: 'Circumstances', maxLength: 5000 })).toBe('textarea');
		expect(pick({ type: 'string', title: 'Seen', format: 'date-time' })).toBe('date');
		expect(pick({ type: 'boolean', title: 'Injured' })).toBe('yesno');
		expect(pick({ type: 'integer', title: 'Hours' })).toBe('number');
		expect(pick({ type: 'array', title: 'Belongings', items: { type: 'string', title: 'B', enum: ['bag', 'phone'] } })).toBe('checkboxes');
		expect(pick({ type: 'array', title: 'Associates', items: { type: 'object', title: 'A', properties: { n: { type: 'string', title: 'N' } } } })).toBe('repeater');
		expect(pick({ type: 'object', title: 'Address', properties: { p: { type: 'string', title: 'P' } } })).toBe('fieldset');
	});

	it('uses radios for short lists and a select for long ones', () => {
		expect(pick({ type: 'string', title: 'Short', oneOf: choices(RADIOS_MAX_OPTIONS) })).toBe('radios');
		expect(pick({ type: 'string', title: 'Long', oneOf: choices(RADIOS_MAX_OPTIONS + 1) })).toBe('select');
	});

	it('lets the author choose, and shows prefilled answers read-only whatever their type', () => {
		expect(pick({ type: 'string', title: 'Long', oneOf: choices(3), 'x-ui': { widget: 'select' } })).toBe('select');
		expect(pick({ type: 'string', title: 'Notes', 'x-ui': { widget: 'textarea' } })).toBe('textarea');
		expect(pick({ type: 'string', title: 'Born', format: 'date', 'x-ui': { prefill: 'child.dateOfBirth' } })).toBe('readonly');
	});

	it('ignores an author naming a widget that cannot show the question', () => {
		expect(pick({ type: 'boolean', title: 'Injured', 'x-ui': { widget: 'textarea' } })).toBe('yesno');
	});

	it('takes a new widget that outranks the built-in ones without other changes', () => {
		const stars: WidgetEntry = {
			name: 'rating',
			tester: (n) => (n.type === 'integer' && n.maximum === 5 ? 50 : 0),
			component: defaultRegistry.widgetFor({ type: 'integer', title: 'x' }).component
		};
		const registry = createRegistry([stars]);
		expect(registry.widgetFor({ type: 'integer', title: 'How safe do you feel?', minimum: 1, maximum: 5 }).name).toBe('rating');
		expect(registry.widgetFor({ type: 'integer', title: 'Hours' }).name).toBe('number');
	});

	it('links error summary entries to the input that needs attention', () => {
		const schema = {
			properties: {
				seenAt: { type: 'string', title: 'Seen', format: 'date-time' },
				associates: { type: 'array', title: 'Associates', items: { type: 'object', title: 'A', properties: { name: { type: 'string', title: 'Name' } } } }
			}
		} as Pick<FormSchema, 'properties'>;
		const links = errorLinks(schema, [
			{ path: 'seenAt', message: 'Seen must include a month', part: 'month' },
			{ path: 'associates', message: 'Add at least one associate' },
			{ path: 'associates[1].name', message: 'Enter name for associate 2' }
		]);
		expect(links.map((l) => l.href)).toEqual(['#seenAt-month', '#associates-add', '#associates-1-name']);
	});
});

describe('the reference protocols’ forms', () => {
	const forms: Array<[string, FormSchema]> = [];
	for (const id of readdirSync('protocols')) {
		for (const version of readdirSync(join('protocols', id))) {
			const dir = join('protocols', id, version, 'forms');
			let files: string[] = [];
			try {
				files = readdirSync(dir).filter((f) => f.endsWith('.json'));
			} catch {
				continue;
			}
			for (const f of files) forms.push([join(dir, f), JSON.parse(readFileSync(join(dir, f), 'utf8')) as FormSchema]);
		}
	}

	it.each(forms)('%s compiles and every question has a widget', (_file, schema) => {
		expect(typeof validatorFor(schema)).toBe('function');
		const walk = (node: FormNode): void => {
			expect(() => defaultRegistry.widgetFor(node)).not.toThrow();
			if (node.type === 'object' && defaultRegistry.widgetFor(node).name === 'fieldset') Object.values(node.properties ?? {}).forEach(walk);
			if (node.type === 'array' && node.items?.type === 'object') Object.values(node.items.properties ?? {}).forEach(walk);
		};
		Object.values(schema.properties).forEach(walk);
	});
});
