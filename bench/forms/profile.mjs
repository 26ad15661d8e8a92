/**
 * Where a renderer's time goes: a V8 CPU profile of one fresh load and of 200 keystrokes into
 * the benchmark form, summarised as the functions with the most self and total time. Built unminified
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
import { CHROMIUM } from './drive.mjs';

process.env.BENCH_UNMINIFIED = '1';
const renderer = process.argv[2] ?? 'homeward';

function summarise(profile, top = Number(process.env.BENCH_TOP ?? 22)) {
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const parent = new Map();
	for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
	const name = (node) => {
		const f = node.callFrame;
		const file = f.url ? f.url.split('/').pop().replace(/-[\w-]{8}\.js$/, '.js') : '';
		return `${f.functionName || '(anonymous)'}  ${file}${f.url ? `:${f.lineNumber + 1}` : ''}`;
	};
	const self = new Map();
	const total = new Map();
	const dt = profile.timeDeltas;
	for (let i = 0; i < profile.samples.length; i++) {
		const d = (dt[i + 1] ?? 0) / 1000;
		const node = byId.get(profile.samples[i]);
		const key = name(node);
		if (key.startsWith('(idle)')) continue;
		self.set(key, (self.get(key) ?? 0) + d);
		// Inclusive time: every distinct function on the sampled stack.
		const seen = new Set();
		for (let id = node.id; id !== undefined; id = parent.get(id)) {
			const k = name(byId.get(id));
			if (!seen.has(k)) total.set(k, (total.get(k) ?? 0) + d);
			seen.add(k);
		}
	}
	const busy = [...self.values()].reduce((a, b) => a + b, 0);
	const list = (m) => [...m.entries()].filter(([k]) => !k.startsWith('(root)')).sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, v]) => `  ${v.toFixed(1).padStart(8)} ms  ${k}`);
	return [
		`  busy ${busy.toFixed(1)} ms sampled; (program) is the browser's own work: style, layout, paint, parsing`,
		'  -- self time --',
		...list(self),
		'  -- total time (with callees) --',
		...list(total)
	].join('\n');
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

	// Keystrokes into the target question, each followed by a settled page, profiled.
	const target = form.target.path;
	await page.evaluate((p) => window.__bench.focus(p), target);
	const KEYS = 200;
	await cdp.send('Profiler.start');
	for (let i = 0; i < KEYS; i++) {
		await page.keyboard.press(i % 2 === 0 ? 'x' : 'Backspace');
		await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
	}
	const keys = (await cdp.send('Profiler.stop')).profile;
	await writeFile(path.join(outDir, `${renderer}-keys.cpuprofile`), JSON.stringify(keys));
	const settled = renderer === 'homeward' ? await page.evaluate(() => window.__homeward.settled.slice().sort((a, b) => a - b)) : null;
	console.log(`\n${renderer}: ${KEYS} keystrokes (no validation added by the page)${settled ? `, renderer update median ${settled[settled.length >> 1].toFixed(2)} ms with the profiler on` : ''}`);
	console.log(summarise(keys));
} finally {
	await browser.close();
	await server.close();
}
