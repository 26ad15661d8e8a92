/** Driving a benchmark page in Chromium: opening it fresh, and how Homeward's page validates. */

export const CHROMIUM = {
	executablePath: '/usr/bin/chromium',
	args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync']
};

/** A fresh browser context (no cache, no storage) with the renderer's page loaded and rendered. */
export async function openPage(browser, origin, renderer) {
	const context = await browser.newContext();
	const page = await context.newPage();
	const errors = [];
	page.on('pageerror', (e) => errors.push(e.message));
	page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
	await page.goto(`${origin}/${renderer}/`);
	// A page that never draws the last question (an error, or a renderer that paginates) must
	// fail the run with a reason rather than hang it.
	const render = await page.evaluate(() =>
		Promise.race([
			window.__bench.render(),
			new Promise((_, reject) => setTimeout(() => reject(new Error('the form\'s last question was not in the DOM after 30 s')), 30_000))
		])
	).catch((err) => {
		throw new Error(`${renderer}: ${err.message}${errors.length ? `\n  ${errors.join('\n  ')}` : ''}`);
	});
	if (errors.length) throw new Error(`${renderer} page reported errors:\n  ${errors.join('\n  ')}`);
	return { context, page, render, errors };
}

/**
 * Homeward's renderer may show no validation while typing (GOV.UK pages validate on submit).
 * One probe keystroke finds out; if no error appears, the page switches to running Homeward's
 * own checkForm after each input (see pages/homeward.js) and the run says so.
 */
export async function homewardMode(page, target) {
	await page.evaluate(([p]) => window.__bench.arm(p, true, 1500), [target.path]);
	await page.keyboard.press('x');
	const shown = await page.evaluate(() => window.__bench.result().then(() => true, () => false));
	await page.evaluate(([p]) => window.__bench.arm(p, false, 1500), [target.path]);
	await page.keyboard.press('Backspace');
	if (shown) {
		await page.evaluate(() => window.__bench.result());
		return { mode: 'shown' };
	}
	await page.evaluate(() => window.__bench.result().catch(() => {}));
	const compileMs = await page.evaluate(() => window.__homeward.useCheck());
	return { mode: 'check', compileMs };
}
