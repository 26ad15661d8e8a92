import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { FormSchema } from '../../src/lib/protocol/types.js';
import { shownPages } from '../../src/lib/protocol/form-pages.js';
import { CHECK, TASKS, afterSaving, backFrom, journeyAction, journeyHref, journeyLocation, pageLocation } from '../../src/lib/protocol/form-journey.js';

const read = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as FormSchema;
const medway = read('protocols/medway/2024.1/forms/missing-report.json');
// A form that declares no pages.
const wf = read('protocols/westmorland-and-furness/2024.1/forms/strategy-meeting.json');
const philomena = read('protocols/westmorland-and-furness/2024.1/forms/philomena-profile.json');
const at = (query: string) => new URLSearchParams(query);

describe('where a form’s addresses lead', () => {
	it('opens a paged form at its first page, a task-list form at its task list', () => {
		expect(journeyLocation(medway, at(''))).toEqual(pageLocation('child'));
		expect(journeyLocation(wf, at(''))).toEqual(pageLocation('questions'));
		expect(journeyLocation(philomena, at(''))).toEqual(TASKS);
		expect(journeyLocation(medway, at('page=episode&return=check'))).toEqual(pageLocation('episode', true));
		expect(journeyLocation(medway, at('view=check'))).toEqual(CHECK);
		// An unknown page is the start, not an error.
		expect(journeyLocation(medway, at('page=nope'))).toEqual(pageLocation('child'));
	});

	it('keeps the query that names the form, and puts the action last so the page is kept after a post', () => {
		const base = { path: '/episodes/e1/steps/RHI_COMPLETED', query: { form: 'rhi-record' } };
		expect(journeyHref(base, pageLocation('interview', true))).toBe('/episodes/e1/steps/RHI_COMPLETED?form=rhi-record&page=interview&return=check');
		expect(journeyHref(base, CHECK)).toBe('/episodes/e1/steps/RHI_COMPLETED?form=rhi-record&view=check');
		expect(journeyHref({ path: '/x', query: {} }, TASKS)).toBe('/x');
		expect(journeyAction(base, pageLocation('outcome'), 'save')).toBe('?form=rhi-record&page=outcome&/save');
		expect(journeyAction({ path: '/x', query: {} }, TASKS, 'submit')).toBe('?/submit');
	});
});

describe('"Save and continue" and "Back"', () => {
	it('goes through the pages in order, then to check your answers; back returns page by page, then leaves', () => {
		expect(afterSaving(medway, 'child', false)).toEqual(pageLocation('episode'));
		expect(afterSaving(medway, 'circumstances', false)).toEqual(CHECK);
		expect(afterSaving(wf, 'questions', false)).toEqual(CHECK);
		expect(backFrom(medway, pageLocation('episode'))).toEqual(pageLocation('child'));
		expect(backFrom(medway, pageLocation('child'))).toBeNull();
		expect(backFrom(medway, CHECK)).toEqual(pageLocation('circumstances'));
	});

	it('returns to check your answers from a change link, and to the task list from a task', () => {
		expect(afterSaving(medway, 'child', true)).toEqual(CHECK);
		expect(backFrom(medway, pageLocation('child', true))).toEqual(CHECK);
		expect(afterSaving(philomena, 'about', false)).toEqual(TASKS);
		expect(backFrom(philomena, pageLocation('health'))).toEqual(TASKS);
		expect(backFrom(philomena, CHECK)).toEqual(TASKS);
		expect(backFrom(philomena, TASKS)).toBeNull();
	});
});

describe('pages that ask nothing', () => {
	const rhi = read('protocols/westmorland-and-furness/2024.1/forms/rhi-record.json');

	it('are passed over when the answers so far hide every question on them', () => {
		const declined = shownPages(rhi, { outcome: 'declined-child' }, {}).map((p) => p.id);
		const completed = shownPages(rhi, { outcome: 'completed' }, {}).map((p) => p.id);
		expect(completed).toEqual(['outcome', 'interview', 'child', 'follow-up']);
		// Declined: no interview to record, so its page is not asked.
		expect(declined).not.toContain('interview');
		expect(afterSaving(rhi, 'outcome', false, declined)).toEqual(pageLocation(declined[1]));
		expect(backFrom(rhi, pageLocation(declined[1]), declined)).toEqual(pageLocation('outcome'));
		expect(afterSaving(rhi, 'outcome', false, completed)).toEqual(pageLocation('interview'));
		expect(backFrom(rhi, CHECK, declined)).toEqual(pageLocation(declined.at(-1)!));
	});
});
