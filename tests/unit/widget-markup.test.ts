/**
 * The markup each construct of the form subset renders on the server (what a browser without
 * JavaScript gets), checked against the GOV.UK Design System's components.
 */
import { describe, expect, it } from 'vitest';
import { render } from 'svelte/server';
import FormRenderer from '../../src/lib/forms/FormRenderer.svelte';
import type { FormNode, FormSchema } from '../../src/lib/protocol/types.js';
import type { FieldValues } from '../../src/lib/protocol/form-data.js';
import type { FieldError } from '../../src/lib/protocol/form-errors.js';
import type { UploadsById } from '../../src/lib/protocol/form-summary.js';

function html(properties: Record<string, FormNode>, opts: { fields?: FieldValues; errors?: FieldError[]; uploads?: UploadsById; required?: string[] } = {}): string {
	const schema: FormSchema = { $id: 't', title: 'T', version: '1', type: 'object', properties, required: opts.required };
	// Svelte's hydration markers are not markup: leave them out so the assertions read as HTML.
	return render(FormRenderer, { props: { schema, fields: opts.fields, errors: opts.errors, uploads: opts.uploads } }).body.replace(/<!--[^>]*-->/g, '');
}

/** The opening tag of the element with this id. */
function tag(body: string, id: string): string {
	const m = new RegExp(`<[a-z]+\\b[^>]*\\bid="${id}"[^>]*>`).exec(body);
	if (!m) throw new Error(`no element #${id} in ${body}`);
	return m[0];
}

describe('text questions', () => {
	it('asks for an email, phone number and postcode with the right input type and no spellcheck or autofill of the practitioner’s own details', () => {
		const body = html({
			email: { type: 'string', title: 'Email', format: 'email' },
			phone: { type: 'string', title: 'Phone', format: 'uk-phone', 'x-ui': { widget: 'tel' } },
			postcode: { type: 'string', title: 'Postcode', format: 'uk-postcode' },
			name: { type: 'string', title: 'Name', maxLength: 100 }
		});
		expect(tag(body, 'email')).toMatch(/type="email"/);
		expect(tag(body, 'email')).toMatch(/spellcheck="false"/);
		expect(tag(body, 'phone')).toMatch(/type="tel"/);
		expect(tag(body, 'phone')).toMatch(/govuk-input--width-20/);
		expect(tag(body, 'postcode')).toMatch(/govuk-input--width-10/);
		expect(tag(body, 'postcode')).toMatch(/spellcheck="false"/);
		for (const id of ['email', 'phone', 'postcode', 'name']) expect(tag(body, id)).toMatch(/autocomplete="off"/);
		// A name is prose: the browser may check its spelling.
		expect(tag(body, 'name')).not.toMatch(/spellcheck/);
	});

	it('asks for a time of day with an example, and long text in a textarea', () => {
		const body = html({
			at: { type: 'string', title: 'Time seen', format: 'time' },
			notes: { type: 'string', title: 'Notes', maxLength: 5000, 'x-ui': { rows: 6 } }
		});
		expect(tag(body, 'at')).toMatch(/govuk-input--width-5/);
		expect(tag(body, 'at')).toMatch(/aria-describedby="at-hint"/);
		expect(body).toContain('<div id="at-hint" class="govuk-hint">For example, 14:30</div>');
		expect(tag(body, 'notes')).toMatch(/^<textarea class="govuk-textarea"/);
		expect(tag(body, 'notes')).toMatch(/rows="6"/);
	});

	it('ties the hint and the error to the input, and marks optional questions', () => {
		const body = html(
			{ name: { type: 'string', title: 'Name', 'x-ui': { hint: 'As they use it' } }, other: { type: 'string', title: 'Other' } },
			{ required: ['name'], errors: [{ path: 'name', message: 'Enter name' }] }
		);
		expect(tag(body, 'name')).toMatch(/aria-describedby="name-hint name-error"/);
		expect(tag(body, 'name')).toMatch(/govuk-input--error/);
		expect(body).toContain('<p id="name-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> Enter name</p>');
		expect(body).toContain('for="name">Name</label>');
		expect(body).toContain('for="other">Other (optional)</label>');
	});
});

describe('numbers', () => {
	it('uses a numeric keyboard for whole numbers and a decimal one otherwise, with units as GOV.UK prefixes and suffixes', () => {
		const body = html({
			hours: { type: 'integer', title: 'Time missing', minimum: 0, 'x-ui': { suffix: 'hours' } },
			cost: { type: 'number', title: 'Money they had', 'x-ui': { prefix: '£' } }
		});
		expect(tag(body, 'hours')).toMatch(/inputmode="numeric"/);
		expect(tag(body, 'hours')).toMatch(/type="text"/);
		expect(tag(body, 'cost')).toMatch(/inputmode="decimal"/);
		expect(body).toContain('<div class="govuk-input__suffix" aria-hidden="true">hours</div>');
		expect(body).toContain('<div class="govuk-input__prefix" aria-hidden="true">£</div>');
		// Prefixes and suffixes are hidden from screen readers, so the label says the unit.
		expect(body).toContain('Time missing (optional)<span class="govuk-visually-hidden">, in hours</span></label>');
		expect(body).toContain('Money they had (optional)<span class="govuk-visually-hidden">, in £</span></label>');
	});
});

describe('choices', () => {
	const options = (n: number) => Array.from({ length: n }, (_, i) => ({ const: `o${i}`, title: `Option ${i}` }));

	it('asks yes/no and short lists as radios in a fieldset whose legend is the question', () => {
		const body = html({ injured: { type: 'boolean', title: 'Is the child injured?' }, risk: { type: 'string', title: 'Risk', oneOf: options(3) } }, { fields: { injured: 'yes' } });
		expect(body).toMatch(/<fieldset class="govuk-fieldset"[^>]*><legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Is the child injured\? \(optional\)<\/legend>/);
		expect(tag(body, 'injured')).toMatch(/type="radio"[^>]*value="yes"[^>]*checked/);
		expect(tag(body, 'injured-no')).toMatch(/value="no"/);
		expect(body).toContain('govuk-radios govuk-radios--small govuk-radios--inline');
		expect(tag(body, 'risk-3')).toMatch(/value="o2"/);
	});

	it('asks a long list as a select', () => {
		const body = html({ area: { type: 'string', title: 'Area', oneOf: options(12) } }, { fields: { area: 'o5' } });
		expect(tag(body, 'area')).toMatch(/^<select class="govuk-select"/);
		expect(body).toMatch(/<option value="o5" selected(="")?>Option 5<\/option>/);
		expect(body.match(/selected/g)).toHaveLength(1);
	});

	it('asks a multi-select as checkboxes, saying more than one may be chosen', () => {
		const body = html({ items: { type: 'array', title: 'Belongings', items: { type: 'string', title: 'B', enum: ['bag', 'phone'] } } }, { fields: { items: ['phone'] } });
		expect(tag(body, 'items-2')).toMatch(/type="checkbox"[^>]*value="phone"[^>]*checked/);
		expect(body).toContain('<div id="items-hint" class="govuk-hint">Select all that apply</div>');
		expect(body).toMatch(/<fieldset class="govuk-fieldset" aria-describedby="items-hint">/);
	});
});

describe('dates and groups', () => {
	it('asks a date as the GOV.UK date input, with the time as a fourth box for a date-time', () => {
		const body = html({ seen: { type: 'string', title: 'When last seen', format: 'date-time' } }, { errors: [{ path: 'seen', message: 'When last seen must include a month', part: 'month' }] });
		expect(body).toMatch(/<fieldset class="govuk-fieldset" role="group" aria-describedby="seen-hint seen-error">/);
		expect(tag(body, 'seen-day')).toMatch(/inputmode="numeric"/);
		expect(tag(body, 'seen-month')).toMatch(/govuk-input--error/);
		expect(tag(body, 'seen-day')).not.toMatch(/govuk-input--error/);
		expect(tag(body, 'seen-time')).toMatch(/name="seen-time"/);
	});

	it('asks a nested object as a fieldset with its questions inside', () => {
		const body = html({ address: { type: 'object', title: 'Address', properties: { postcode: { type: 'string', title: 'Postcode', format: 'uk-postcode' } } } });
		expect(body).toMatch(/<fieldset class="govuk-fieldset" id="address"><legend class="govuk-fieldset__legend govuk-fieldset__legend--m">Address<\/legend>/);
		expect(tag(body, 'address-postcode')).toMatch(/name="address.postcode"/);
	});

	it('shows prefilled answers read-only, as stored answers read', () => {
		const schema: FormSchema = {
			$id: 't',
			title: 'T',
			version: '1',
			type: 'object',
			properties: { born: { type: 'string', title: 'Date of birth', format: 'date', 'x-ui': { prefill: 'child.dateOfBirth' } } }
		};
		const body = render(FormRenderer, { props: { schema, context: { child: { dateOfBirth: '2011-04-12' } } } }).body;
		expect(body).toContain('12 April 2011');
		expect(body).not.toContain('name="born');
	});
});

describe('repeating groups', () => {
	const associates = (extra: Partial<FormNode> = {}): Record<string, FormNode> => ({
		associates: {
			type: 'array',
			title: 'Associates',
			items: { type: 'object', title: 'Associate', properties: { name: { type: 'string', title: 'Name' } } },
			'x-ui': { itemLabel: 'Associate' },
			...extra
		}
	});
	const three = { 'associates[0].name': 'A', 'associates[1].name': 'B', 'associates[2].name': 'C' };

	it('offers move up and down for each item that can move, with names saying which', () => {
		const body = html(associates(), { fields: three });
		const buttons = [...body.matchAll(/<button type="submit" name="_move" value="([^"]+)"[^>]*>(.*?)<\/button>/g)].map((m) => [m[1], m[2].replace(/<[^>]+>/g, '')]);
		expect(buttons).toEqual([
			['associates[0]:down', 'Move associate 1 down'],
			['associates[1]:up', 'Move associate 2 up'],
			['associates[1]:down', 'Move associate 2 down'],
			['associates[2]:up', 'Move associate 3 up']
		]);
		expect(body).toContain('Remove<span class="govuk-visually-hidden"> associate 3</span>');
		expect(body).toContain('>Add another associate</button>');
	});

	it('offers no move for a single item', () => {
		expect(html(associates(), { fields: { 'associates[0].name': 'A' } })).not.toContain('name="_move"');
	});

	it('says the limits, and at the maximum offers no "Add another" but says why', () => {
		const limited = associates({ minItems: 1, maxItems: 3 });
		expect(html(limited, { fields: { 'associates[0].name': 'A' } })).toContain('Add at least 1 associate and no more than 3 associates.');
		const full = html(limited, { fields: three });
		expect(full).not.toContain('Add another associate');
		expect(full).toContain('<p class="govuk-body" id="associates-add" tabindex="-1">You have added the maximum of 3 associates. To add another, remove one first.</p>');
	});

	it('explains an item count below the minimum', () => {
		const body = html(associates({ minItems: 3 }), { fields: { 'associates[0].name': 'A' } });
		expect(body).toContain('You need at least 3 associates: add 2 associates more.');
	});
});

describe('file and photo questions', () => {
	const photo: Record<string, FormNode> = {
		photo: { type: 'string', title: 'Recent photo', 'x-ui': { widget: 'photo', accept: ['image/jpeg', 'image/png'], maxBytes: 5242880 } }
	};
	const id = 'abcdefghij12345';

	it('is a GOV.UK file upload taking only the question’s types, with the limits in the hint', () => {
		const body = html(photo);
		expect(tag(body, 'photo')).toMatch(/class="govuk-file-upload"/);
		expect(tag(body, 'photo')).toMatch(/type="file"/);
		expect(tag(body, 'photo')).toMatch(/accept="image\/jpeg,image\/png"/);
		expect(body).toContain('<div id="photo-hint" class="govuk-hint">JPG or PNG, smaller than 5MB</div>');
	});

	it('shows a file already uploaded, keeps it with a hidden field, and offers to remove or replace it', () => {
		const body = html(photo, { fields: { photo: id }, uploads: { [id]: { id, name: 'amelia.jpg', size: 204_800, type: 'image/jpeg' } } });
		expect(body).toContain('<strong>amelia.jpg</strong> uploaded (200KB).');
		expect(body).toContain('Choose another file to replace it.');
		expect(body).toContain(`<input type="hidden" name="photo" value="${id}"/>`);
		expect(body).toMatch(/<button type="submit" name="_removeFile" value="photo"[^>]*>\s*Remove<span class="govuk-visually-hidden"> amelia.jpg<\/span>/);
		expect(tag(body, 'photo')).toMatch(/aria-describedby="photo-hint photo-uploaded"/);
	});

	it('keeps nothing that is not an upload id', () => {
		const body = html(photo, { fields: { photo: 'amelia.jpg' } });
		expect(body).not.toContain('type="hidden" name="photo"');
		expect(body).not.toContain('uploaded');
	});
});
