/**
 * The way through a form as practitioners walk it in Chromium: a four-page report with
 * JavaScript off (errors per page, check your answers, change links, the full check's errors
 * linking to their pages); a draft typed on one device and picked up on another after the
 * first was closed mid-typing; two people on one draft, shown both versions and choosing; the
 * Philomena profile from its task list to a stored profile and its update when the child goes
 * missing; a draft deleted after a confirmation (and kept when a colleague saved it since); and
 * the whole missing report completed with the keyboard alone. axe on every state.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { expectNoAxeViolations, expectNoAxeViolationsWithoutScript, openBrowser, signIn, startHomeward, type Homeward } from './harness.js';
import { fillDateTime, go, instant, throughPages, typed } from './form-filling.js';

let app: Homeward;
let browser: Browser;

beforeAll(async () => {
	app = await startHomeward({ HOMEWARD_POLL_MS: '0' });
	browser = await openBrowser();
});

afterAll(async () => {
	await browser?.close();
	await app?.stop();
});

/** A signed-in page in a browser context of its own (another device). */
async function device(email: string, javaScriptEnabled = true): Promise<Page> {
	const page = await (await browser.newContext({ javaScriptEnabled })).newPage();
	await signIn(page, app.url, email);
	return page;
}

async function openChild(p: Page, name: string): Promise<void> {
	await go(p, p.getByRole('link', { name: 'Children', exact: true }));
	await go(p, p.getByRole('link', { name }));
}

const h1 = (p: Page) => p.locator('h1').innerText();
const errorSummary = (p: Page) => p.locator('.govuk-error-summary').innerText();

/** Opens the child's missing report at one of its pages, by its address. */
async function reportPage(p: Page, child: string, page: string, scripted = true): Promise<void> {
	await openChild(p, child);
	await p.goto(`${p.url()}/episodes/new?page=${page}`);
	// Wait (only looking) until the page's script runs: it then saves as people type.
	if (scripted) await p.locator('[role=status]', { hasText: 'saved as you type' }).waitFor();
}

const PRACTITIONER = 'practitioner@westmorland-and-furness.example';
const LEAD = 'lead@westmorland-and-furness.example';

describe('a four-page report with JavaScript off', () => {
	it('checks each page on its own, lists the answers by page with change links, and records the episode', async () => {
		const p = await device('practitioner@medway.example', false);
		try {
			await openChild(p, 'Tyler Okafor');
			await go(p, p.getByRole('link', { name: 'Record a missing episode' }));
			expect(await h1(p)).toBe('About the child');
			expect(await p.locator('main').innerText()).toContain('Page 1 of 4');
			await expectNoAxeViolationsWithoutScript(p);

			// Page 1 alone is checked: its two questions, nothing from later pages.
			await go(p, p.getByRole('button', { name: 'Save and continue' }));
			const problems = await errorSummary(p);
			expect(problems).toContain("Select the child's status");
			expect(problems).toContain('Answer ‘Is the child open to a children');
			expect(problems).not.toContain('where the child went missing from');
			expect(await p.title()).toMatch(/^Error: /);
			await expectNoAxeViolationsWithoutScript(p);
			await p.getByLabel('Child in need', { exact: true }).check();
			await p.getByRole('group', { name: /open to a children's services team/ }).getByLabel('Yes', { exact: true }).check();
			await go(p, p.getByRole('button', { name: 'Save and continue' }));

			expect(await h1(p)).toBe('When and where');
			await p.getByLabel('Where the child went missing from').fill('Home address, Chatham');
			await fillDateTime(p, 'missingAt', ['2', '3', '2024', '18:00']);
			// Only part of a date: the page says so and keeps what was typed.
			await fillDateTime(p, 'lastSeenAt', ['2', '3', '', '17:30']);
			await p.getByLabel('Location last seen').fill('Chatham station');
			await go(p, p.getByRole('button', { name: 'Save and continue' }));
			expect(await errorSummary(p)).toContain('Time last seen must include a year');
			expect(await p.locator('#lastSeenAt-time').inputValue()).toBe('17:30');
			expect(await p.getByLabel('Location last seen').inputValue()).toBe('Chatham station');
			await p.locator('#lastSeenAt-year').fill('2024');
			await go(p, p.getByRole('button', { name: 'Save and continue' }));

			expect(await h1(p)).toBe('Description and photo');
			// Back keeps what the earlier page saved.
			await go(p, p.getByRole('link', { name: 'Back', exact: true }));
			expect(await p.getByLabel('Location last seen').inputValue()).toBe('Chatham station');
			await go(p, p.getByRole('button', { name: 'Save and continue' }));
			await p.getByLabel('What the child was wearing').fill('Grey hoodie');
			await p.getByLabel('Description of the child').fill('Tall, short black hair');
			await go(p, p.getByRole('button', { name: 'Save and continue' }));

			expect(await h1(p)).toBe('Circumstances and associates');
			await p.getByLabel('Circumstances or events around going missing').fill('Left after school with older friends.');
			await go(p, p.getByRole('button', { name: 'Save and continue' }));

			expect(await h1(p)).toBe('Check your answers');
			const headings = await p.locator('main h2.govuk-heading-m').allInnerTexts();
			expect(headings.slice(0, 4)).toEqual(['About the child', 'When and where', 'Description and photo', 'Circumstances and associates']);
			expect(await p.locator('main').innerText()).toContain('Chatham station');
			await expectNoAxeViolationsWithoutScript(p);

			// Change goes to the question's page and comes back here.
			await go(p, p.getByRole('link', { name: 'Change location last seen' }));
			expect(await h1(p)).toBe('When and where');
			await p.getByLabel('Location last seen').fill('Rochester bus station');
			await go(p, p.getByRole('button', { name: 'Save and continue' }));
			expect(await h1(p)).toBe('Check your answers');
			const answers = await p.locator('main').innerText();
			expect(answers).toContain('Rochester bus station');
			expect(answers).not.toContain('Chatham station');

			await go(p, p.getByRole('button', { name: 'Submit missing report' }));
			expect(new URL(p.url()).pathname).toMatch(/^\/episodes\/[a-z0-9]{15}$/);
			const episode = await p.locator('main').innerText();
			expect(episode).toContain('Rochester bus station');
			expect(episode).toContain('Missing report submitted');
		} finally {
			await p.context().close();
		}
	});

	it('shows the full check’s errors at submit with links to the page that asks each question, losing nothing', async () => {
		const p = await device('practitioner@medway.example', false);
		try {
			await openChild(p, 'Tyler Okafor');
			await go(p, p.getByRole('link', { name: 'Record a missing episode' }));
			await p.getByLabel('Child in need', { exact: true }).check();
			await p.getByRole('group', { name: /open to a children's services team/ }).getByLabel('No', { exact: true }).check();
			await p.getByLabel('Other names the child uses').fill('Tee-Jay');
			await go(p, p.getByRole('button', { name: 'Save and continue' }));
			// Straight to check your answers with three pages unanswered.
			await p.goto(`${new URL(p.url()).origin}${new URL(p.url()).pathname}?view=check`);
			await go(p, p.getByRole('button', { name: 'Submit missing report' }));
			const summary = p.locator('.govuk-error-summary');
			expect(await summary.innerText()).toContain('Enter where the child went missing from');
			expect(await p.title()).toMatch(/^Error: /);
			await expectNoAxeViolationsWithoutScript(p);
			const link = summary.getByRole('link', { name: 'Enter what the child was wearing' });
			expect(await link.getAttribute('href')).toMatch(/\?page=appearance&return=check#clothing$/);
			await go(p, link);
			expect(await h1(p)).toBe('Description and photo');
			expect(await errorSummary(p)).toContain('Enter what the child was wearing');
			await expectNoAxeViolationsWithoutScript(p);
			// Nothing recorded, nothing lost.
			await go(p, p.getByRole('link', { name: 'Back', exact: true }));
			expect(await p.locator('.govuk-summary-list__row', { hasText: 'Other names the child uses' }).innerText()).toContain('Tee-Jay');
		} finally {
			await p.context().close();
		}
	});
});

describe('a draft picked up on another device', () => {
	it('keeps everything typed, even just before the first device was closed, exactly as typed', async () => {
		const first = await device(PRACTITIONER);
		await openChild(first, 'Jordan Reid');
		await go(first, first.getByRole('link', { name: 'Record a missing episode' }));
		await first.getByLabel('In care: care order or interim care order').check();
		await go(first, first.getByRole('button', { name: 'Save and continue' }));
		expect(await h1(first)).toBe('When and where');
		await first.locator('[role=status]', { hasText: 'saved as you type' }).waitFor();
		await first.getByLabel('Where the child went missing from').pressSequentially('Foster placement, Kendal');
		// Not a real date yet: kept as typed, not as a parsed answer.
		await first.locator('#missingAt-day').pressSequentially('31');
		await first.locator('#missingAt-month').pressSequentially('2');
		await first.getByLabel('Location last seen').pressSequentially('Kendal station, platform 2');
		// Closed mid-typing, well inside the autosave's wait.
		await first.close({ runBeforeUnload: true });
		await first.context().close();

		// A colleague on the next shift, on another device.
		const next = await device(LEAD);
		try {
			await reportPage(next, 'Jordan Reid', 'episode');
			await expect
				.poll(
					async () => {
						await next.reload();
						return next.getByLabel('Location last seen').inputValue();
					},
					{ timeout: 15_000, interval: 500 }
				)
				.toBe('Kendal station, platform 2');
			expect(await next.getByLabel('Where the child went missing from').inputValue()).toBe('Foster placement, Kendal');
			expect(await next.locator('#missingAt-day').inputValue()).toBe('31');
			expect(await next.locator('#missingAt-month').inputValue()).toBe('2');
			expect(await next.locator('[role=status]').innerText()).toContain('Draft last saved by Demo practitioner');
			await expectNoAxeViolations(next);

			// They finish it; recording it removes the draft, so the next report starts empty.
			await throughPages(next, [
				instant('missingAt', Date.parse('2025-02-28T17:00:00Z')),
				instant('lastSeenAt', Date.parse('2025-02-28T16:45:00Z')),
				typed('What the child was wearing', 'Navy coat, white trainers'),
				typed('Description of the child', 'Slim, short fair hair'),
				typed('Circumstances or events around going missing', 'Did not come back from contact.'),
				typed('Updated risk assessment', 'Known to older peers in Lancaster.')
			]);
			const checked = await next.locator('main').innerText();
			expect(checked).toContain('In care: care order or interim care order');
			expect(checked).toContain('Kendal station, platform 2');
			await go(next, next.getByRole('button', { name: 'Submit missing report' }));
			expect(await next.locator('main').innerText()).toContain('Kendal station, platform 2');
			await go(next, next.getByRole('link', { name: 'Back to Jordan Reid' }));
			await go(next, next.getByRole('link', { name: 'Record a missing episode' }));
			expect(await next.getByLabel('In care: care order or interim care order').isChecked()).toBe(false);
		} finally {
			await next.context().close();
		}
	});
});

describe('a draft no longer needed', () => {
	it('is deleted from check your answers after a confirmation, but not when a colleague saved it since', async () => {
		const p = await device('practitioner@walsall.example', false);
		const colleague = await device('lead@walsall.example', false);
		try {
			await openChild(p, 'Sophie Lane');
			await go(p, p.getByRole('link', { name: 'Record a missing episode' }));
			await p.getByLabel('Other names the child uses').fill('Soph');
			await go(p, p.getByRole('button', { name: 'Save and continue' }));
			const check = p.url().replace(/\?.*$/, '?view=check');
			await p.goto(check);
			expect(await p.locator('main').innerText()).toContain('Soph');

			// Asked first; "No" keeps everything.
			await go(p, p.getByRole('button', { name: 'Delete this draft' }));
			expect(await h1(p)).toBe('Are you sure you want to delete this draft?');
			expect(await p.locator('main').innerText()).toContain('last saved by Demo practitioner');
			await expectNoAxeViolationsWithoutScript(p);
			await go(p, p.getByRole('link', { name: 'No, keep the draft' }));
			expect(await h1(p)).toBe('Check your answers');
			expect(await p.locator('main').innerText()).toContain('Soph');

			// A colleague saves after this page was opened: the deletion is refused, their answer kept.
			await colleague.goto(p.url().replace(/\?.*$/, '?page=child'));
			await colleague.getByLabel('Other names the child uses').fill('Sophie L');
			await go(colleague, colleague.getByRole('button', { name: 'Save and continue' }));
			await go(p, p.getByRole('button', { name: 'Delete this draft' }));
			expect(await errorSummary(p)).toMatch(/Demo lead \(Walsall Council\) changed these answers at .*Check them again before deleting/);
			await p.goto(check);
			expect(await p.locator('main').innerText()).toContain('Sophie L');

			await go(p, p.getByRole('button', { name: 'Delete this draft' }));
			await go(p, p.getByRole('button', { name: 'Yes, delete the draft' }));
			const main = await p.locator('main').innerText();
			expect(main).toContain('The draft was deleted. Nothing was recorded.');
			expect(main).toContain('No answers have been saved yet.');
			await expectNoAxeViolationsWithoutScript(p);
			// Gone for the colleague too, and no episode was recorded.
			await colleague.goto(p.url().replace(/\?.*$/, '?page=child'));
			expect(await colleague.getByLabel('Other names the child uses').inputValue()).toBe('');
			await go(p, p.getByRole('link', { name: 'Back to Sophie Lane' }));
			expect(await h1(p)).toBe('Sophie Lane');
			expect(await p.locator('main').innerText()).not.toMatch(/Missing report submitted/);
		} finally {
			await p.context().close();
			await colleague.context().close();
		}
	});
});

describe('two people on one draft', () => {
	it('refuses the second save, shows both versions side by side, and keeps what each chooses', async () => {
		const pat = await device(PRACTITIONER);
		const lee = await device(LEAD);
		try {
			// Both open the empty report's "When and where"; Pat types first.
			for (const p of [pat, lee]) await reportPage(p, 'Jordan Reid', 'episode');
			await pat.getByLabel('Where the child went missing from').fill('Foster placement, Kendal');
			await pat.getByLabel('Who, if anyone, they went missing with').fill('An older friend, Kai');
			await expect.poll(() => pat.locator('[role=status]').innerText(), { timeout: 10_000 }).toMatch(/Draft saved at/);

			// Lee, who never saw Pat's answers, types over the same page.
			await lee.getByLabel('Where the child went missing from').fill('School');
			await lee.getByLabel('Location last seen').fill('Bus stop');
			const alert = lee.locator('.govuk-error-summary', { hasText: 'has saved changes to this draft' });
			await alert.waitFor({ timeout: 10_000 });
			expect(await alert.innerText()).toContain('Demo practitioner (Westmorland and Furness Council) has saved changes to this draft');
			expect(await lee.getByLabel('Where the child went missing from').inputValue()).toBe('School');
			await expectNoAxeViolations(lee);
			// Pat's version is untouched.
			await pat.reload();
			expect(await pat.getByLabel('Where the child went missing from').inputValue()).toBe('Foster placement, Kendal');

			await go(lee, lee.getByRole('button', { name: 'Compare your answers with theirs' }));
			expect(await h1(lee)).toContain('changed these answers while you were working on them');
			const missingFrom = lee.locator('.homeward-compare', { hasText: 'Where the child went missing from' });
			const [mine, theirs] = await missingFrom.locator('.homeward-compare__version').allInnerTexts();
			expect(mine).toContain('Your answer (not saved)');
			expect(mine).toContain('School');
			expect(theirs).toContain('Foster placement, Kendal');
			expect(await missingFrom.locator('mark').allInnerTexts()).toEqual(['School', 'Foster placement, Kendal']);
			expect(await lee.locator('.homeward-compare', { hasText: 'Who, if anyone, they went missing with' }).innerText()).toContain('They changed this');
			expect(await lee.title()).toMatch(/^Error: /);
			await expectNoAxeViolations(lee);

			// Lee keeps Pat's place, their own "last seen", and Pat's companion (suggested: only Pat changed it).
			await missingFrom.getByLabel(/^Use .* answer$/).check();
			await go(lee, lee.getByRole('button', { name: 'Save the answers I chose' }));
			expect(await h1(lee)).toBe('When and where');
			expect(await lee.getByLabel('Where the child went missing from').inputValue()).toBe('Foster placement, Kendal');
			expect(await lee.getByLabel('Location last seen').inputValue()).toBe('Bus stop');
			expect(await lee.getByLabel('Who, if anyone, they went missing with').inputValue()).toBe('An older friend, Kai');

			// Pat's page is now behind Lee's save: Pat's next change is refused in turn, never saved over it.
			await pat.getByLabel('Who, if anyone, they went missing with').fill('An older friend, Kai Ellis');
			await pat.locator('.govuk-error-summary', { hasText: 'has saved changes to this draft' }).waitFor({ timeout: 10_000 });
			await go(pat, pat.getByRole('button', { name: 'Compare your answers with theirs' }));
			await go(pat, pat.getByRole('button', { name: 'Keep all my answers' }));
			// Keeping all of Pat's own is Pat's choice, saved on top of Lee's as a new version.
			expect(await pat.getByLabel('Who, if anyone, they went missing with').inputValue()).toBe('An older friend, Kai Ellis');
			expect(await pat.getByLabel('Location last seen').inputValue()).toBe('');
		} finally {
			await pat.context().close();
			await lee.context().close();
		}
	});

	it('without JavaScript, the page post shows both versions and keeps the one chosen', async () => {
		const pat = await device(PRACTITIONER);
		const lee = await device(LEAD, false);
		try {
			await reportPage(lee, 'Amelia Hart', 'episode', false);
			await reportPage(pat, 'Amelia Hart', 'episode');
			await pat.getByLabel('Where the child went missing from').fill('4 Fell View, Kendal');
			await expect.poll(() => pat.locator('[role=status]').innerText(), { timeout: 10_000 }).toMatch(/Draft saved at/);

			await lee.getByLabel('Where the child went missing from').fill('Kendal library');
			await go(lee, lee.getByRole('button', { name: 'Save and continue' }));
			expect(await h1(lee)).toContain('changed these answers while you were working on them');
			expect(await lee.locator('main').innerText()).toContain('4 Fell View, Kendal');
			await expectNoAxeViolationsWithoutScript(lee);
			await go(lee, lee.getByRole('button', { name: /^Use all of / }));
			expect(await lee.getByLabel('Where the child went missing from').inputValue()).toBe('4 Fell View, Kendal');
		} finally {
			await pat.context().close();
			await lee.context().close();
		}
	});
});

describe('the Philomena profile', () => {
	it('is prepared from its task list, stored with who and when, and updated when the child goes missing as a new version', async () => {
		const p = await device(PRACTITIONER);
		try {
			await openChild(p, 'Kayla Morris');
			const section = await p.locator('main').innerText();
			expect(section).toContain(
				'uses the Philomena Protocol for: Children placed in Westmorland and Furness by another local authority who are identified as being at risk of exploitation or of going missing'
			);
			expect(section).toContain('No Philomena profile has been recorded for Kayla Morris.');
			await expectNoAxeViolations(p);

			await go(p, p.getByRole('link', { name: 'Prepare a Philomena profile' }));
			expect(await h1(p)).toBe('Philomena Protocol profile');
			const status = (task: string) => p.locator('.govuk-task-list__item', { hasText: task }).locator('.govuk-task-list__status').innerText();
			expect(await status('About the child')).toBe('Not yet started');
			expect(await status('When the child goes missing')).toBe('Not yet started');
			await expectNoAxeViolations(p);

			await go(p, p.getByRole('link', { name: 'About the child' }));
			expect(await p.locator('main').innerText()).toContain('Kayla Morris');
			await p.getByLabel('Physical description').fill('Tall, long dark hair, Black Country accent');
			await go(p, p.getByRole('button', { name: 'Save and continue' }));
			expect(await h1(p)).toBe('Philomena Protocol profile');
			expect(await status('About the child')).toBe('Completed');

			await go(p, p.getByRole('link', { name: 'Placement and contacts' }));
			await p.getByLabel('Provider and home name').fill('Oak House, Fellside Care');
			await go(p, p.getByRole('button', { name: 'Save and continue' }));
			expect(await errorSummary(p)).toContain('Enter placement address');
			await expectNoAxeViolations(p);
			await go(p, p.getByRole('link', { name: 'Back', exact: true }));
			expect(await status('Placement and contacts')).toBe('In progress');
			await go(p, p.getByRole('link', { name: 'Placement and contacts' }));
			expect(await p.getByLabel('Provider and home name').inputValue()).toBe('Oak House, Fellside Care');
			await p.getByLabel('Placement address').fill('1 Oak Lane, Kendal LA9 4AA');
			await p.getByLabel('In care: care order or interim care order').check();
			await go(p, p.getByRole('button', { name: 'Save and continue' }));
			expect(await status('Placement and contacts')).toBe('Completed');

			// Checked before recording: what is still needed links to the section that asks it.
			await go(p, p.getByRole('link', { name: 'Check your answers' }));
			expect(await p.locator('main h2').allInnerTexts()).toContain('When the child goes missing');
			await expectNoAxeViolations(p);
			await go(p, p.getByRole('button', { name: 'Record the profile' }));
			const needed = p.locator('.govuk-error-summary');
			expect(await needed.innerText()).toContain('Is the child missing now?');
			await expectNoAxeViolations(p);
			await go(p, needed.getByRole('link', { name: /What has the child been identified as being at risk of/ }));
			expect(await h1(p)).toBe('Risks, associates and places');
			await p.getByLabel('Going missing', { exact: true }).check();
			await go(p, p.getByRole('button', { name: 'Save and continue' }));
			expect(await h1(p)).toBe('Check your answers');
			await go(p, p.getByRole('button', { name: 'Record the profile' }));
			expect(await errorSummary(p)).not.toContain('identified as being at risk of');
			await go(p, p.locator('.govuk-error-summary').getByRole('link', { name: /Is the child missing now/ }));
			expect(await h1(p)).toBe('When the child goes missing');
			await p.getByRole('group', { name: 'Is the child missing now?' }).getByLabel('No', { exact: true }).check();
			await go(p, p.getByRole('button', { name: 'Save and continue' }));
			expect(await h1(p)).toBe('Check your answers');
			await go(p, p.getByRole('button', { name: 'Record the profile' }));
			expect(new URL(p.url()).pathname).toMatch(/\/children\/[a-z0-9]{15}\/philomena$/);
			const profile = await p.locator('main').innerText();
			expect(profile).toMatch(/Recorded \w+day \d{1,2} \w+ 20\d\d, \d\d:\d\d by Demo practitioner \(Westmorland and Furness Council\)/);
			expect(profile).toContain('1 Oak Lane, Kendal LA9 4AA');
			await expectNoAxeViolations(p);

			// The child goes missing: the profile's last section is filled at the time, from the latest version.
			await go(p, p.getByRole('link', { name: 'Update the profile' }));
			expect(await status('Placement and contacts')).toBe('Completed');
			await go(p, p.getByRole('link', { name: 'When the child goes missing' }));
			await p.getByRole('group', { name: 'Is the child missing now?' }).getByLabel('Yes', { exact: true }).check();
			await p.getByLabel('Where the child went missing from').fill('Oak House');
			await fillDateTime(p, 'missingAt', ['3', '3', '2025', '21:00']);
			await fillDateTime(p, 'lastSeenAt', ['3', '3', '2025', '20:45']);
			await p.getByLabel('Where last seen').fill('Kendal bus station');
			await p.getByLabel('What the child was wearing').fill('Black puffer jacket');
			await p.getByLabel('Circumstances or events around going missing').fill('Left the home at 21:00 after a phone call.');
			await go(p, p.getByRole('button', { name: 'Save and continue' }));
			expect(await status('When the child goes missing')).toBe('Completed');
			await go(p, p.getByRole('link', { name: 'Check your answers' }));
			await go(p, p.getByRole('button', { name: 'Record the profile' }));
			expect(await p.locator('main').innerText()).toContain('Black puffer jacket');

			// The earlier version stays readable as it was.
			const versions = p.locator('h2:has-text("All versions") + ul li');
			expect(await versions.count()).toBe(2);
			await go(p, versions.nth(1).getByRole('link'));
			const earlier = await p.locator('main').innerText();
			expect(earlier).toContain('This is an earlier version');
			expect(earlier).toContain('1 Oak Lane, Kendal LA9 4AA');
			expect(earlier).not.toContain('Black puffer jacket');
			await expectNoAxeViolations(p);

			await go(p, p.getByRole('link', { name: 'Back to Kayla Morris' }));
			expect(await p.locator('main').innerText()).toMatch(/Last recorded\s+\w+day \d{1,2} \w+ 20\d\d, \d\d:\d\d, by Demo practitioner/);
		} finally {
			await p.context().close();
		}
		// The placing council sees the profile its child's provider prepared, but has no profile of its own to fill.
		const walsall = await device('practitioner@walsall.example');
		try {
			await openChild(walsall, 'Kayla Morris');
			expect(await walsall.locator('main').innerText()).toContain('Last recorded');
			expect(await walsall.getByRole('link', { name: /Update the profile|Prepare a Philomena profile/ }).count()).toBe(0);
			await go(walsall, walsall.getByRole('link', { name: 'View the profile' }));
			expect(await walsall.locator('main').innerText()).toContain('Black puffer jacket');
			await expectNoAxeViolations(walsall);
		} finally {
			await walsall.context().close();
		}
	});
});

describe('with the keyboard only', () => {
	/** What has focus, as a person would name it. */
	async function focused(p: Page): Promise<{ id: string; label: string; type: string }> {
		return p.evaluate(() => {
			const el = document.activeElement as HTMLInputElement | null;
			if (!el) return { id: '', label: '', type: '' };
			const label = el.labels?.[0]?.innerText ?? el.getAttribute('aria-label') ?? el.innerText ?? '';
			return { id: el.id, label: label.trim(), type: el.type ?? el.tagName.toLowerCase() };
		});
	}

	/** Presses Tab (or Shift+Tab) until what has focus fits; fails after a bounded number of presses. */
	async function tabTo(p: Page, fits: (f: { id: string; label: string; type: string }) => boolean, backwards = false): Promise<void> {
		for (let i = 0; i < 120; i++) {
			await p.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
			if (fits(await focused(p))) return;
		}
		throw new Error(`Tab never reached the element looked for; focus is on ${JSON.stringify(await focused(p))}`);
	}

	const labelled = (text: string) => (f: { label: string }) => f.label.startsWith(text);
	const withId = (id: string) => (f: { id: string }) => f.id === id;

	async function typeInto(p: Page, fits: (f: { id: string; label: string; type: string }) => boolean, text: string): Promise<void> {
		await tabTo(p, fits);
		await p.keyboard.type(text);
	}

	it('completes the whole missing report with Tab, typing, arrows, Space and Enter, and the episode is recorded', async () => {
		const p = await device(PRACTITIONER);
		try {
			// From the children list to the report, by keyboard too.
			await p.goto(`${app.url}/children`);
			await tabTo(p, (f) => f.label === 'Amelia Hart');
			await Promise.all([p.waitForURL(/\/children\/[a-z0-9]{15}$/), p.keyboard.press('Enter')]);
			await tabTo(p, (f) => f.label === 'Record a missing episode');
			await Promise.all([p.waitForURL(/\/episodes\/new$/), p.keyboard.press('Enter')]);
			// Wait (only looking) until the page's script runs, as a person waits for a page to load.
			await p.locator('[role=status]', { hasText: 'saved as you type' }).waitFor();

			const saveAndContinue = async () => {
				await tabTo(p, (f) => f.type === 'submit' && f.label === 'Save and continue');
				await Promise.all([p.waitForNavigation(), p.keyboard.press('Enter')]);
			};

			// About the child. The child's status: Tab into the radios, arrows to choose.
			await tabTo(p, (f) => f.id === 'legalStatus');
			for (let i = 0; i < 8 && (await focused(p)).label !== 'Child in need'; i++) await p.keyboard.press('ArrowDown');
			expect((await focused(p)).label).toBe('Child in need');
			await saveAndContinue();

			expect(await h1(p)).toBe('When and where');
			await typeInto(p, labelled('Where the child went missing from'), '4 Fell View, Kendal');
			for (const [id, value] of [
				['missingAt-day', '2'],
				['missingAt-month', '3'],
				['missingAt-year', '2024'],
				['missingAt-time', '18:00'],
				['lastSeenAt-day', '2'],
				['lastSeenAt-month', '3'],
				['lastSeenAt-year', '2024'],
				['lastSeenAt-time', '17:40']
			] as const) {
				await typeInto(p, withId(id), value);
			}
			await typeInto(p, labelled('Location last seen'), 'Kendal bus station');
			// A slip corrected by going back with Shift+Tab.
			await tabTo(p, withId('lastSeenAt-time'), true);
			await p.keyboard.press('Control+A');
			await p.keyboard.type('17:45');
			await saveAndContinue();

			expect(await h1(p)).toBe('Description and photo');
			await typeInto(p, labelled('What the child was wearing'), 'Blue parka');
			// A checkbox, ticked with Space.
			await tabTo(p, labelled('Mobile phone'));
			await p.keyboard.press('Space');
			await typeInto(p, labelled('Description of the child'), 'About 5 feet tall, short brown hair');
			await saveAndContinue();

			expect(await h1(p)).toBe('Circumstances and associates');
			await typeInto(p, labelled('Circumstances or events around going missing'), 'Left after an argument.');
			await saveAndContinue();

			expect(await h1(p)).toBe('Actions taken and risk');
			await typeInto(p, labelled('Updated risk assessment'), 'No new concerns.');
			await saveAndContinue();

			expect(await h1(p)).toBe('Check your answers');
			const answers = await p.locator('main').innerText();
			for (const shown of ['Child in need', 'Saturday 2 March 2024, 17:45', 'Mobile phone', 'Blue parka']) expect(answers).toContain(shown);
			await tabTo(p, (f) => f.label === 'Submit missing report');
			await Promise.all([p.waitForNavigation(), p.keyboard.press('Enter')]);

			expect(new URL(p.url()).pathname).toMatch(/^\/episodes\/[a-z0-9]{15}$/);
			const episode = await p.locator('main').innerText();
			expect(episode).toContain('Reported missing');
			expect(episode).toContain('Saturday 2 March 2024, 18:00');
			expect(episode).toContain('Missing report submitted');
		} finally {
			await p.context().close();
		}
	});
});
