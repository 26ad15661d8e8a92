/**
 * The benchmark form: 300 questions in Homeward's form format (JSON Schema subset + `x-ui`).
 *
 * Deterministic, so every run and every renderer sees the same form:
 * - 12 sections (objects rendered as fieldsets), each with a yes/no gate, 18 questions of nine
 *   kinds and a nested group of 5 questions;
 * - 3 repeating groups (arrays of objects, 4 questions per item, 2 items prefilled);
 * - 8 conditional questions per section: 6 shown when the section's gate is "yes", 2 when the
 *   section's radios answer is "b". Conditions only compare a sibling answer with a constant,
 *   so each peer library has an exact equivalent (see translate.mjs).
 *
 * Leaves are counted once per schema node (a repeating group's item questions count once).
 */

export const SECTIONS = 12;
const KINDS = ['text', 'textarea', 'integer', 'yesno', 'radios', 'select', 'checkboxes', 'date', 'email'];
const RADIO_OPTIONS = ['a', 'b', 'c', 'd'];
const SELECT_OPTIONS = Array.from({ length: 12 }, (_, i) => `option-${i + 1}`);

const pad = (n) => String(n).padStart(2, '0');

function leaf(kind, title) {
	switch (kind) {
		case 'text':
			return { type: 'string', title, maxLength: 100, 'x-ui': { hint: `Hint for ${title.toLowerCase()}` } };
		case 'textarea':
			return { type: 'string', title, maxLength: 2000, 'x-ui': { widget: 'textarea', rows: 4 } };
		case 'integer':
			return { type: 'integer', title, minimum: 0, maximum: 168, 'x-ui': { widget: 'number', suffix: 'hours' } };
		case 'yesno':
			return { type: 'boolean', title, 'x-ui': { widget: 'yesno' } };
		case 'radios':
			return {
				type: 'string',
				title,
				oneOf: RADIO_OPTIONS.map((c) => ({ const: c, title: `Answer ${c.toUpperCase()}` })),
				'x-ui': { widget: 'radios' }
			};
		case 'select':
			return {
				type: 'string',
				title,
				oneOf: SELECT_OPTIONS.map((c, i) => ({ const: c, title: `Choice number ${i + 1}` })),
				'x-ui': { widget: 'select' }
			};
		case 'checkboxes':
			return {
				type: 'array',
				title,
				uniqueItems: true,
				items: { type: 'string', title: 'Option', enum: ['police', 'school', 'health', 'family', 'other'] },
				'x-ui': { widget: 'checkboxes' }
			};
		case 'date':
			return { type: 'string', title, format: 'date', 'x-ui': { widget: 'date' } };
		case 'email':
			return { type: 'string', title, format: 'email', maxLength: 254, 'x-ui': { widget: 'email' } };
		default:
			throw new Error(`unknown kind ${kind}`);
	}
}

/** Paths are dot-separated from the form root, as JSON Logic `var` reads them. */
export function buildForm() {
	const properties = {};
	const data = {};
	let questions = 0;
	let conditional = 0;
	const repeaters = [];

	for (let s = 1; s <= SECTIONS; s++) {
		const id = `s${pad(s)}`;
		const props = {};
		const sectionData = {};
		// Even sections open their gate so half the gated questions are visible on first render.
		const gateOpen = s % 2 === 0;
		props.gate = { type: 'boolean', title: `Section ${s}: are there concerns to record?`, 'x-ui': { widget: 'yesno' } };
		sectionData.gate = gateOpen;
		questions++;

		for (let q = 0; q < 18; q++) {
			const kind = KINDS[q % KINDS.length];
			const node = leaf(kind, `Section ${s} question ${q + 1} (${kind})`);
			if (q >= 10 && q <= 15) {
				node['x-ui'].showWhen = { '==': [{ var: `${id}.gate` }, true] };
				conditional++;
			} else if (q >= 16) {
				node['x-ui'].showWhen = { '==': [{ var: `${id}.q04` }, 'b'] };
				conditional++;
			}
			props[`q${pad(q)}`] = node;
			questions++;
		}
		// Every section answers its radios with "b" in sections divisible by 3.
		if (s % 3 === 0) sectionData.q04 = 'b';
		// The first question is required and prefilled, so no error is shown before typing.
		sectionData.q00 = `Answer for section ${s}`;

		const detailsProps = {};
		for (let d = 0; d < 5; d++) {
			detailsProps[`d${d}`] =
				d === 0
					? { type: 'string', title: `Section ${s} reference`, maxLength: 12, 'x-ui': { hint: 'At most 12 characters' } }
					: leaf(KINDS[(d + s) % KINDS.length], `Section ${s} detail ${d + 1}`);
			questions++;
		}
		props.details = { type: 'object', title: `Section ${s} details`, properties: detailsProps, 'x-ui': { widget: 'fieldset' } };

		if (s % 4 === 3) {
			const itemProps = {
				name: { type: 'string', title: 'Name', maxLength: 100 },
				relationship: {
					type: 'string',
					title: 'Relationship',
					oneOf: RADIO_OPTIONS.map((c) => ({ const: c, title: `Relationship ${c.toUpperCase()}` })),
					'x-ui': { widget: 'select' }
				},
				phone: { type: 'string', title: 'Phone number', maxLength: 30, 'x-ui': { widget: 'tel' } },
				notes: { type: 'string', title: 'Notes', maxLength: 500, 'x-ui': { widget: 'textarea', rows: 3 } }
			};
			questions += 4;
			props.people = {
				type: 'array',
				title: `Section ${s} people`,
				maxItems: 20,
				items: { type: 'object', title: 'Person', properties: itemProps, 'x-ui': { widget: 'fieldset' } },
				'x-ui': { widget: 'repeater', itemLabel: 'Person' }
			};
			sectionData.people = [
				{ name: 'First person', relationship: 'a', phone: '01234 567890', notes: 'Known to the family' },
				{ name: 'Second person', relationship: 'c', phone: '07700 900123', notes: '' }
			];
			repeaters.push(`${id}.people`);
		}

		properties[id] = {
			type: 'object',
			title: `Section ${s}`,
			properties: props,
			required: ['q00'],
			'x-ui': { widget: 'fieldset', }
		};
		data[id] = sectionData;
	}

	/** @type {import('../../src/lib/protocol/types.ts').FormSchema} */
	const schema = {
		$schema: 'https://json-schema.org/draft/2020-12/schema',
		$id: 'bench-300',
		title: 'Benchmark form with 300 questions',
		version: '1.0.0',
		type: 'object',
		properties
	};

	// The keystroke target starts at its 12-character limit, so each typed character makes it
	// invalid and each backspace makes it valid again: every keystroke changes what is shown.
	const target = { path: ['s06', 'details', 'd0'], maxLength: 12, initial: 'REF-00000001' };
	data.s06.details = { d0: target.initial };
	// The last question of the form: when it is in the DOM the whole form has rendered.
	const sentinel = { path: [`s${pad(SECTIONS)}`, 'details', 'd0'] };

	return { schema, data, target, sentinel, stats: { questions, conditional, repeaters } };
}
