/**
 * Files, reordering, guidance and printing as practitioners meet them in Chromium: a photo
 * given on the W&F missing report's photo page (with JavaScript on and off), refused when it is
 * not a picture with the rest of the answers kept, kept across an error elsewhere on the page,
 * consent asked once it is attached; the stored photo and the report's PDF open to the council
 * and not to another; associates moved up and down; the RHI record's guidance as an HTML list;
 * axe on each page.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expectNoAxeViolations, openBrowser, signIn, startHomeward, type Homeward } from './harness.js';
import { fillLondon, go } from './form-filling.js';
import { pdfText } from '../support/pdf-text.js';
import { solidPng } from '../support/png.js';

let app: Homeward;
let browser: Browser;
let context: BrowserContext;
let page: Page;

const PHOTO = solidPng(120, 160, [200, 120, 40]);
const CONSENT = 'Has the person with parental responsibility consented to the photo being used in the missing person investigation?';

beforeAll(async () => {
	app = await startHomeward();
	browser = await openBrowser();
	context = await browser.newContext();
	page = await context.newPage();
});

afterAll(async () => {
	await browser?.close();
	await app?.stop();
});

/** The report's answers before its photo page, page by page, ending on "Description and photo". */
async function upToThePhoto(p: Page): Promise<void> {
	await p.getByLabel('Child in need', { exact: true }).check();
	await go(p, p.getByRole('button', { name: 'Save and continue' }));
	await p.getByLabel('Where the child went missing from').fill('4 Fell View, Kendal');
	await fillLondon(p, 'missingAt', Date.now() - 2 * 3600_000);
	await fillLondon(p, 'lastSeenAt', Date.now() - 2 * 3600_000);
	await p.getByLabel('Location last seen').fill('Kendal bus station');
	await go(p, p.getByRole('button', { name: 'Save and continue' }));
	expect(await p.locator('h1').innerText()).toBe('Description and photo');
	await p.getByLabel('What the child was wearing').fill('Blue parka');
	await p.getByLabel('Description of the child').fill('Short brown hair');
}

/** The report's answers after its photo page, up to check your answers. */
async function afterThePhoto(p: Page): Promise<void> {
	expect(await p.locator('h1').innerText()).toBe('Circumstances and associates');
	await p.getByLabel('Circumstances or events around going missing').fill('Did not come home after school.');
	await go(p, p.getByRole('button', { name: 'Save and continue' }));
	await p.getByLabel('Updated risk assessment').fill('No new concerns.');
	await go(p, p.getByRole('button', { name: 'Save and continue' }));
	expect(await p.locator('h1').innerText()).toBe('Check your answers');
}

async function openChild(p: Page, name: string): Promise<void> {
	await go(p, p.getByRole('link', { name: 'Children', exact: true }));
	await go(p, p.getByRole('link', { name }));
}

describe('a photo with the missing report, JavaScript on', () => {
	let episodeUrl = '';
	let submissionUrl = '';
	let uploadUrl = '';

	it('refuses a file that is not a JPG or PNG, whatever its name, and keeps every other answer', async () => {
		await signIn(page, app.url, 'practitioner@westmorland-and-furness.example');
		await openChild(page, 'Amelia Hart');
		await go(page, page.getByRole('link', { name: 'Record a missing episode' }));
		await upToThePhoto(page);
		await page.locator('[role=status]', { hasText: 'saved as you type' }).waitFor();
		expect(await page.locator('#photo-hint').innerText()).toBe('JPG or PNG, smaller than 5MB');
		await page.locator('#photo').setInputFiles({ name: 'amelia.png', mimeType: 'image/png', buffer: Buffer.from('<html><body>not a picture</body></html>') });
		// Consent is asked as soon as a file is chosen.
		await page.getByRole('group', { name: CONSENT }).waitFor();
		await go(page, page.getByRole('button', { name: 'Save and continue' }));

		const summary = page.locator('.govuk-error-summary');
		expect(await summary.innerText()).toContain('The selected file must be a JPG or PNG');
		expect(await page.locator('#photo-error').innerText()).toContain('The selected file must be a JPG or PNG');
		await summary.getByRole('link', { name: 'The selected file must be a JPG or PNG' }).click();
		expect(await page.evaluate(() => document.activeElement?.id)).toBe('photo');
		expect(await page.getByLabel('What the child was wearing').inputValue()).toBe('Blue parka');
		expect(await page.getByLabel('Description of the child').inputValue()).toBe('Short brown hair');
		await expectNoAxeViolations(page);
		// Nothing typed on the earlier pages is lost either.
		await go(page, page.getByRole('link', { name: 'Back', exact: true }));
		expect(await page.getByLabel('Where the child went missing from').inputValue()).toBe('4 Fell View, Kendal');
		await go(page, page.getByRole('button', { name: 'Save and continue' }));
	});

	it('keeps an uploaded photo when another answer is wrong, and asks for consent once it is attached', async () => {
		await page.locator('#photo').setInputFiles({ name: 'amelia.png', mimeType: 'image/png', buffer: PHOTO });
		await page.getByRole('group', { name: CONSENT }).waitFor();
		await page.getByLabel('What the child was wearing').fill('');
		await go(page, page.getByRole('button', { name: 'Save and continue' }));

		const summary = await page.locator('.govuk-error-summary').innerText();
		expect(summary).toContain('Enter what the child was wearing');
		expect(summary).toContain(`Answer ‘${CONSENT}’`);
		expect(summary).not.toContain('selected file');
		// Nothing chosen is lost: the photo is stored and shown as uploaded, with a way to remove it.
		expect(await page.locator('#photo-uploaded').innerText()).toMatch(/amelia\.png uploaded \([^)]+\)/);
		expect(await page.getByRole('button', { name: 'Remove amelia.png' }).count()).toBe(1);
		await expectNoAxeViolations(page);

		await page.getByLabel('What the child was wearing').fill('Blue parka');
		await page.getByLabel('Yes, the person with parental responsibility has consented').check();
		await go(page, page.getByRole('button', { name: 'Save and continue' }));
		await afterThePhoto(page);
		// Checked before it is recorded: the photo is named with the answers.
		expect(await page.locator('.govuk-summary-list__row', { hasText: 'Recent photo' }).innerText()).toMatch(/amelia\.png \([^)]+\)/);
		await go(page, page.getByRole('button', { name: 'Submit missing report' }));
		expect(new URL(page.url()).pathname).toMatch(/^\/episodes\/[a-z0-9]{15}$/);
		episodeUrl = page.url();
		const photoRow = page.locator('.govuk-summary-list__row', { hasText: 'Recent photo' });
		expect(await photoRow.innerText()).toMatch(/amelia\.png \([^)]+\)/);
		uploadUrl = (await photoRow.getByRole('link').getAttribute('href'))!;
		expect(uploadUrl).toMatch(/^\/uploads\/[a-z0-9]{15}$/);
		await expectNoAxeViolations(page);
	});

	it('lets the council download the stored photo', async () => {
		const res = await page.request.get(`${app.url}${uploadUrl}`);
		expect(res.status()).toBe(200);
		expect(res.headers()['content-type']).toBe('image/png');
		expect(Buffer.from(await res.body())).toEqual(PHOTO);
	});

	it('shows the report on its own page, which prints without the service around it', async () => {
		await go(page, page.getByRole('link', { name: 'View, print or download the report a child missing' }));
		submissionUrl = page.url();
		expect(new URL(submissionUrl).pathname).toMatch(/^\/submissions\/[a-z0-9]{15}$/);
		expect(await page.locator('h1').innerText()).toBe('Report a child missing');
		const details = await page.locator('main dl').first().innerText();
		const version = JSON.parse(readFileSync('protocols/westmorland-and-furness/2024.1/forms/missing-report.json', 'utf8')).version as string;
		for (const shown of ['Amelia Hart', '12 April 2011', 'Westmorland and Furness Council', '(UK time)', 'Form version', version]) expect(details).toContain(shown);
		const answers = await page.locator('h2:has-text("Answers") + dl').innerText();
		expect(answers).toContain('4 Fell View, Kendal');
		expect(answers).toContain('Yes, the person with parental responsibility has consented');
		// Consent to share was given, so the photo is shown with the report.
		expect(await page.locator('img.homeward-summary__image').count()).toBe(1);
		await expectNoAxeViolations(page);

		await page.emulateMedia({ media: 'print' });
		try {
			for (const hidden of ['.govuk-header', '.govuk-service-navigation', '.govuk-footer', '.govuk-back-link', '.govuk-phase-banner']) {
				expect(await page.locator(hidden).first().isVisible(), hidden).toBe(false);
			}
			expect(await page.getByRole('link', { name: 'Download as PDF' }).isVisible()).toBe(false);
			expect(await page.locator('h1').isVisible()).toBe(true);
			expect(await page.locator('h2:has-text("Answers") + dl').isVisible()).toBe(true);
		} finally {
			await page.emulateMedia({ media: 'screen' });
		}
	});

	it('downloads a PDF naming the form and the child, holding the answers', async () => {
		const res = await page.request.get(`${submissionUrl}/pdf`);
		expect(res.status()).toBe(200);
		expect(res.headers()['content-type']).toBe('application/pdf');
		expect(res.headers()['content-disposition']).toBe('attachment; filename="report-a-child-missing-amelia-hart.pdf"');
		const body = await res.body();
		const text = pdfText(body);
		for (const shown of ['Report a child missing', 'Amelia Hart', '4 Fell View, Kendal', 'Blue parka', 'Did not come home after school.', 'Child in need', 'amelia.png']) {
			expect(text).toContain(shown);
		}
		// The photo travels with the PDF: consent to share it was recorded.
		expect(body.toString('latin1')).toContain('/Subtype /Image');
	});

	it('shows another council nothing: not the report, its PDF nor the photo', async () => {
		const other = await browser.newContext();
		const medway = await other.newPage();
		try {
			await signIn(medway, app.url, 'practitioner@medway.example');
			for (const path of [new URL(submissionUrl).pathname, `${new URL(submissionUrl).pathname}/pdf`, uploadUrl]) {
				const res = await medway.request.get(`${app.url}${path}`);
				expect(res.status(), path).toBe(404);
				expect((await res.body()).includes(PHOTO.subarray(0, 64))).toBe(false);
			}
			await medway.goto(submissionUrl);
			expect(await medway.locator('h1').innerText()).toBe('Page not found');
			expect(await medway.locator('main').innerText()).toContain('No form with this reference is visible to you');
			await expectNoAxeViolations(medway);
			// Signed out, nothing either: the sign-in page.
			const guest = await (await browser.newContext()).newPage();
			await guest.goto(`${app.url}${uploadUrl}`);
			expect(new URL(guest.url()).pathname).toBe('/login');
			await guest.context().close();
		} finally {
			await other.close();
		}
	});

	it('shows the RHI record’s guidance as an HTML list', async () => {
		await page.goto(episodeUrl);
		await go(page, page.getByRole('link', { name: 'Child found', exact: true }));
		await go(page, page.getByRole('button', { name: 'Confirm: Child found' }));
		await page.goto(`${episodeUrl}/steps/RHI_DECLINED`);
		const items = await page.locator('.homeward-guidance ul.govuk-list--bullet li').allInnerTexts();
		expect(items).toEqual([
			'within 72 hours of the child returning',
			'in a neutral place where they feel safe',
			"by an independent trained professional who is not directly involved in the child's care"
		]);
		await expectNoAxeViolations(page);
	});
});

describe('reordering associates with JavaScript on', () => {
	it('moves an associate up and down in place, keeping focus on the moved associate', async () => {
		await openChild(page, 'Jordan Reid');
		await page.goto(`${page.url()}/episodes/new?page=circumstances`);
		await page.locator('#associates-add[type="button"]').waitFor();
		for (const [i, name] of ['Kim', 'Lee', 'Max'].entries()) {
			await page.getByRole('button', { name: i === 0 ? 'Add associate' : 'Add another associate' }).click();
			// The new associate's first question has focus, ready to type.
			expect(await page.evaluate(() => document.activeElement?.id)).toBe(`associates-${i}-name`);
			await page.keyboard.type(name);
		}
		const names = () => Promise.all([0, 1, 2].map((i) => page.locator(`#associates-${i}-name`).inputValue()));
		await page.getByRole('button', { name: 'Move associate 3 up' }).click();
		expect(await names()).toEqual(['Kim', 'Max', 'Lee']);
		expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Move associate 2 up');
		expect(await page.locator('[role="status"]').first().innerText()).toBe('Associate 3 moved up to position 2.');
		await page.keyboard.press('Enter');
		expect(await names()).toEqual(['Max', 'Kim', 'Lee']);
		// At the top there is no "up": focus stays on the moved associate's other move button.
		expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Move associate 1 down');
		await page.getByRole('button', { name: 'Remove associate 2' }).click();
		expect(await Promise.all([0, 1].map((i) => page.locator(`#associates-${i}-name`).inputValue()))).toEqual(['Max', 'Lee']);
		expect(await page.evaluate(() => document.activeElement?.id)).toBe('associates-add');
		await expectNoAxeViolations(page);
	});
});

describe('with JavaScript turned off', () => {
	it('uploads a photo, keeps it across an error, reorders associates through the server and records the episode', async () => {
		const noJsContext = await browser.newContext({ javaScriptEnabled: false });
		const noJs = await noJsContext.newPage();
		noJs.setDefaultTimeout(15_000);
		try {
			await signIn(noJs, app.url, 'practitioner@westmorland-and-furness.example');
			// Not Jordan Reid: the test above left a draft of Jordan's report, which a colleague would pick up.
			await noJs.getByRole('link', { name: 'Amelia Hart' }).click();
			await noJs.waitForURL(/\/children\/[a-z0-9]{15}$/);
			await noJs.getByRole('link', { name: 'Record a missing episode' }).click();
			await noJs.waitForURL(/\/episodes\/new$/);
			const post = async (name: string) => {
				await Promise.all([noJs.waitForNavigation(), noJs.getByRole('button', { name, exact: true }).click()]);
			};

			await upToThePhoto(noJs);
			await noJs.locator('#photo').setInputFiles({ name: 'amelia-2.png', mimeType: 'image/png', buffer: PHOTO });
			// Saved without consent: refused, the photo stored and still there.
			await post('Save and continue');
			expect(await noJs.locator('.govuk-error-summary').innerText()).toContain(`Answer ‘${CONSENT}’`);
			expect(await noJs.locator('#photo-uploaded').innerText()).toMatch(/amelia-2\.png uploaded/);
			await noJs.getByLabel('No, consent was refused').check();
			await post('Save and continue');

			expect(await noJs.locator('h1').innerText()).toBe('Circumstances and associates');
			await noJs.getByLabel('Circumstances or events around going missing').fill('Did not come home after school.');
			await post('Add associate');
			await noJs.locator('#associates-0-name').fill('First friend');
			await post('Add another associate');
			await noJs.locator('#associates-1-name').fill('Second friend');
			await post('Move associate 2 up');
			expect(await noJs.locator('#associates-0-name').inputValue()).toBe('Second friend');
			expect(await noJs.locator('#associates-1-name').inputValue()).toBe('First friend');
			for (const i of [0, 1]) await noJs.locator(`#associates-${i}-relationship`).check();
			await post('Save and continue');
			await noJs.getByLabel('Updated risk assessment').fill('No new concerns.');
			await post('Save and continue');
			expect(await noJs.locator('h1').innerText()).toBe('Check your answers');
			expect(await noJs.locator('main').innerText()).toMatch(/amelia-2\.png \([^)]+\)/);
			await post('Submit missing report');
			expect(new URL(noJs.url()).pathname).toMatch(/^\/episodes\/[a-z0-9]{15}$/);
			const body = await noJs.locator('main').innerText();
			expect(body.indexOf('Second friend')).toBeLessThan(body.indexOf('First friend'));
			expect(body).toMatch(/amelia-2\.png \([^)]+\)/);
			// Consent to share was refused: the photo is linked for the council, not shown with the report.
			expect(await noJs.locator('img.homeward-summary__image').count()).toBe(0);
		} finally {
			await noJsContext.close();
		}
	});
});
