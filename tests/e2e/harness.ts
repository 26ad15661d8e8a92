/**
 * E2E harness: the real `npm start` (PocketBase + demo seed + built app) on free ports with a
 * temporary data folder, driven by Debian's Chromium through playwright-core.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { expect } from 'vitest';
import { freePort } from '../../src/lib/server/pocketbase-process.js';

export const DEMO_PASSWORD = 'homeward-demo';

export interface Homeward {
	url: string;
	pbUrl: string;
	dataDir: string;
	process: ChildProcess;
	output: () => string;
	/** Stops npm start with SIGTERM; the data folder is removed unless `keepData`. */
	stop(opts?: { keepData?: boolean }): Promise<void>;
	port: number;
	pbPort: number;
}

/**
 * Starts Homeward on free ports. By default the start script runs directly; `viaNpm` runs the
 * README's `npm start` itself, so signals go through npm as they do for a person or a service manager.
 */
export async function startHomeward(env: Record<string, string> = {}, opts: { dataDir?: string; viaNpm?: boolean } = {}): Promise<Homeward> {
	const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'homeward-e2e-'));
	const port = await freePort();
	let pbPort = await freePort();
	while (pbPort === port) pbPort = await freePort();
	// Under `npm test`, npm_execpath is npm's own script; run directly, fall back to npm on the PATH.
	const npm = process.env.npm_execpath;
	const [command, args] = opts.viaNpm
		? npm ? [process.execPath, [npm, 'start', '--silent']] : ['npm', ['start', '--silent']]
		: [process.execPath, ['--import', 'tsx', 'scripts/start.ts']];
	const child = spawn(command, args, {
		cwd: process.cwd(),
		env: { ...process.env, PORT: String(port), PB_PORT: String(pbPort), HOMEWARD_DATA_DIR: dataDir, ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	child.stdout!.on('data', (d) => (output += d));
	child.stderr!.on('data', (d) => (output += d));
	const exited = new Promise<void>((r) => child.once('exit', () => r()));
	const deadline = Date.now() + 150_000;
	while (!output.includes('Homeward is running at')) {
		if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${output}`);
		if (Date.now() > deadline) {
			child.kill('SIGKILL');
			throw new Error(`npm start did not report ready within 150 s:\n${output}`);
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	return {
		url: `http://localhost:${port}`,
		pbUrl: `http://127.0.0.1:${pbPort}`,
		dataDir,
		process: child,
		output: () => output,
		port,
		pbPort,
		async stop(stopOpts = {}) {
			if (child.exitCode === null) {
				child.kill('SIGTERM');
				await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
				if (child.exitCode === null) child.kill('SIGKILL');
			}
			if (!stopOpts.keepData) rmSync(dataDir, { recursive: true, force: true });
		}
	};
}

export async function openBrowser(): Promise<Browser> {
	return chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync']
	});
}

export async function signIn(page: Page, url: string, email: string, password = DEMO_PASSWORD): Promise<void> {
	await page.goto(`${url}/login`);
	await page.getByLabel('Email address').fill(email);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

/** axe-core over the whole page with the WCAG 2.x A/AA rules; fails listing each violation. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
	const results = await new AxeBuilder({ page })
		.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
		.analyze();
	const summary = results.violations.map(
		(v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`
	);
	expect(summary, `axe violations on ${page.url()}`).toEqual([]);
}

/**
 * axe-core for a page open with JavaScript turned off, where axe itself cannot run: the page's
 * HTML as served (its scripts removed) is checked in a scripted page of the same origin, so the
 * same stylesheets apply.
 */
export async function expectNoAxeViolationsWithoutScript(page: Page): Promise<void> {
	const html = (await page.content()).replace(/<script\b[\s\S]*?<\/script>/gi, '');
	const browser = page.context().browser();
	if (!browser) throw new Error('The page has no browser to check it in.');
	const context = await browser.newContext();
	try {
		const copy = await context.newPage();
		await copy.goto(new URL('/login', page.url()).href);
		await copy.setContent(html, { waitUntil: 'load' });
		const results = await new AxeBuilder({ page: copy }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
		const summary = results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
		expect(summary, `axe violations on ${page.url()} (without JavaScript)`).toEqual([]);
	} finally {
		await context.close();
	}
}
