/**
 * Filling protocol forms in e2e tests the way a practitioner does: page by page, each answer on
 * whichever page asks it, up to "check your answers". Protocols move questions between pages, so
 * an answer finds its question rather than the test knowing the page; an answer that never finds
 * its question fails the test, so nothing is silently skipped.
 */
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { londonParts } from '../../src/lib/protocol/london-time.js';

/**
 * Follows a link or posts a form and waits for the page it leads to: a link is routed in the
 * page (wait for its address), a form post is a full page load (possibly to the same address).
 */
export async function go(p: Page, target: ReturnType<Page['locator']>): Promise<void> {
	const href = await target.evaluate((el) => (el instanceof HTMLAnchorElement ? el.href : null));
	if (href) await Promise.all([p.waitForURL((u) => u.href === href), target.click()]);
	else await Promise.all([p.waitForNavigation(), target.click()]);
	await p.waitForLoadState();
}

/** Fills a GOV.UK date-time question with an instant as London clocks show it. */
export async function fillLondon(p: Page, id: string, instant: number): Promise<void> {
	const t = londonParts(instant);
	await fillDateTime(p, id, [String(t.day), String(t.month), String(t.year), `${String(t.hour).padStart(2, '0')}:${String(t.minute).padStart(2, '0')}`]);
}

export async function fillDateTime(p: Page, id: string, [day, month, year, time]: [string, string, string, string]): Promise<void> {
	await p.locator(`#${id}-day`).fill(day);
	await p.locator(`#${id}-month`).fill(month);
	await p.locator(`#${id}-year`).fill(year);
	await p.locator(`#${id}-time`).fill(time);
}

/** Answers one question if it is on the page shown; says whether it was. */
export type Answer = (p: Page) => Promise<boolean>;

export const typed =
	(label: string, value: string): Answer =>
	async (p) => {
		const box = p.getByLabel(label, { exact: true });
		if ((await box.count()) === 0) return false;
		await box.fill(value);
		return true;
	};

export const ticked =
	(label: string, group?: RegExp | string): Answer =>
	async (p) => {
		const option = group ? p.getByRole('group', { name: group }).getByLabel(label, { exact: true }) : p.getByLabel(label, { exact: true });
		if ((await option.count()) === 0) return false;
		await option.check();
		return true;
	};

export const instant =
	(id: string, at: number): Answer =>
	async (p) => {
		if ((await p.locator(`#${id}-day`).count()) === 0) return false;
		await fillLondon(p, id, at);
		return true;
	};

/** The heading of check your answers. */
export const CHECK_YOUR_ANSWERS = 'Check your answers';

/**
 * Fills a form page by page ("Save and continue"), each answer on the page that asks it, up to
 * check your answers; fails on any page's errors and if any answer found no page.
 */
export async function throughPages(p: Page, answers: Answer[]): Promise<void> {
	const left = new Set(answers);
	for (let pages = 0; pages < 12 && (await p.locator('h1').innerText()) !== CHECK_YOUR_ANSWERS; pages++) {
		for (const answer of [...left]) if (await answer(p)) left.delete(answer);
		await go(p, p.getByRole('button', { name: 'Save and continue' }));
		const problems = await p.locator('.govuk-error-summary').allInnerTexts();
		expect(problems, `no errors on ${p.url()}`).toEqual([]);
	}
	expect(await p.locator('h1').innerText()).toBe(CHECK_YOUR_ANSWERS);
	expect(left.size, 'every answer found its question').toBe(0);
}
