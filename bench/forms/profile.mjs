/**
 * Where a renderer's time goes: a V8 CPU profile of one fresh load and of 100 keystrokes into
 * the benchmark form, summarised as the functions with the most self time. Built unminified
 * so names are readable (timings are a little slower than the benchmark's minified builds).
 *
 *   node bench/forms/profile.mjs [homeward|rjsf|jsonforms]
 *
 * The raw profiles are written to bench/.out/forms/<renderer>-*.cpuprofile (open them in
 * Chromium DevTools, Performance panel).
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { buildAll, outDir } from './build.mjs';
import { serve } from './serve.mjs';
import { CHROMIUM, homewardMode } from './drive.mjs';

process.env.BENCH_UNMINIFIED = '1';
const renderer = process.argv[2] ?? 'homeward';

function summarise(profile, top = 25) {
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const self = new Map();
	const dt = profile.timeDeltas;
	for (let i = 0; i < profile.samples.length; i++) {
		const node = byId.get(profile.samples[i]);
		const f = node.callFrame;
		const file = f.url ? f.url.split('/').pop() : '';
		const key = `${f.functionName || '(anonymous)'}  ${file}${f.url ? `:${f.lineNumber + 1}` : ''}`;
		self.set(key, (self.get(key) ?? 0) + (dt[i + 1] ?? 0) / 1000);
	}
	self.delete('(idle)  ');
	const total = [...self.values()].reduce((a, b) => a + b, 0);
	const rows = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
	return [`  busy ${total.toFixed(1)} ms sampled; (program) is the browser's own work: style, layout, paint, parsing`, ...rows.map(([k, v]) => `  ${v.toFixed(1).padStart(8)} ms  ${k}`)].join('\n');
}

const { form, renderers } = await buildAll();
if (!renderers.includes(renderer)) throw new Error(`no ${renderer} page was built (built: ${renderers.join(', ')})`);
await writeFile(path.join(outDir, 'blank.html'), '<!doctype html><title>blank</title>');
const server = await serve(outDir);
const browser = await chromium.launch(CHROMIUM);
try {
	const context = await browser.newContext();
	const page = await context.newPage();
	page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
	// Same origin first, so the profiled navigation stays in the process the profiler is attached to.
	await page.goto(`${server.origin}/blank.html`);
	const cdp = await context.newCDPSession(page);
	await cdp.send('Profiler.enable');
	await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
	await cdp.send('Profiler.start');
	await page.goto(`${server.origin}/${renderer}/`);
	const render = await page.evaluate(() => window.__bench.render());
	const load = (await cdp.send('Profiler.stop')).profile;
	await writeFile(path.join(outDir, `${renderer}-load.cpuprofile`), JSON.stringify(load));
	console.log(`${renderer}: first render ${render.fromScript.toFixed(1)} ms (mount→paint ${render.fromMount.toFixed(1)} ms), unminified, profiler on`);
	console.log(summarise(load));

	const target = form.target.path;
	await page.evaluate((p) => window.__bench.focus(p), target);
	if (renderer === 'homeward') console.log(`\nHomeward validation while typing: ${JSON.stringify(await homewardMode(page, form.target))}`);
	await cdp.send('Profiler.start');
	const latencies = [];
	for (let i = 0; i < 100; i++) {
		const typing = i % 2 === 0;
		await page.evaluate(([p, inv]) => window.__bench.arm(p, inv), [target, typing]);
		await page.keyboard.press(typing ? 'x' : 'Backspace');
		latencies.push(await page.evaluate(() => window.__bench.result()));
	}
	const keys = (await cdp.send('Profiler.stop')).profile;
	await writeFile(path.join(outDir, `${renderer}-keys.cpuprofile`), JSON.stringify(keys));
	latencies.sort((a, b) => a - b);
	console.log(`\n${renderer}: 100 keystrokes, median ${latencies[50].toFixed(2)} ms with the profiler on`);
	console.log(summarise(keys));
} finally {
	await browser.close();
	await server.close();
}
