/**
 * `npm start`: PocketBase + demo data + the app, in one command.
 *
 * 1. checks both ports are free (one-line error naming the variable otherwise);
 * 2. starts the pinned PocketBase on loopback with data under .data/, applying migrations;
 * 3. on first start creates the service superuser (random password in a 0600 file);
 * 4. seeds the reference protocols, authorities and demo users into an empty database;
 * 5. builds the app when its sources changed since the last build, then serves it;
 * 6. on Ctrl-C or SIGTERM stops both processes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
	PROJECT_ROOT,
	migrate,
	portIsFree,
	serviceCredentials,
	startPocketBase,
	upsertSuperuser,
	type PocketBaseHandle
} from '../src/lib/server/pocketbase-process.js';
import { superuserClient } from '../src/lib/server/pocketbase-clients.js';
import { databaseIsEmpty, seedDemoData, demoEmail, DEMO_PASSWORD } from '../src/lib/server/seed.js';
import { loadAllPackages } from '../src/lib/server/protocol-files.js';

function fail(message: string): never {
	console.error(message);
	process.exit(1);
}

function portFrom(variable: string, fallback: number): number {
	const raw = process.env[variable];
	if (raw === undefined || raw === '') return fallback;
	const port = Number(raw);
	if (!Number.isInteger(port) || port < 1 || port > 65535) {
		fail(`${variable}=${raw} is not a port number: use a whole number from 1 to 65535.`);
	}
	return port;
}

function newestMtime(path: string): number {
	if (!existsSync(path)) return 0;
	const st = statSync(path);
	if (!st.isDirectory()) return st.mtimeMs;
	let newest = st.mtimeMs;
	for (const entry of readdirSync(path)) {
		if (entry === 'node_modules' || entry === 'assets') continue;
		newest = Math.max(newest, newestMtime(join(path, entry)));
	}
	return newest;
}

const BUILD_STAMP = join(PROJECT_ROOT, 'build', '.built-at');

function buildIsStale(): boolean {
	if (!existsSync(join(PROJECT_ROOT, 'build', 'index.js')) || !existsSync(BUILD_STAMP)) return true;
	const built = statSync(BUILD_STAMP).mtimeMs;
	const inputs = ['src', 'static', 'svelte.config.js', 'vite.config.ts', 'package-lock.json'];
	return inputs.some((p) => newestMtime(join(PROJECT_ROOT, p)) > built);
}

/**
 * Builds the app with its output held back: a first start should end with the app's URL, not
 * with the bundler's timings and its notes on govuk-frontend's IE-era CSS hacks. A failed build
 * prints everything it said.
 */
function buildApp(): Promise<void> {
	return new Promise((resolvePromise, reject) => {
		const child = spawn(process.execPath, [join(PROJECT_ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], {
			cwd: PROJECT_ROOT,
			stdio: ['ignore', 'pipe', 'pipe']
		});
		const output: Buffer[] = [];
		child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
		child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
		child.on('error', reject);
		child.on('exit', (code) => {
			if (code === 0) return resolvePromise();
			process.stderr.write(Buffer.concat(output));
			reject(new Error(`the app's build failed (vite build exited with ${code}); its output is above`));
		});
	});
}

async function waitForApp(url: string, app: ChildProcess): Promise<void> {
	const deadline = Date.now() + 30_000;
	while (Date.now() < deadline) {
		if (app.exitCode !== null) throw new Error(`the app exited (code ${app.exitCode}) while starting`);
		try {
			const res = await fetch(url, { redirect: 'manual' });
			if (res.status < 500) return;
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error(`the app did not answer at ${url} within 30 s`);
}

async function main() {
	const appPort = portFrom('PORT', 3000);
	const pbPort = portFrom('PB_PORT', 8090);
	if (appPort === pbPort) fail(`PORT and PB_PORT are both ${appPort}: give them different values.`);
	if (!(await portIsFree(appPort, '0.0.0.0'))) fail(`Port ${appPort} is already in use: set PORT to another port (e.g. PORT=${appPort + 1} npm start).`);
	if (!(await portIsFree(pbPort))) fail(`Port ${pbPort} is already in use: set PB_PORT to another port (e.g. PB_PORT=${pbPort + 1} npm start).`);

	const dataRoot = resolve(process.env.HOMEWARD_DATA_DIR ?? join(PROJECT_ROOT, '.data'));
	const pbDir = join(dataRoot, 'pb');
	const creds = serviceCredentials(join(dataRoot, 'service-account.json'));

	// Validate protocols before anything starts: a broken package must not half-seed a database.
	const packages = await loadAllPackages(join(PROJECT_ROOT, 'protocols'));

	let pocketbase: PocketBaseHandle | null = null;
	let app: ChildProcess | null = null;
	let stopping = false;
	const stopAll = async (code: number) => {
		if (stopping) return;
		stopping = true;
		if (app && app.exitCode === null) {
			const exited = new Promise((r) => app!.once('exit', r));
			app.kill('SIGTERM');
			await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
			if (app.exitCode === null) app.kill('SIGKILL');
		}
		await pocketbase?.stop();
		process.exit(code);
	};
	process.on('SIGINT', () => void stopAll(0));
	process.on('SIGTERM', () => void stopAll(0));

	try {
		await migrate(pbDir);
		await upsertSuperuser(pbDir, creds);
		pocketbase = await startPocketBase({ dataDir: pbDir, port: pbPort });
		console.log(`PocketBase ${pocketbase.url} (data in ${pbDir})`);

		const pb = await superuserClient(pocketbase.url, creds.email, creds.password);
		if (await databaseIsEmpty(pb)) {
			const summary = await seedDemoData(pb, packages);
			console.log(
				`Seeded ${summary.protocolVersions.length} protocol versions, ${summary.authorities.length} authorities, ${summary.users.length} demo users, ${summary.children} children.`
			);
		}

		if (buildIsStale()) {
			console.log('Building the app (sources changed since the last build)...');
			const started = Date.now();
			await buildApp();
			console.log(`Built in ${Math.round((Date.now() - started) / 1000)} s.`);
			writeFileSync(BUILD_STAMP, new Date().toISOString());
		}

		app = spawn(process.execPath, [join(PROJECT_ROOT, 'build', 'index.js')], {
			cwd: PROJECT_ROOT,
			stdio: 'inherit',
			env: {
				...process.env,
				PORT: String(appPort),
				HOST: process.env.HOST ?? '0.0.0.0',
				// Without ORIGIN, adapter-node assumes https: every form POST then fails SvelteKit's
				// same-origin check and the sign-in cookie is marked Secure on plain http.
				ORIGIN: process.env.ORIGIN ?? `http://localhost:${appPort}`,
				PB_URL: pocketbase.url,
				PB_SUPERUSER_EMAIL: creds.email,
				PB_SUPERUSER_PASSWORD: creds.password,
				BODY_SIZE_LIMIT: '20M'
			}
		});
		app.on('exit', (code) => {
			if (!stopping) {
				console.error(`The app stopped unexpectedly (exit ${code}); stopping PocketBase.`);
				void stopAll(1);
			}
		});
		const url = `http://localhost:${appPort}`;
		await waitForApp(url, app);
		console.log(`Homeward is running at ${url}`);
		console.log(`Demo sign-in (demo only): ${demoEmail('practitioner', 'westmorland-and-furness')} / ${DEMO_PASSWORD}. Press Ctrl-C to stop.`);
	} catch (err) {
		console.error(`Homeward could not start: ${err instanceof Error ? err.message : String(err)}`);
		await stopAll(1);
	}
}

void main();
