import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { FormSchema } from '../../src/lib/protocol/types.js';
import {
	addItem,
	fieldValuesFromFormData,
	fieldsFromData,
	itemCount,
	parseFields,
	removeItem
} from '../../src/lib/protocol/form-data.js';
import { applyConditions } from '../../src/lib/protocol/form-conditions.js';
import { isUkPhone, isUkPostcode, validateAnswers, validatorFor } from '../../src/lib/protocol/form-validate.js';
import { errorMessages } from '../../src/lib/protocol/form-errors.js';
import { checkForm } from '../../src/lib/protocol/form-check.js';
import { summaryRows } from '../../src/lib/protocol/form-summary.js';

const missingReport = JSON.parse(
	readFileSync('protocols/westmorland-and-furness/2024.1/forms/missing-report.json', 'utf8')
) as FormSchema;

const context = {
	child: { name: 'Amelia Hart', dateOfBirth: '2011-04-12', responsibleAuthority: 'Westmorland and Furness Council' }
};

const form: FormSchema = {
	$id: 'test-form',
	title: 'Test form',
	version: '1',
	type: 'object',
	properties: {
		name: { type: 'string', title: 'Full name', minLength: 1, maxLength: 10 },
		hours: { type: 'integer', title: 'Hours missing', minimum: 0, maximum: 72, 'x-ui': { suffix: 'hours' } },
		injured: { type: 'boolean', title: 'Injured' },
		seenAt: { type: 'string', title: 'Time last seen', format: 'date-time' },
		born: { type: 'string', title: 'Date of birth', format: 'date' },
		photo: { type: 'string', title: 'Photo', 'x-ui': { widget: 'photo' } },
		consent: {
			type: 'string',
			title: 'Photo consent',
			enum: ['yes', 'no'],
			'x-ui': { showWhen: { '!!': [{ var: 'photo' }] }, requiredWhen: { '!!': [{ var: 'photo' }] } }
		},
		places: { type: 'array', title: 'Places', items: { type: 'string', title: 'Place', enum: ['park', 'town'] } },
		address: {
			type: 'object',
			title: 'Address',
			properties: { postcode: { type: 'string', title: 'Postcode', format: 'uk-postcode' } }
		},
		associates: {
			type: 'array',
			title: 'Associates',
			minItems: 1,
			items: {
				type: 'object',
				title: 'Associate',
				properties: {
					name: { type: 'string', title: 'Name', minLength: 1 },
					phone: { type: 'string', title: 'Phone number', format: 'uk-phone' }
				},
				required: ['name']
			},
			'x-ui': { itemLabel: 'Associate' }
		}
	},
	required: ['name', 'seenAt', 'associates']
};

describe('reading fields into typed answers', () => {
	it('types numbers, yes/no, checkbox lists, nested objects and repeating items', () => {
		const fd = new FormData();
		fd.append('name', '  Sam  ');
		fd.append('hours', '12');
		fd.append('injured', 'no');
		fd.append('places', 'park');
		fd.append('places', 'town');
		fd.append('address.postcode', 'LA9 4DL');
		fd.append('associates[0].name', 'Kim');
		fd.append('associates[1].name', 'Lee');
		fd.append('associates[1].phone', '07700 900982');
		fd.append('_add', 'associates');
		const { data, issues } = parseFields(form, fieldValuesFromFormData(fd));
		expect(issues).toEqual([]);
		expect(data).toEqual({
			name: 'Sam',
			hours: 12,
			injured: false,
			places: ['park', 'town'],
			address: { postcode: 'LA9 4DL' },
			associates: [{ name: 'Kim' }, { name: 'Lee', phone: '07700 900982' }]
		});
	});

	it('reads a date and time on London clocks, in summer and in winter', () => {
		const summer = parseFields(form, { 'seenAt-day': '1', 'seenAt-month': '7', 'seenAt-year': '2024', 'seenAt-time': '14:30' });
		expect(summer.data.seenAt).toBe('2024-07-01T13:30:00.000Z');
		const winter = parseFields(form, { 'seenAt-day': '1', 'seenAt-month': '12', 'seenAt-year': '2024', 'seenAt-time': '9.05' });
		expect(winter.data.seenAt).toBe('2024-12-01T09:05:00.000Z');
	});

	it('reports impossible and incomplete dates and non-numbers instead of guessing', () => {
		const { data, issues } = parseFields(form, {
			'born-day': '31',
			'born-month': '2',
			'born-year': '2012',
			'seenAt-day': '3',
			'seenAt-month': '',
			'seenAt-year': '',
			'seenAt-time': '10:00',
			hours: 'twelve'
		});
		expect(data).toEqual({});
		expect(issues).toEqual(
			expect.arrayContaining([
				{ path: 'born', keyword: 'dateInvalid', params: {} },
				{ path: 'seenAt', keyword: 'dateIncomplete', params: { missing: ['month', 'year'] } },
				{ path: 'hours', keyword: 'notANumber', params: {} }
			])
		);
	});

	it('round-trips answers through fields', () => {
		const data = {
			name: 'Sam',
			hours: 3,
			injured: true,
			seenAt: '2024-07-01T13:30:00.000Z',
			born: '2011-04-02',
			places: ['town'],
			associates: [{ name: 'Kim' }]
		};
		expect(parseFields(form, fieldsFromData(form, data)).data).toEqual(data);
	});

	it('adds, removes and renumbers repeating items, dropping blank ones from the answers', () => {
		let fields = addItem({ 'associates[0].name': 'Kim' }, 'associates');
		fields = addItem(fields, 'associates');
		fields['associates[2].name'] = 'Lee';
		expect(itemCount(fields, 'associates')).toBe(3);
		expect(parseFields(form, fields).data.associates).toEqual([{ name: 'Kim' }, { name: 'Lee' }]);
		fields = removeItem(fields, 'associates', 0);
		expect(itemCount(fields, 'associates')).toBe(2);
		expect(fields['associates[1].name']).toBe('Lee');
	});
});

describe('conditions', () => {
	it('removes answers to hidden questions and requires shown ones when their condition holds', () => {
		const hidden = applyConditions(form, { name: 'Sam', consent: 'yes' }, {});
		expect(hidden.data).toEqual({ name: 'Sam' });
		expect(hidden.required).toEqual([]);
		const shown = applyConditions(form, { name: 'Sam', photo: 'me.jpg' }, {});
		expect(shown.required.map((r) => r.path)).toEqual(['consent']);
	});

	it('takes prefilled answers from the context, not from what was posted', () => {
		const { data } = applyConditions(missingReport, { childName: 'Someone else' }, context);
		expect(data.childName).toBe('Amelia Hart');
		expect(data.dateOfBirth).toBe('2011-04-12');
	});
});

describe('validation', () => {
	it('compiles each form once', () => {
		expect(validatorFor(form)).toBe(validatorFor(form));
		expect(validatorFor(form)).toBe(validatorFor(JSON.parse(JSON.stringify(form)) as FormSchema));
	});

	it('checks UK postcodes and phone numbers without running on long input', () => {
		expect(isUkPostcode('LA9 4DL')).toBe(true);
		expect(isUkPostcode('SW1A1AA')).toBe(true);
		expect(isUkPostcode('LA9 4D')).toBe(false);
		expect(isUkPhone('01632 960 001')).toBe(true);
		expect(isUkPhone('+44 7700 900982')).toBe(true);
		expect(isUkPhone('12345')).toBe(false);
		expect(isUkPostcode('A'.repeat(100_000))).toBe(false);
	});

	it('locates problems inside repeating items', () => {
		const issues = validateAnswers(form, { name: 'Sam', seenAt: '2024-07-01T13:30:00.000Z', associates: [{ phone: '123' }] });
		expect(issues.map((i) => i.path).sort()).toEqual(['associates[0].name', 'associates[0].phone']);
	});
});

describe('error messages', () => {
	it('names each question and says what to do, in form order', () => {
		const { errors } = checkForm(
			form,
			{
				name: 'Far too long a name',
				hours: '80',
				'born-day': '30',
				'born-month': '2',
				'born-year': '2010',
				photo: 'me.jpg',
				'associates[0].phone': '999',
				'associates[0]': '',
				'associates[1].name': '',
				'associates[1].phone': '01632 960 001'
			},
			{}
		);
		expect(errors).toEqual([
			{ path: 'name', message: 'Full name must be 10 characters or fewer' },
			{ path: 'hours', message: 'Hours missing must be 72 hours or less' },
			{ path: 'seenAt', message: 'Enter time last seen', part: 'day' },
			{ path: 'born', message: 'Date of birth must be a real date', part: 'day' },
			{ path: 'consent', message: 'Select photo consent' },
			{ path: 'associates[0].name', message: 'Enter name for associate 1' },
			{ path: 'associates[0].phone', message: 'Enter phone number for associate 1 as a UK phone number, like 01632 960 001 or 07700 900 982' },
			{ path: 'associates[1].name', message: 'Enter name for associate 2' }
		]);
	});

	it('asks for at least one item of a required repeating group', () => {
		const messages = errorMessages(form, [{ path: 'associates', keyword: 'required', params: { missingProperty: 'associates' } }]);
		expect(messages[0].message).toBe('Add at least one associate');
	});

	it('says which parts of a date are missing', () => {
		const { errors } = checkForm(form, { name: 'Sam', 'seenAt-day': '4', 'seenAt-time': '10:00' }, {});
		expect(errors.find((e) => e.path === 'seenAt')).toEqual({ path: 'seenAt', message: 'Time last seen must include a month and a year', part: 'month' });
	});

	it('accepts a complete missing report and keeps only what was asked', () => {
		const fields = {
			childName: 'posted',
			legalStatus: 'care-order',
			missingFrom: '12 Lake Road, Kendal',
			'missingAt-day': '2', 'missingAt-month': '3', 'missingAt-year': '2024', 'missingAt-time': '18:00',
			'lastSeenAt-day': '2', 'lastSeenAt-month': '3', 'lastSeenAt-year': '2024', 'lastSeenAt-time': '17:45',
			lastSeenLocation: 'Kendal bus station',
			clothing: 'Blue coat',
			description: 'Short, brown hair',
			circumstances: 'Left after an argument',
			riskAssessment: 'No change',
			photoConsent: 'refused',
			belongings: ['phone', 'bag'],
			'associates[0].name': 'Kim',
			'associates[0].relationship': 'friend'
		};
		const { data, errors } = checkForm(missingReport, fields, context);
		expect(errors).toEqual([]);
		expect(data.childName).toBe('Amelia Hart');
		expect(data.photoConsent).toBeUndefined();
		expect(data.associates).toEqual([{ name: 'Kim', relationship: 'friend' }]);
		const rows = summaryRows(missingReport, data);
		expect(rows.find((r) => r.path === 'legalStatus')?.lines).toEqual(['In care: care order or interim care order']);
		expect(rows.find((r) => r.path === 'missingAt')?.lines).toEqual(['Saturday 2 March 2024, 18:00']);
	});
});
