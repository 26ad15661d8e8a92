/**
 * The lifecycle as practitioners walk it in Chromium: a Westmorland and Furness child reported,
 * found, offered and given a return home interview that records what the chapter asks (with a
 * second practitioner's stale step refused as a conflict), and a Stage One record refused
 * without its chair; a Medway child missing over 48 hours whose Need to Know and strategy
 * discussion tasks the clock poller raises on My work; axe on every page on the way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expectNoAxeViolations, openBrowser, signIn, startHomeward, type Homeward } from './harness.js';
import { go, instant, throughPages, ticked, typed, type Answer } from './form-filling.js';

let app: Homeward;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
	// The clock poller every second, so escalations fire while the test watches.
	app = await startHomeward({ HOMEWARD_POLL_MS: '1000' });
	browser = await openBrowser();
	context = await browser.newContext();
	page = await context.newPage();
});

afterAll(async () => {
	await browser?.close();
	await app?.stop();
});

const mainText = (p: Page) => p.locator('main').innerText();

/** The missing report's required answers, common to both councils' forms. */
function missingReport(missingAt: number, legalStatus: string): Answer[] {
	return [
		typed('Where the child went missing from', 'Home address'),
		instant('missingAt', missingAt),
		instant('lastSeenAt', missingAt),
		typed('Location last seen', 'Outside school'),
		typed('What the child was wearing', 'Green coat'),
		typed('Description of the child', 'Short, curly hair'),
		typed('Circumstances or events around going missing', 'Did not come home after school.'),
		ticked(legalStatus)
	];
}

async function openChild(p: Page, name: string): Promise<void> {
	await go(p, p.getByRole('link', { name: 'Children', exact: true }));
	await go(p, p.getByRole('link', { name }));
}

/** The names of the steps in "What has happened", in order. */
async function eventNames(p: Page): Promise<string[]> {
	const items = await p.locator('h2:has-text("What has happened") + ol li').allInnerTexts();
	return items.map((t) => t.split(' — ')[0]);
}

describe('Westmorland and Furness: reported, found, return home interview completed', () => {
	let episodeUrl = '';

	it('records the missing report and shows the next steps and running clocks', async () => {
		await signIn(page, app.url, 'practitioner@westmorland-and-furness.example');
		await openChild(page, 'Amelia Hart');
		await go(page, page.getByRole('link', { name: 'Record a missing episode' }));
		await throughPages(page, [...missingReport(Date.now() - 3 * 3600_000, 'Child in need'), typed('Updated risk assessment', 'No new concerns.')]);
		await go(page, page.getByRole('button', { name: 'Submit missing report' }));
		expect(new URL(page.url()).pathname).toMatch(/^\/episodes\/[a-z0-9]{15}$/);
		episodeUrl = page.url();

		const body = await mainText(page);
		expect(body).toContain('Reported missing');
		// The lifecycle's next steps, each a link to its page.
		for (const step of ['Grade the risk', 'Child found', 'Child returned']) {
			await expect.poll(() => page.getByRole('link', { name: step, exact: true }).count()).toBe(1);
		}
		// Deadlines started by the report, due at an absolute London time with a worded status.
		const tasks = await page.locator('h2:has-text("Clocks and tasks") + table').innerText();
		expect(tasks).toContain('Send a Need to Know report');
		expect(tasks).toMatch(/Due by \d\d:\d\d on (Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) \d{1,2} \w+ 20\d\d/);
		expect(tasks).toContain('To do');
		await expectNoAxeViolations(page);
	});

	it('opens the Stage One meeting record, which offers only the chapter’s chairs and refuses a record without one', async () => {
		await go(page, page.getByRole('link', { name: 'Record a Stage One missing meeting', exact: true }));
		const chairs = await page.getByRole('group', { name: "Chair's role" }).locator('label').allInnerTexts();
		expect(chairs).toEqual(['Dedicated practitioner from the Complex Safeguarding Team', "Children's Services Team Manager", 'Advanced Practitioner']);
		// Its first page says what it lacks; submitting from check your answers lists the rest.
		await go(page, page.getByRole('button', { name: 'Save and continue' }));
		const first = await page.locator('.govuk-error-summary').innerText();
		for (const message of ["Enter chair's name", "Select chair's role"]) expect(first).toContain(message);
		expect(first).not.toContain('Add at least one attendee');
		await page.goto(`${episodeUrl}/steps/STAGE_ONE_MEETING_HELD?view=check`);
		await go(page, page.getByRole('button', { name: /^Submit / }));
		const summary = await page.locator('.govuk-error-summary').innerText();
		for (const message of ["Enter chair's name", "Select chair's role", 'Add at least one attendee', 'Add at least one action']) expect(summary).toContain(message);
		await expectNoAxeViolations(page);
		await page.goto(episodeUrl);
		// Nothing was recorded.
		expect(await eventNames(page)).toEqual(['Missing report submitted']);
	});

	it('refuses a step the lifecycle does not offer from here, saying why', async () => {
		await page.goto(`${episodeUrl}/steps/RHI_COMPLETED`);
		expect(await page.locator('h1').innerText()).toBe('This step is not available');
		expect(await mainText(page)).toContain('The episode is now ‘Reported missing’');
		expect(await page.locator('main form').count()).toBe(0);
		await page.goto(episodeUrl);
	});

	it('records the child found from a confirmation page, which starts the RHI clock', async () => {
		await go(page, page.getByRole('link', { name: 'Child found', exact: true }));
		expect(await page.locator('h1').innerText()).toBe('Child found');
		expect(await mainText(page)).toContain('after this step it will be ‘Found’');
		await expectNoAxeViolations(page);
		await go(page, page.getByRole('button', { name: 'Confirm: Child found' }));
		expect(page.url()).toBe(episodeUrl);
		const body = await mainText(page);
		expect(body).toContain('Found');
		const rhiRow = page.locator('tr', { hasText: 'Offer and complete the return home interview' });
		expect(await rhiRow.innerText()).toContain('To do');
		// The episode says who does the interview, from the protocol's allocation table.
		expect(await page.locator('.govuk-summary-list__row', { hasText: 'Return home interview by' }).innerText()).toContain('Complex Safeguarding Team');
	});

	it('tells a second practitioner who acted on a stale page that the episode changed, keeping their answers', async () => {
		// The step's answers were made against the episode as it was when the colleague opened it.
		// A colleague opens "declined" on the found episode…
		const other = await browser.newContext();
		const stale = await other.newPage();
		try {
			await signIn(stale, app.url, 'lead@westmorland-and-furness.example');
			await stale.goto(`${episodeUrl}/steps/RHI_DECLINED`);
			await stale.getByLabel('The child declined').check();
			await stale.getByLabel('Why the interview was declined').fill('Said they were tired and did not want to talk today.');
			await stale.getByRole('group', { name: /parents or carers offered the opportunity/ }).getByLabel('Yes', { exact: true }).check();

			// …meanwhile the practitioner records the offer.
			await page.goto(`${episodeUrl}/steps/RHI_OFFERED`);
			await go(page, page.getByRole('button', { name: 'Confirm: Return home interview offered' }));
			expect(await mainText(page)).toContain('Return home interview offered');

			// No interview took place: its page is passed over.
			await throughPages(stale, []);
			await go(stale, stale.getByRole('button', { name: 'Submit return home interview record' }));
			const summary = await stale.locator('.govuk-error-summary').innerText();
			expect(summary).toContain('Someone else changed this episode');
			expect(summary).toContain('This episode changed while you were working on it');
			expect(await stale.getByRole('link', { name: 'Open the episode as it is now' }).getAttribute('href')).toBe(new URL(episodeUrl).pathname);
			expect(await stale.title()).toMatch(/^Error: /);
			await expectNoAxeViolations(stale);
			// Their answers are kept: listed to check, and still in the form behind "Change".
			const answers = await mainText(stale);
			expect(answers).toContain('The child declined');
			expect(answers).toContain('Said they were tired and did not want to talk today.');
			await go(stale, stale.getByRole('link', { name: 'Change why the interview was declined' }));
			expect(await stale.getByLabel('The child declined').isChecked()).toBe(true);
			expect(await stale.getByLabel('Why the interview was declined').inputValue()).toBe('Said they were tired and did not want to talk today.');
		} finally {
			await other.close();
		}
		// The colleague's step was not recorded.
		await page.goto(episodeUrl);
		expect(await eventNames(page)).toEqual(['Missing report submitted', 'Child found', 'Return home interview offered']);
	});

	it('completes the return home interview with its form, errors first', async () => {
		await go(page, page.getByRole('link', { name: 'Record the return home interview', exact: true }));
		await page.getByLabel('The interview took place', { exact: true }).check();
		await go(page, page.getByRole('button', { name: 'Save and continue' }));
		// The interview's own page: a missing answer is explained and what was typed kept.
		await page.getByLabel('Where the interview took place').fill('Local library');
		await go(page, page.getByRole('button', { name: 'Save and continue' }));
		const summary = await page.locator('.govuk-error-summary').innerText();
		expect(summary).toMatch(/when the interview took place/i);
		expect(await page.getByLabel('Where the interview took place').inputValue()).toBe('Local library');
		expect(await page.title()).toMatch(/^Error: /);
		await expectNoAxeViolations(page);

		await throughPages(page, [
			instant('interviewedAt', Date.now() - 60_000),
			typed("Interviewer's name and role", 'Sam Patel, Complex Safeguarding worker'),
			ticked('Yes', "Is the interviewer independent of the child's care?"),
			// What the chapter says the interview must establish.
			typed('Harm the child has suffered, before they went or while missing', 'None disclosed.'),
			typed('Why the child went missing', 'An argument at home about school.'),
			typed('What happened while they were missing', 'Stayed at a friend’s house in Kendal.'),
			typed('What would help the child feel safe and prevent them going missing again', 'Time with their youth worker.'),
			typed('What the child would like to happen next, in the short and long term', 'To stay at home.'),
			ticked('None identified', 'Signs of exploitation'),
			ticked('Helpline numbers and local agencies working with runaways'),
			ticked('No', 'Were safeguarding concerns identified in the interview?')
		]);
		expect(await mainText(page)).toContain('Sam Patel, Complex Safeguarding worker');
		await expectNoAxeViolations(page);
		await go(page, page.getByRole('button', { name: 'Submit return home interview record' }));
		expect(page.url(), await page.locator('.govuk-error-summary').allInnerTexts().then((t) => t.join('\n'))).toBe(episodeUrl);

		const body = await mainText(page);
		expect(await page.locator('.govuk-summary-list__row', { hasText: 'State' }).first().innerText()).toContain('Return home interview completed');
		expect(body).toContain('Sam Patel, Complex Safeguarding worker');
		expect(body).toContain('An argument at home about school.');
		expect(await page.locator('tr', { hasText: 'Offer and complete the return home interview' }).innerText()).toContain('Done');
		expect(await eventNames(page)).toEqual(['Missing report submitted', 'Child found', 'Return home interview offered', 'Record the return home interview']);
		await expectNoAxeViolations(page);
	});

	it('shows the whole story on the child page timeline', async () => {
		await openChild(page, 'Amelia Hart');
		const timeline = await page.locator('ol.homeward-timeline').innerText();
		for (const entry of ['Went missing', 'Child found', 'Return home interview offered', 'Record the return home interview', 'With the return home interview record', 'Offer and complete the return home interview']) {
			expect(timeline).toContain(entry);
		}
		// Most recent first: the interview comes before the report.
		expect(timeline.indexOf('Record the return home interview')).toBeLessThan(timeline.indexOf('Missing report submitted'));
		await expectNoAxeViolations(page);
	});
});

describe('Medway: a child missing over 48 hours', () => {
	it('gets the Need to Know and strategy discussion tasks on My work once the clocks run out', async () => {
		const medway = await (await browser.newContext()).newPage();
		await signIn(medway, app.url, 'practitioner@medway.example');
		await openChild(medway, 'Tyler Okafor');
		await go(medway, medway.getByRole('link', { name: 'Record a missing episode' }));
		// Medway's report is four pages.
		await throughPages(medway, [...missingReport(Date.now() - 50 * 3600_000, 'Child in need'), ticked('Yes', /open to a children's services team/)]);
		await go(medway, medway.getByRole('button', { name: 'Submit missing report' }));
		expect(new URL(medway.url()).pathname).toMatch(/^\/episodes\/[a-z0-9]{15}$/);

		// The poller runs every second: reload My work until both escalations have fired (bounded).
		await go(medway, medway.getByRole('link', { name: 'My work' }));
		const rowFor = (title: string) => medway.locator('tbody tr', { hasText: title });
		await expect
			.poll(
				async () => {
					await medway.reload();
					return (await rowFor('Complete a Need to Know notification').count()) + (await rowFor('Convene a multi-agency strategy discussion').count());
				},
				{ timeout: 30_000, interval: 1_000 }
			)
			.toBe(2);
		for (const title of ['Complete a Need to Know notification', 'Convene a multi-agency strategy discussion']) {
			const row = await rowFor(title).innerText();
			expect(row).toContain('Tyler Okafor');
			expect(row).toContain('Overdue');
			expect(row).toMatch(/Due by \d\d:\d\d on \w+day \d{1,2} \w+ 20\d\d/);
		}
		// Only Medway's work: the Westmorland and Furness child's tasks are not here.
		expect(await mainText(medway)).not.toContain('Amelia Hart');
		// The strategy discussion task opens its step, with the strategy meeting form.
		expect(await medway.getByRole('link', { name: /Convene a multi-agency strategy discussion/ }).getAttribute('href')).toMatch(/\/steps\/STRATEGY_MEETING_HELD\?form=strategy-meeting$/);
		await expectNoAxeViolations(medway);
		// The tasks belong to the protocol's actors, not to this practitioner's team.
		await go(medway, medway.getByRole('link', { name: /^My team/ }));
		expect(await mainText(medway)).toContain('Nothing is waiting for your team or assigned to you.');
		await go(medway, medway.getByRole('link', { name: /^All Medway Council/ }));

		// The episode log records each escalation.
		await go(medway, medway.locator('tbody tr', { hasText: 'Complete a Need to Know notification' }).getByRole('link', { name: /Tyler Okafor/ }));
		const log = await eventNames(medway);
		expect(log[0]).toBe('Missing report submitted');
		expect(log.filter((e) => e.startsWith('Escalation:'))).toHaveLength(2);

		// The strategy discussion step page with its form; the empty submit explains each error.
		await go(medway, medway.getByRole('link', { name: 'Record the multi-agency strategy discussion', exact: true }));
		await expectNoAxeViolations(medway);
		await go(medway, medway.getByRole('button', { name: 'Save and continue' }));
		expect(await medway.locator('.govuk-error-summary').count()).toBeGreaterThan(0);
		await expectNoAxeViolations(medway);

		// Notifications the escalations raised reach Medway.
		await go(medway, medway.getByRole('link', { name: 'Notifications', exact: true }));
		expect(await mainText(medway)).toContain('Escalation:');
		await expectNoAxeViolations(medway);
		await medway.context().close();
	});
});

describe('across a council boundary', () => {
	it('tells the host council about a child placed with it, showing only what the protocol shares', async () => {
		// Westmorland and Furness reports its child in care, placed with Cumberland.
		const page = await (await browser.newContext()).newPage();
		await signIn(page, app.url, 'practitioner@westmorland-and-furness.example');
		await openChild(page, 'Jordan Reid');
		await go(page, page.getByRole('link', { name: 'Record a missing episode' }));
		await throughPages(page, [
			...missingReport(Date.now() - 3600_000, 'In care: care order or interim care order'),
			typed('Updated risk assessment', 'Known to associate with older peers.')
		]);
		await go(page, page.getByRole('button', { name: 'Submit missing report' }));
		expect(new URL(page.url()).pathname).toMatch(/^\/episodes\/[a-z0-9]{15}$/);

		const cumberland = await (await browser.newContext()).newPage();
		try {
			await signIn(cumberland, app.url, 'practitioner@cumberland.example');
			await go(cumberland, cumberland.getByRole('link', { name: 'Notifications', exact: true }));
			const card = cumberland.locator('.govuk-summary-card', { hasText: 'Host authority: Jordan Reid' });
			const text = await card.innerText();
			expect(text).toContain('Shared by another council');
			expect(text).toContain('30 September 2009');
			// Westmorland and Furness's own notifications (to its police, its IRO…) are not Cumberland's.
			expect(await mainText(cumberland)).not.toContain('Police: Jordan Reid');
			expect(await mainText(cumberland)).not.toContain('Amelia Hart');
			await expectNoAxeViolations(cumberland);
		} finally {
			await cumberland.context().close();
			await page.context().close();
		}
	});
});

describe('with JavaScript turned off', () => {
	it('records steps through plain form posts: a confirmation, then a form with an error first', async () => {
		const context = await browser.newContext({ javaScriptEnabled: false });
		const noJs = await context.newPage();
		try {
			await signIn(noJs, app.url, 'practitioner@westmorland-and-furness.example');
			await openChild(noJs, 'Amelia Hart');
			await go(noJs, noJs.getByRole('link', { name: 'Record a missing episode' }));
			await throughPages(noJs, [...missingReport(Date.now() - 3600_000, 'Child in need'), typed('Updated risk assessment', 'No change.')]);
			await go(noJs, noJs.getByRole('button', { name: 'Submit missing report' }));
			const episodeUrl = noJs.url();
			expect(new URL(episodeUrl).pathname).toMatch(/^\/episodes\/[a-z0-9]{15}$/);

			await go(noJs, noJs.getByRole('link', { name: 'Grade the risk', exact: true }));
			await go(noJs, noJs.getByRole('button', { name: 'Save and continue' }));
			expect(await noJs.locator('.govuk-error-summary').innerText()).toContain('There is a problem');
			await go(noJs, noJs.getByRole('link', { name: 'Back to the episode' }));

			await go(noJs, noJs.getByRole('link', { name: 'Child found', exact: true }));
			await go(noJs, noJs.getByRole('button', { name: 'Confirm: Child found' }));
			expect(noJs.url()).toBe(episodeUrl);
			expect(await noJs.locator('.govuk-summary-list__row', { hasText: 'State' }).first().innerText()).toContain('Found');
			expect(await eventNames(noJs)).toEqual(['Missing report submitted', 'Child found']);
		} finally {
			await context.close();
		}
	});
});

// After the boundary test: this records a second episode for Jordan Reid.
describe('grading the risk by the protocol’s own rules', () => {
	it('refuses a medium grading when exploitation is linked, saying why, keeps the answers, then records high', async () => {
		const p = await (await browser.newContext()).newPage();
		try {
			await signIn(p, app.url, 'practitioner@westmorland-and-furness.example');
			await openChild(p, 'Jordan Reid');
			await go(p, p.getByRole('link', { name: 'Record a missing episode' }));
			await throughPages(p, [...missingReport(Date.now() - 2 * 3600_000, 'In care: care order or interim care order'), typed('Updated risk assessment', 'Seen with older males in a car.')]);
			await go(p, p.getByRole('button', { name: 'Submit missing report' }));
			const episodeUrl = p.url();

			await go(p, p.getByRole('link', { name: 'Grade the risk', exact: true }));
			await throughPages(p, [
				ticked('Yes', /at risk of child exploitation, with the circumstances of this report linked/),
				ticked('No', /immediate risk to life/),
				ticked('Medium: the risk of harm to the child or the public is assessed as likely but not serious'),
				typed('Reasons for the grading', 'Has returned before without harm.')
			]);
			await go(p, p.getByRole('button', { name: /^Submit / }));
			const refusal = await p.locator('.govuk-error-summary').innerText();
			expect(refusal).toContain('The risk cannot be graded Medium risk');
			expect(refusal).toContain('is recorded as high risk');
			expect(refusal).toContain('the protocol allows High risk');
			await expectNoAxeViolations(p);
			// Nothing was recorded, and what was typed is still there to change.
			expect(await p.locator('main').innerText()).toContain('Has returned before without harm.');

			await go(p, p.getByRole('link', { name: 'Change risk category' }));
			await p.getByLabel('High: the risk of serious harm to the child or the public is assessed as very likely', { exact: true }).check();
			await go(p, p.getByRole('button', { name: 'Save and continue' }));
			await go(p, p.getByRole('button', { name: /^Submit / }));
			expect(p.url()).toBe(episodeUrl);
			expect(await p.locator('.govuk-summary-list__row', { hasText: 'Risk' }).first().innerText()).toContain('High risk');
		} finally {
			await p.context().close();
		}
	});
});
