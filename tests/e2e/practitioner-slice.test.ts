/**
 * The slice a practitioner walks: sign in, see their council's children, add a child, record a
 * missing episode from the protocol's missing report (a wrong answer first, then check your
 * answers), see the episode.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { expectNoAxeViolations, openBrowser, signIn, startHomeward, type Homeward } from './harness.js';

let app: Homeward;
let browser: Browser;
let page: Page;

beforeAll(async () => {
	app = await startHomeward();
	browser = await openBrowser();
	page = await (await browser.newContext()).newPage();
});

afterAll(async () => {
	await browser?.close();
	await app?.stop();
});

/**
 * Clicks something that shows a new page and waits for it: a link (routed in the page, so wait
 * for its address) or a form post (a full page load, possibly to the same address).
 */
async function clickAndLoad(target: ReturnType<Page['locator']>, to?: RegExp): Promise<void> {
	if (to) await Promise.all([page.waitForURL(to), target.click()]);
	else await Promise.all([page.waitForNavigation(), target.click()]);
	await page.waitForLoadState();
}

const text = (selector: string) => page.locator(selector).first().innerText();

async function fillDateTime(page: Page, id: string, day: string, month: string, year: string, time: string) {
	await page.locator(`#${id}-day`).fill(day);
	await page.locator(`#${id}-month`).fill(month);
	await page.locator(`#${id}-year`).fill(year);
	await page.locator(`#${id}-time`).fill(time);
}

describe('a practitioner records a missing episode', () => {
	it('keeps the email and explains a wrong password', async () => {
		await page.goto(`${app.url}/login`);
		await expectNoAxeViolations(page);
		await page.getByLabel('Email address').fill('practitioner@westmorland-and-furness.example');
		await page.getByLabel('Password').fill('not-the-password');
		await clickAndLoad(page.getByRole('button', { name: 'Sign in' }));
		expect(await text('.govuk-error-summary')).toContain('email address or password is not right');
		expect(await page.getByLabel('Email address').inputValue()).toBe('practitioner@westmorland-and-furness.example');
		await expectNoAxeViolations(page);
	});

	it('signs in and sees only the children their council may see', async () => {
		await signIn(page, app.url, 'practitioner@westmorland-and-furness.example');
		expect(new URL(page.url()).pathname).toBe('/children');
		expect(await text('.govuk-service-navigation')).toContain('Westmorland and Furness');
		const names = await page.locator('tbody tr td:first-child').allInnerTexts();
		// Their own children, and Walsall's child placed with them; not Medway's or Walsall's own.
		expect(names).toContain('Amelia Hart');
		expect(names).toContain('Jordan Reid');
		expect(names).toContain('Kayla Morris');
		expect(names).not.toContain('Tyler Okafor');
		expect(names).not.toContain('Sophie Lane');
		await expectNoAxeViolations(page);
	});

	it('adds a child, with errors first and typed values kept', async () => {
		await clickAndLoad(page.getByRole('link', { name: 'Add a child' }), /\/children\/new$/);
		await expectNoAxeViolations(page);
		await page.getByLabel('First name').fill('Noah');
		await page.locator('#dateOfBirth-day').fill('31');
		await page.locator('#dateOfBirth-month').fill('2');
		await page.locator('#dateOfBirth-year').fill('2012');
		await clickAndLoad(page.getByRole('button', { name: 'Add child' }));
		const summary = await text('.govuk-error-summary');
		expect(summary).toContain('Enter last name');
		expect(summary).toContain('Date of birth must be a real date');
		expect(summary).toContain('Select legal status');
		expect(await page.getByLabel('First name').inputValue()).toBe('Noah');
		expect(await page.locator('#dateOfBirth-day').inputValue()).toBe('31');
		expect(await page.title()).toMatch(/^Error: /);
		await expectNoAxeViolations(page);

		await page.getByLabel('Last name', { exact: true }).fill('Fisher');
		await page.locator('#dateOfBirth-day').fill('28');
		await page.getByLabel('Looked after (in care)').check();
		await page.getByLabel('Council the child is placed with (optional)').selectOption({ label: 'Cumberland Council' });
		await clickAndLoad(page.getByRole('button', { name: 'Add child' }));
		expect(new URL(page.url()).pathname).toMatch(/^\/children\/[a-z0-9]{15}$/);
		expect(await text('h1')).toBe('Noah Fisher');
		const details = await text('.govuk-summary-list');
		expect(details).toContain('28 February 2012');
		expect(details).toContain('Cumberland Council');
		await expectNoAxeViolations(page);
	});

	it('records a missing episode page by page: a wrong answer is explained and nothing typed is lost, then it is checked and stored', async () => {
		await clickAndLoad(page.getByRole('link', { name: 'Record a missing episode' }), /\/episodes\/new$/);
		// The report asks its questions a page at a time.
		expect(await text('h1')).toBe('About the child');
		expect(await text('.govuk-caption-l')).toBe('Noah Fisher: Report a child missing');
		// Prefilled from the child, not typed.
		expect(await text('main form')).toContain('Noah Fisher');
		// Script has taken over: the page now saves as the practitioner types.
		await page.locator('[role=status]', { hasText: 'saved as you type' }).waitFor();
		await expectNoAxeViolations(page);
		await page.getByLabel('In care: care order or interim care order').check();
		await clickAndLoad(page.getByRole('button', { name: 'Save and continue' }));

		expect(await text('h1')).toBe('When and where');
		await page.getByLabel('Where the child went missing from').fill('4 Fell View, Kendal');
		await fillDateTime(page, 'missingAt', '2', '3', '2024', '18:00');
		await fillDateTime(page, 'lastSeenAt', '30', '2', '2024', '17:45');
		await page.getByLabel('Location last seen').fill('Kendal bus station');
		await clickAndLoad(page.getByRole('button', { name: 'Save and continue' }));
		expect(await text('.govuk-error-summary')).toContain('Time last seen must be a real date');
		// Each message links to its question.
		await page.locator('.govuk-error-summary').getByRole('link', { name: 'Time last seen must be a real date' }).click();
		expect(await page.evaluate(() => document.activeElement?.id)).toBe('lastSeenAt-day');
		// Everything typed is still there.
		expect(await page.getByLabel('Where the child went missing from').inputValue()).toBe('4 Fell View, Kendal');
		expect(await page.locator('#lastSeenAt-day').inputValue()).toBe('30');
		expect(await page.locator('#missingAt-time').inputValue()).toBe('18:00');
		expect(await page.title()).toMatch(/^Error: /);
		await expectNoAxeViolations(page);
		await page.locator('#lastSeenAt-day').fill('2');
		await clickAndLoad(page.getByRole('button', { name: 'Save and continue' }));

		expect(await text('h1')).toBe('Description and photo');
		// The author's condition runs in the browser: consent is asked only once a photo is chosen.
		expect(await page.locator('#photoConsent').count()).toBe(0);
		await page.locator('#photo').setInputFiles({ name: 'noah.png', mimeType: 'image/png', buffer: Buffer.from('89504e470d0a1a0a', 'hex') });
		await page.locator('#photoConsent').waitFor();
		await page.locator('#photo').setInputFiles([]);
		await page.locator('#photoConsent').waitFor({ state: 'detached' });
		await page.getByLabel('What the child was wearing').fill('Blue parka, grey joggers\nWhite trainers');
		await page.getByLabel('Description of the child').fill('About 5 feet tall, slim, short brown hair');
		await page.getByLabel('Mobile phone', { exact: true }).check();
		await page.getByLabel('Money or bank card').check();
		await clickAndLoad(page.getByRole('button', { name: 'Save and continue' }));

		expect(await text('h1')).toBe('Circumstances and associates');
		await page.getByLabel('Circumstances or events around going missing').fill('Left after an argument about phone use.');
		// Two associates, added in place.
		await page.getByRole('button', { name: 'Add associate' }).click();
		await page.locator('#associates-0-name').fill('Kim Lowther');
		await page.locator('#associates-0-relationship-2').check();
		await page.getByRole('button', { name: 'Add another associate' }).click();
		await page.locator('#associates-1-name').fill('Dean');
		await page.locator('#associates-1-phone').fill('12345');
		await clickAndLoad(page.getByRole('button', { name: 'Save and continue' }));
		const summary = await text('.govuk-error-summary');
		expect(summary).toContain('Select relationship to the child for associate 2');
		expect(summary).toContain('as a UK phone number');
		expect(await page.locator('#associates-0-name').inputValue()).toBe('Kim Lowther');
		expect(await page.locator('#associates-1-phone').inputValue()).toBe('12345');
		expect(await page.getByLabel('Circumstances or events around going missing').inputValue()).toBe('Left after an argument about phone use.');
		await expectNoAxeViolations(page);
		await page.locator('#associates-1-relationship-4').check();
		await page.locator('#associates-1-phone').fill('07700 900982');
		await clickAndLoad(page.getByRole('button', { name: 'Save and continue' }));

		expect(await text('h1')).toBe('Actions taken and risk');
		await page.getByLabel('Updated risk assessment').fill('Recent contact with older males in Lancaster.');
		await clickAndLoad(page.getByRole('button', { name: 'Save and continue' }));

		// Nothing is recorded until the answers are checked: every answer, by page, each with a way back to it.
		expect(await text('h1')).toBe('Check your answers');
		const answers = await text('main');
		for (const shown of ['When and where', '4 Fell View, Kendal', 'Saturday 2 March 2024, 18:00', 'Money or bank card', 'Kim Lowther', 'Adult of concern', 'White trainers', 'In care: care order or interim care order']) {
			expect(answers).toContain(shown);
		}
		expect(await page.getByRole('link', { name: 'Change where the child went missing from' }).count()).toBe(1);
		expect(await page.getByRole('link', { name: /^Change child's name/ }).count()).toBe(0);
		await expectNoAxeViolations(page);
		await clickAndLoad(page.getByRole('button', { name: 'Submit missing report' }));
		expect(new URL(page.url()).pathname).toMatch(/^\/episodes\/[a-z0-9]{15}$/);

		const check = async () => {
			expect(await text('h1')).toBe('Missing episode');
			const body = await text('main');
			for (const shown of [
				'Reported missing',
				'Not yet graded',
				'4 Fell View, Kendal',
				'Saturday 2 March 2024, 18:00',
				'In care: care order or interim care order',
				'Mobile phone',
				'Kim Lowther',
				'Friend',
				'Dean',
				'Adult of concern',
				'White trainers',
				'Missing report submitted'
			]) {
				expect(body).toContain(shown);
			}
		};
		await check();
		await expectNoAxeViolations(page);
		await page.reload();
		await check();

		// The child's page lists the episode with its state.
		await clickAndLoad(page.getByRole('link', { name: 'Back to Noah Fisher' }), /\/children\/[a-z0-9]{15}$/);
		const row = await text('table tbody tr');
		expect(row).toContain('Saturday 2 March 2024, 18:00');
		expect(row).toContain('Reported missing');
		await expectNoAxeViolations(page);
	});
});

describe('with JavaScript turned off', () => {
	it('adds and removes associates through the server and records the episode', async () => {
		const context = await browser.newContext({ javaScriptEnabled: false });
		const noJs = await context.newPage();
		try {
			await signIn(noJs, app.url, 'practitioner@westmorland-and-furness.example');
			await noJs.getByRole('link', { name: 'Amelia Hart' }).click();
			await noJs.waitForURL(/\/children\/[a-z0-9]{15}$/);
			await noJs.getByRole('link', { name: 'Record a missing episode' }).click();
			await noJs.waitForURL(/\/episodes\/new$/);

			const post = async (name: string) => {
				await Promise.all([noJs.waitForNavigation(), noJs.getByRole('button', { name, exact: true }).click()]);
			};
			await noJs.getByLabel('Child in need', { exact: true }).check();
			await post('Save and continue');
			await noJs.getByLabel('Where the child went missing from').fill('Riverside children’s home, Barrow');
			for (const [id, time] of [['missingAt', '21:00'], ['lastSeenAt', '20:30']] as const) {
				await noJs.locator(`#${id}-day`).fill('14');
				await noJs.locator(`#${id}-month`).fill('11');
				await noJs.locator(`#${id}-year`).fill('2025');
				await noJs.locator(`#${id}-time`).fill(time);
			}
			await noJs.getByLabel('Location last seen').fill('Park Road');
			await post('Save and continue');
			await noJs.getByLabel('What the child was wearing').fill('Black hoodie');
			await noJs.getByLabel('Description of the child').fill('Tall, dark hair');
			await post('Save and continue');

			expect(await noJs.locator('h1').innerText()).toBe('Circumstances and associates');
			await noJs.getByLabel('Circumstances or events around going missing').fill('Did not return from school.');
			await post('Add associate');
			await noJs.locator('#associates-0-name').fill('First friend');
			await post('Add another associate');
			await noJs.locator('#associates-1-name').fill('Second friend');
			await noJs.locator('#associates-1-relationship-2').check();
			await post('Remove associate 1');
			// The second associate is now the first; what was typed elsewhere is kept.
			expect(await noJs.locator('#associates-0-name').inputValue()).toBe('Second friend');
			expect(await noJs.locator('#associates-1-name').count()).toBe(0);
			expect(await noJs.getByLabel('Circumstances or events around going missing').inputValue()).toBe('Did not return from school.');
			await post('Save and continue');
			await noJs.getByLabel('Updated risk assessment').fill('No change.');
			await post('Save and continue');
			expect(await noJs.locator('h1').innerText()).toBe('Check your answers');
			expect(await noJs.locator('main').innerText()).toContain('Riverside children’s home, Barrow');
			await post('Submit missing report');
			expect(new URL(noJs.url()).pathname).toMatch(/^\/episodes\/[a-z0-9]{15}$/);
			const body = await noJs.locator('main').innerText();
			expect(body).toContain('Second friend');
			expect(body).not.toContain('First friend');
			expect(body).toContain('Friday 14 November 2025, 21:00');
		} finally {
			await context.close();
		}
	});
});
