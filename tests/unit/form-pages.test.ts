import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { FormSchema } from '../../src/lib/protocol/types.js';
import {
	SINGLE_PAGE_ID,
	pageErrors,
	fieldsOf,
	formPages,
	hasAnswers,
	pageAfter,
	pageBefore,
	pageById,
	pageOfPath,
	pageTasks,
	questionOfField,
	replacePageFields,
	usesTaskList
} from '../../src/lib/protocol/form-pages.js';
import { summarySections } from '../../src/lib/protocol/form-summary.js';
import { checkForm } from '../../src/lib/protocol/form-check.js';
import { parseFields } from '../../src/lib/protocol/form-data.js';

const read = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as FormSchema;
const philomena = read('protocols/westmorland-and-furness/2024.1/forms/philomena-profile.json');
// A form that declares no pages.
const wfReport = read('protocols/westmorland-and-furness/2024.1/forms/strategy-meeting.json');

/** A small paged form: a condition on page 2 reads an answer from page 1. */
const paged: FormSchema = {
	$id: 'paged',
	title: 'Paged form',
	version: '1',
	type: 'object',
	'x-ui': {
		pages: [
			{ id: 'first', title: 'First things' },
			{ id: 'second', title: 'Second things' },
			{ id: 'third', title: 'Last things' }
		]
	},
	required: ['name', 'seenAt'],
	properties: {
		// No page: asked on the first page.
		name: { type: 'string', title: 'Name', minLength: 1 },
		photo: { type: 'string', title: 'Photo', 'x-ui': { page: 'first', widget: 'photo' } },
		seenAt: { type: 'string', title: 'Time last seen', format: 'date-time', 'x-ui': { page: 'second' } },
		photoConsent: {
			type: 'string',
			title: 'Photo consent',
			enum: ['yes', 'no'],
			'x-ui': { page: 'second', showWhen: { '!!': [{ var: 'photo' }] }, requiredWhen: { '!!': [{ var: 'photo' }] } }
		},
		notes: { type: 'string', title: 'Notes', 'x-ui': { page: 'third' } },
		associates: {
			type: 'array',
			title: 'Associates',
			items: { type: 'object', title: 'Associate', properties: { name: { type: 'string', title: 'Name', minLength: 1 } }, required: ['name'] },
			'x-ui': { page: 'third', widget: 'repeater' }
		},
		childName: { type: 'string', title: "Child's name", 'x-ui': { page: 'third', prefill: 'child.name' } }
	}
};

const context = { child: { name: 'Amelia Hart' } };

describe('pages of a form', () => {
	it('follows the declared order, with questions that name no page on the first one', () => {
		expect(formPages(paged).map((p) => [p.id, p.keys])).toEqual([
			['first', ['name', 'photo']],
			['second', ['seenAt', 'photoConsent']],
			['third', ['notes', 'associates', 'childName']]
		]);
		expect(pageAfter(paged, 'first')?.id).toBe('second');
		expect(pageAfter(paged, 'third')).toBeNull();
		expect(pageBefore(paged, 'second')?.id).toBe('first');
		expect(pageBefore(paged, 'first')).toBeNull();
		expect(pageById(paged, 'nope')).toBeUndefined();
	});

	it('makes a form without pages one page holding every question', () => {
		const pages = formPages(wfReport);
		expect(pages).toHaveLength(1);
		expect(pages[0]).toMatchObject({ id: SINGLE_PAGE_ID, title: wfReport.title });
		expect(pages[0].keys).toEqual(Object.keys(wfReport.properties));
		expect(usesTaskList(wfReport)).toBe(false);
	});

	it('lists the Philomena profile as six tasks, the last one for when the child goes missing', () => {
		expect(usesTaskList(philomena)).toBe(true);
		const pages = formPages(philomena);
		expect(pages.map((p) => p.title)).toEqual([
			'About the child',
			'Placement and contacts',
			'Medical history',
			'Risks, associates and places',
			'Previous missing episodes',
			'When the child goes missing'
		]);
		expect(pages.at(-1)!.keys).toContain('circumstances');
	});

	it('finds the question of an input name, the longest name first', () => {
		const keys = ['photo', 'photoConsent', 'seenAt', 'associates'];
		expect(questionOfField(keys, 'photoConsent')).toBe('photoConsent');
		expect(questionOfField(keys, 'photo')).toBe('photo');
		expect(questionOfField(keys, 'seenAt-day')).toBe('seenAt');
		expect(questionOfField(keys, 'associates[1].name')).toBe('associates');
		expect(questionOfField(keys, 'associatesX')).toBeUndefined();
		expect(pageOfPath(paged, 'associates[0].name')?.id).toBe('third');
	});
});

describe('posting one page', () => {
	const saved = { name: 'Amelia', 'seenAt-day': '2', 'seenAt-month': '3', notes: 'Old notes', 'associates[0]': '', 'associates[0].name': 'Kim' };

	it('replaces that page’s fields, keeps the others, and ignores names from other pages', () => {
		const third = pageById(paged, 'third')!;
		// The repeater's item was removed and notes cleared on this page; a forged name for page 1 is ignored.
		const next = replacePageFields(paged, saved, third, { notes: '', name: 'Forged' });
		expect(next).toEqual({ name: 'Amelia', 'seenAt-day': '2', 'seenAt-month': '3', notes: '' });
	});

	it('reads only the fields of the given questions', () => {
		expect(fieldsOf(paged, saved, ['seenAt'])).toEqual({ 'seenAt-day': '2', 'seenAt-month': '3' });
		expect(hasAnswers(paged, saved, ['seenAt'])).toBe(true);
		expect(hasAnswers(paged, { notes: '  ' }, ['notes'])).toBe(false);
	});

	it('checks a page’s own questions only, with conditions reading answers from other pages', () => {
		const first = pageById(paged, 'first')!;
		const second = pageById(paged, 'second')!;
		const checkPage = (fields: Record<string, string>, page: typeof first) => pageErrors(page, checkForm(paged, fields, context).errors);
		// Nothing at all: page 1 misses its name, page 2 its time; page 2 asks no consent yet.
		expect(checkPage({}, first).map((e) => e.path)).toEqual(['name']);
		expect(checkPage({}, second).map((e) => e.path)).toEqual(['seenAt']);
		// A photo chosen on page 1 makes consent required on page 2.
		const withPhoto = { name: 'Amelia', photo: 'amelia.png', 'seenAt-day': '31', 'seenAt-month': '2', 'seenAt-year': '2024', 'seenAt-time': '10:00' };
		expect(checkPage(withPhoto, first)).toEqual([]);
		expect(checkPage(withPhoto, second).map((e) => [e.path, e.message])).toEqual([
			['seenAt', 'Time last seen must be a real date'],
			['photoConsent', 'Select photo consent']
		]);
	});
});

describe('pages as tasks', () => {
	it('is not yet started until something is typed, in progress while its check fails, then completed', () => {
		const status = (fields: Record<string, string>) => pageTasks(paged, fields, checkForm(paged, fields, context).errors).map((t) => `${t.page.id}:${t.status}`);
		expect(status({})).toEqual(['first:not-started', 'second:not-started', 'third:not-started']);
		expect(status({ photo: 'a.png' })).toEqual(['first:in-progress', 'second:not-started', 'third:not-started']);
		expect(status({ name: 'Amelia', 'seenAt-day': '2' })).toEqual(['first:completed', 'second:in-progress', 'third:not-started']);
		// A condition from page 1 makes page 2 unfinished again.
		const done = { name: 'Amelia', 'seenAt-day': '2', 'seenAt-month': '3', 'seenAt-year': '2024', 'seenAt-time': '18:00', notes: 'x' };
		expect(status(done)).toEqual(['first:completed', 'second:completed', 'third:completed']);
		expect(status({ ...done, photo: 'a.png' })).toEqual(['first:completed', 'second:in-progress', 'third:completed']);
	});

	it('does not count a prefilled answer as started', () => {
		const tasks = pageTasks(philomena, {}, checkForm(philomena, {}, { child: { name: 'Kayla Morris', dateOfBirth: '2010-01-22' } }).errors);
		expect(tasks.map((t) => t.status)).toEqual(Array(6).fill('not-started'));
	});
});

describe('check your answers by page', () => {
	it('groups the answered questions under their page titles, in order', () => {
		const fields = { name: 'Amelia', notes: 'Seen near the park', 'associates[0]': '', 'associates[0].name': 'Kim' };
		const { data } = checkForm(paged, fields, context);
		const sections = summarySections(paged, data);
		expect(sections.map((s) => [s.page.title, s.rows.map((r) => r.label)])).toEqual([
			['First things', ['Name']],
			['Second things', []],
			['Last things', ['Notes', 'Associates', "Child's name"]]
		]);
		expect(summarySections(wfReport, parseFields(wfReport, {}).data)).toHaveLength(1);
	});
});
