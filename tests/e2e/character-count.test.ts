/**
 * The GOV.UK character count on free-text questions with a length limit: live as people type
 * with JavaScript, the limit stated without it, and the server's check the same either way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { expectNoAxeViolations, openBrowser, signIn, startHomeward, type Homeward } from './harness.js';

let app: Homeward;
let browser: Browser;

beforeAll(async () => {
	app = await startHomeward();
	browser = await openBrowser();
});

afterAll(async () => {
	await browser?.close();
	await app?.stop();
});

const group = (page: Page, id: string) => page.locator(`.govuk-form-group:has(> #${id})`);

describe('the character count', () => {
	it('counts as the practitioner types, shows an error over the limit, announces it after a pause, and the server agrees', async () => {
		const page = await (await browser.newContext()).newPage();
		await signIn(page, app.url, 'practitioner@westmorland-and-furness.example');
		await page.goto(`${app.url}/children/new`);
		const name = page.getByLabel('First name');
		const status = group(page, 'givenName').locator('.govuk-character-count__status');
		const announced = group(page, 'givenName').locator('[aria-live="polite"]');
		await expect.poll(() => status.isVisible()).toBe(true);
		expect(await status.innerText()).toBe('You have 100 characters remaining');
		// The limit stays as the input's description for screen readers, out of sight.
		expect(await name.getAttribute('aria-describedby')).toContain('givenName-info');
		expect(await page.locator('#givenName-info').getAttribute('class')).toContain('govuk-visually-hidden');

		await name.fill('Noah');
		expect(await status.innerText()).toBe('You have 96 characters remaining');
		await name.fill('N'.repeat(101));
		expect(await status.innerText()).toBe('You have 1 character too many');
		expect(await status.getAttribute('class')).toContain('govuk-error-message');
		expect(await name.getAttribute('class')).toContain('govuk-input--error');
		await expect.poll(() => announced.innerText(), { timeout: 5000 }).toBe('You have 1 character too many');
		await expectNoAxeViolations(page);

		// Spaces around the answer are not stored, so they are not counted either.
		await name.fill(` ${'N'.repeat(100)} `);
		expect(await status.innerText()).toBe('You have 0 characters remaining');
		expect(await name.getAttribute('class')).not.toContain('govuk-input--error');

		await name.fill('N'.repeat(101));
		await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Add child' }).click()]);
		expect(await page.locator('.govuk-error-summary').innerText()).toContain('First name must be 100 characters or fewer');
		expect(await page.getByLabel('First name').inputValue()).toBe('N'.repeat(101));
		await expect.poll(() => status.innerText()).toBe('You have 1 character too many');
		await expectNoAxeViolations(page);
		await page.context().close();
	});

	it('states the limit without JavaScript', async () => {
		const context = await browser.newContext({ javaScriptEnabled: false });
		const page = await context.newPage();
		try {
			await signIn(page, app.url, 'practitioner@westmorland-and-furness.example');
			await page.goto(`${app.url}/children/new`);
			const info = page.locator('#givenName-info');
			expect(await info.isVisible()).toBe(true);
			expect(await info.innerText()).toBe('You can enter up to 100 characters');
			expect(await group(page, 'givenName').locator('.govuk-character-count__status').isVisible()).toBe(false);
		} finally {
			await context.close();
		}
	});
});
