/**
 * What an auditor does: list published protocols, compare areas side by side (without
 * JavaScript-only controls), read a source quote, download the CSV, read what changed between
 * Walsall's versions, and read a compliance report.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { expectNoAxeViolations, openBrowser, signIn, startHomeward, type Homeward } from './harness.js';

let app: Homeward;
let browser: Browser;
let page: Page;

const AUDITOR = 'auditor@westmorland-and-furness.example';

beforeAll(async () => {
	app = await startHomeward();
	browser = await openBrowser();
	page = await (await browser.newContext()).newPage();
	await signIn(page, app.url, AUDITOR);
});

afterAll(async () => {
	await browser?.close();
	await app?.stop();
});

/** Text of each cell of the comparison row for a parameter key, column order. */
async function rowCells(key: string): Promise<string[]> {
	const cells = page.locator(`tr[data-key="${key}"] td`);
	const n = await cells.count();
	const out: string[] = [];
	// The first line of a cell is its value; the source details follow it.
	for (let i = 0; i < n; i++) out.push((await cells.nth(i).innerText()).split('\n')[0].trim());
	return out;
}

describe('an auditor', () => {
	it('lists every authority’s published protocols', async () => {
		await page.goto(`${app.url}/protocols`);
		const table = page.locator('table.govuk-table');
		for (const name of ['Westmorland and Furness Council', 'Medway Council', 'Walsall Council']) {
			await expect.poll(() => table.innerText()).toContain(name);
		}
		expect(await page.getByRole('link', { name: /Version 2019\.1 of Walsall Council/ }).count()).toBe(1);
		await expectNoAxeViolations(page);
	});

	it('compares W&F, Medway and both Walsall versions chosen with the checkboxes form', async () => {
		await page.goto(`${app.url}/compare`);
		await page.getByLabel('Westmorland and Furness Council, version 2024.1').check();
		await page.getByLabel('Medway Council, version 2024.1').check();
		await page.getByLabel('Walsall Council, version 2019.1').check();
		await page.getByLabel('Walsall Council, version 2019.2').check();
		await page.getByRole('button', { name: 'Compare' }).click();
		await page.waitForURL(/\/compare\?/);
		const query = new URL(page.url()).searchParams.getAll('p');
		expect(query.sort()).toEqual(['medway@2024.1', 'walsall@2019.1', 'walsall@2019.2', 'westmorland-and-furness@2024.1']);
		expect(await page.locator('table.app-compare thead th').count()).toBe(5);

		// The URL is the comparison: the same choices in a chosen column order.
		await page.goto(`${app.url}/compare?p=westmorland-and-furness@2024.1&p=medway@2024.1&p=walsall@2019.1&p=walsall@2019.2`);

		const headers = await page.locator('table.app-compare thead th').allInnerTexts();
		expect(headers.map((h) => h.split('\n')[0])).toEqual(['Parameter', 'Westmorland and Furness Council', 'Medway Council', 'Walsall Council', 'Walsall Council']);

		// Stage One only where the protocol defines it.
		expect(await rowCells('repeat.stage-one.threshold')).toEqual(['3 episodes', 'Not expressed', 'Not expressed', 'Not expressed']);
		expect(await rowCells('repeat.stage-one.window')).toEqual(['a rolling 90 days', 'Not expressed', 'Not expressed', 'Not expressed']);
		// Walsall's absent category in its first version only.
		const categories = await rowCells('risk.categories');
		expect(categories[2]).toMatch(/Absent/);
		expect(categories[3]).not.toMatch(/Absent/);
		// A differing row says so in words, not only by colour.
		await expect.poll(() => page.locator('tr[data-key="risk.categories"] th').innerText()).toContain('Differs');
		await expectNoAxeViolations(page);
	});

	it('opens the source quote behind a cell', async () => {
		const cell = page.locator('tr[data-key="repeat.stage-one.threshold"] td').first();
		const quote = cell.locator('blockquote');
		expect(await quote.isVisible()).toBe(false);
		await cell.locator('summary').click();
		await expect.poll(() => quote.isVisible()).toBe(true);
		expect(await quote.innerText()).toMatch(/3 episodes within a 90-day rolling period/);
	});

	it('shows differences only, and the link is shareable', async () => {
		const same = await page.locator('table.app-compare tr[data-key]:not(.app-differs)').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-key')));
		expect(same.length).toBeGreaterThan(0);
		await page.getByRole('link', { name: 'Show differences only' }).click();
		await page.waitForURL(/diff=1/);
		const rows = page.locator('table.app-compare tr[data-key]');
		const total = await rows.count();
		expect(total).toBeGreaterThan(5);
		expect(await page.locator('table.app-compare tr[data-key] .app-differs-tag').count()).toBe(total);
		const shown = await rows.evaluateAll((trs) => trs.map((r) => r.getAttribute('data-key')));
		expect(shown.filter((key) => same.includes(key))).toEqual([]);

		// The URL alone brings the same table back.
		const shared = page.url();
		await page.goto(`${app.url}/protocols`);
		await page.goto(shared);
		expect(await page.locator('table.app-compare tr[data-key]').count()).toBe(total);
		await expectNoAxeViolations(page);
	});

	it('downloads the comparison as CSV', async () => {
		const res = await page.request.get(`${app.url}/compare.csv?p=westmorland-and-furness@2024.1&p=medway@2024.1&diff=1`);
		expect(res.status()).toBe(200);
		expect(res.headers()['content-type']).toContain('text/csv');
		const lines = (await res.text()).split('\r\n');
		expect(lines[0]).toBe(
			'"Section","Parameter","Differs","westmorland-and-furness@2024.1","medway@2024.1","westmorland-and-furness@2024.1 source","medway@2024.1 source"'
		);
		expect(lines.find((l) => l.startsWith('"Repeat missing","Stage One missing meeting: episodes","yes","3 episodes","Not expressed"'))).toBeDefined();
	});

	it('reads what changed between Walsall’s versions', async () => {
		await page.goto(`${app.url}/protocols/walsall/diff?from=2019.1&to=2019.2`);
		const summary = await page.getByTestId('diff-summary').innerText();
		expect(summary).toMatch(/Risk categories: 'Absent' removed; .*'No apparent risk' added/);
		await expectNoAxeViolations(page);
	});

	it('reads a compliance report with a result, reason and citation for each check', async () => {
		await page.goto(`${app.url}/protocols/walsall/2019.2/compliance`);
		const row = page.locator('tr[data-check="rhi-within-timescale"]');
		expect(await row.locator('.govuk-tag').innerText()).toBe('PASS');
		await row.locator('summary').click();
		await expect.poll(() => row.locator('blockquote').innerText()).toMatch(/72/);
		expect(await page.locator('tr[data-check]').count()).toBeGreaterThan(10);
		await expectNoAxeViolations(page);
	});

	it('reads a protocol’s normalised view', async () => {
		await page.goto(`${app.url}/protocols/westmorland-and-furness/2024.1`);
		await expect.poll(() => page.locator('#repeat-missing + dl').innerText()).toContain('3 episodes');
		await expectNoAxeViolations(page);
	});
});
