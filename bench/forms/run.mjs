/**
 * Forms benchmark: one 300-question form, rendered in headless Chromium by Homeward's renderer,
 * react-jsonschema-form and JSON Forms (React, vanilla renderers), in the same run.
 *
 * Prints medians per renderer and Homeward's ratio to the faster peer; the last line is
 * `forms: render ratio R, keystroke median M ms`. Exits 0 whatever the timings; non-zero only
 * when something broke (a build, a page error, a keystroke that never validated).
 *
 * BENCH_LOADS (default 15) fresh page loads per renderer; BENCH_KEYS (default 200) keystrokes.
 */
import { chromium } from 'playwright-core';
import { buildAll, outDir } from './build.mjs';
import { serve } from './serve.mjs';
import { CHROMIUM, homewardMode, openPage } from './drive.mjs';

const LOADS = Math.max(15, Number(process.env.BENCH_LOADS ?? 15));
const KEYS = Math.max(200, Number(process.env.BENCH_KEYS ?? 200));
const WARMUP_KEYS = 20;
const WHOLE_CHECKS = 50;
const LABELS = { homeward: 'Homeward (Svelte 5)', rjsf: '@rjsf/core 6 + ajv8', jsonforms: '@jsonforms/react 3 vanilla' };

const median = (xs) => {
	const s = [...xs].sort((a, b) => a - b);
	const m = s.length >> 1;
	return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
const ms = (x) => `${x.toFixed(x < 10 ? 2 : 1)} ms`;

async function firstRender(browser, origin, renderers) {
	const runs = Object.fromEntries(renderers.map((r) => [r, []]));
	// One discarded load each warms the OS file cache and Chromium's process pool.
	for (const r of renderers) (await openPage(browser, origin, r)).context.close();
	// Round-robin, so drift in machine load affects every renderer alike.
	for (let i = 0; i < LOADS; i++) {
		for (const r of renderers) {
			const { context, render } = await openPage(browser, origin, r);
			runs[r].push(render);
			await context.close();
		}
	}
	return runs;
}

async function keystrokes(browser, origin, renderer, target) {
	const { context, page } = await openPage(browser, origin, renderer);
	try {
		const start = await page.evaluate((p) => window.__bench.focus(p), target.path);
		if (start.invalid || start.value !== target.initial) {
			throw new Error(`${renderer}: the target question should start valid with ${JSON.stringify(target.initial)}, found ${JSON.stringify(start)}`);
		}
		const probe = renderer === 'homeward' ? await homewardMode(page, target) : { mode: 'shown' };
		const latencies = [];
		for (let i = 0; i < WARMUP_KEYS + KEYS; i++) {
			// Typing past the limit shows an error; backspace clears it.
			const typing = i % 2 === 0;
			await page.evaluate(([p, inv]) => window.__bench.arm(p, inv), [target.path, typing]);
			await page.keyboard.press(typing ? 'x' : 'Backspace');
			const latency = await page.evaluate(async () => {
				const v = await window.__bench.result();
				// Let trailing work settle so the next keystroke starts from an idle page.
				await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
				return v;
			});
			if (i >= WARMUP_KEYS) latencies.push(latency);
		}
		// How long the renderer alone took to update after each measured input (Homeward only).
		const settled = renderer === 'homeward' ? (await page.evaluate(() => window.__homeward.settled)).slice(-KEYS) : null;
		const checked = renderer === 'homeward' ? (await page.evaluate(() => window.__homeward.checked)).slice(-KEYS) : null;
		// When Homeward validates live, its whole-form check is timed apart, for comparison only.
		const wholeCheck = renderer === 'homeward' && probe.mode === 'shown' ? await page.evaluate((n) => window.__homeward.timeCheck(n), WHOLE_CHECKS) : null;
		return { latencies, probe, settled, checked, wholeCheck };
	} finally {
		await context.close();
	}
}

async function main() {
	const { form, notes, renderers } = await buildAll();
	const { stats } = form;
	console.log(`Form: ${stats.questions} questions (${stats.conditional} conditional, repeating groups at ${stats.repeaters.join(', ')}), ${LOADS} fresh loads and ${KEYS} keystrokes per renderer.`);
	console.log('Conditions translated for the peers:');
	for (const n of notes.rjsf) console.log(`  rjsf: ${n}`);
	for (const n of notes.jsonforms) console.log(`  JSON Forms: ${n}`);
	const peers = renderers.filter((r) => r !== 'homeward');

	const server = await serve(outDir);
	const browser = await chromium.launch(CHROMIUM);
	try {
		const renders = await firstRender(browser, server.origin, renderers);
		const keys = {};
		const probes = {};
		let settled = null;
		let checked = null;
		let wholeCheck = null;
		for (const r of renderers) {
			const k = await keystrokes(browser, server.origin, r, form.target);
			keys[r] = k.latencies;
			probes[r] = k.probe;
			if (k.settled) settled = k.settled;
			if (k.checked?.length) checked = k.checked;
			if (k.wholeCheck) wholeCheck = k.wholeCheck;
		}

		console.log('');
		console.log('renderer                      first render  = bundle + script + layout + frame   keystroke→validated   p90');
		const summary = {};
		for (const r of renderers) {
			const part = (k) => median(renders[r].map((x) => x[k]));
			const s = { render: part('fromScript'), key: median(keys[r]), keyP90: quantile(keys[r], 0.9) };
			summary[r] = s;
			const parts = [part('beforeMount'), part('scriptFromMount'), part('layout'), part('paint')].map((x) => ms(x).padStart(8)).join(' ');
			console.log(`${LABELS[r].padEnd(30)}${ms(s.render).padStart(12)}  ${parts}   ${ms(s.key).padStart(19)}  ${ms(s.keyP90).padStart(8)}`);
		}
		console.log('first render: median of fresh loads, from the bundle\'s first statement to the first frame after the last question is in the DOM;');
		console.log('  parts (each its own median): evaluating the bundle before mount, script from mount to the complete DOM, style and layout, the frame.');
		console.log('keystroke: median time from the input event to the typed question showing its new validity (an error appears past 12 characters, clears on backspace).');

		if (probes.homeward?.mode === 'check') {
			console.log('');
			console.log('Homeward\'s renderer shows no validation while typing (errors come from the server on submit). Its keystroke');
			console.log('figure is therefore: input event -> renderer updated -> checkForm (the server\'s check: read fields, conditions,');
			console.log(`ajv) run in the page on the form's FormData -> result marked on the input. First ajv compile of this form in the page: ${ms(probes.homeward.compileMs)}.`);
		}
		if (probes.homeward?.mode === 'shown') {
			console.log('');
			console.log('Homeward validates the typed question live: the GOV.UK character count for its maxLength (12) turns into an error');
			console.log('message, with the input in its error style, once over the limit. Its keystroke figure is input event -> field set ->');
			console.log('count re-derived -> DOM updated. It checks the typed answer only (the peers re-validate the whole form with ajv');
			console.log('on each change); the server checks every answer on submit.');
			if (wholeCheck) {
				console.log(`For comparison, not part of any figure above: Homeward's whole-form check (checkForm, the server's) on this form in the`);
				console.log(`page: median ${ms(median(wholeCheck.times))}, p90 ${ms(quantile(wholeCheck.times, 0.9))} (first ajv compile ${ms(wholeCheck.compileMs)}).`);
			}
		}
		if (settled) {
			console.log(`Homeward renderer alone, input event to its DOM update flushed: median ${ms(median(settled))}, p90 ${ms(quantile(settled, 0.9))}.`);
			if (checked) console.log(`checkForm on the form's fields after each input: median ${ms(median(checked))}, p90 ${ms(quantile(checked, 0.9))}.`);
		}
		if (!summary.homeward) {
			console.log('');
			console.log('Homeward renderer not found (src/lib/forms/FormRenderer.svelte): peers measured only.');
			process.exitCode = 1;
			return;
		}
		const faster = peers.reduce((a, b) => (summary[a].render <= summary[b].render ? a : b));
		const ratio = summary.homeward.render / summary[faster].render;
		console.log(`Homeward / faster peer (${LABELS[faster]}): render ${ratio.toFixed(2)} (target ≤ 0.5); keystroke ${summary.homeward.key.toFixed(2)} ms vs ${summary[faster].key.toFixed(2)} ms (target < 1 ms).`);
		console.log(`forms: render ratio ${ratio.toFixed(2)}, keystroke median ${summary.homeward.key.toFixed(2)} ms`);
	} finally {
		await browser.close();
		await server.close();
	}
}

main().catch((err) => {
	console.error(`forms benchmark broke: ${err?.stack ?? err}`);
	process.exit(1);
});
