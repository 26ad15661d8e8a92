/**
 * `npm start` as a person uses it: the app answers at the printed URL, demo sign-in works,
 * SIGTERM (to the script, or to npm) stops both processes (no PocketBase left holding its port), the service password file
 * is private, and a second start on the same data does not seed again.
 */
import { readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { portIsFree } from '../../src/lib/server/pocketbase-process.js';
import { superuserClient } from '../../src/lib/server/pocketbase-clients.js';
import { openBrowser, signIn, startHomeward, type Homeward } from './harness.js';

let app: Homeward | null = null;
let dataDir = '';
afterAll(async () => {
	await app?.stop();
	if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('npm start', () => {
	it('serves the app with demo data, stops cleanly on SIGTERM, and keeps data across restarts without re-seeding', async () => {
		app = await startHomeward();
		dataDir = app.dataDir;
		expect(app.output()).toContain(`Homeward is running at http://localhost:${app.port}`);
		expect(app.output()).toMatch(/Seeded \d+ protocol versions/);

		const browser = await openBrowser();
		try {
			const page = await browser.newPage();
			await signIn(page, app.url, 'practitioner@westmorland-and-furness.example');
			expect(new URL(page.url()).pathname).toBe('/children');
			expect(await page.getByText('Signed in as').textContent()).toContain('Westmorland and Furness');
		} finally {
			await browser.close();
		}

		const secret = join(dataDir, 'service-account.json');
		expect(statSync(secret).mode & 0o777).toBe(0o600);
		const creds = JSON.parse(readFileSync(secret, 'utf8'));
		const users = (await (await superuserClient(app.pbUrl, creds.email, creds.password)).collection('users').getList(1, 1)).totalItems;

		const { port, pbPort } = app;
		await app.stop({ keepData: true });
		expect(app.process.exitCode).toBe(0);
		expect(await portIsFree(pbPort)).toBe(true);
		expect(await portIsFree(port, '0.0.0.0')).toBe(true);

		// The second start is the README's own command: SIGTERM to npm stops everything too.
		app = await startHomeward({}, { dataDir, viaNpm: true });
		expect(app.output()).not.toMatch(/Seeded/);
		const again = (await (await superuserClient(app.pbUrl, creds.email, creds.password)).collection('users').getList(1, 1)).totalItems;
		expect(again).toBe(users);
		await app.stop({ keepData: true });
		expect(app.process.exitCode).toBe(0);
		expect(await portIsFree(app.pbPort)).toBe(true);
		expect(await portIsFree(app.port, '0.0.0.0')).toBe(true);
	});
});
