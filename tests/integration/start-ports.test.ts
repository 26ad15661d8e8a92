// `npm start` with a port already taken: one line naming the port and the variable to change.
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../src/lib/server/pocketbase-process.js';

let blocker: Server | null = null;
afterEach(() => blocker?.close());

function occupy(port: number, host: string): Promise<Server> {
	return new Promise((resolve) => {
		const s = createServer();
		s.listen(port, host, () => resolve(s));
	});
}

function start(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
	return new Promise((resolve) => {
		const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
			env: { ...process.env, ...env, HOMEWARD_DATA_DIR: '/nonexistent-should-not-be-created' },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let output = '';
		child.stdout.on('data', (d) => (output += d));
		child.stderr.on('data', (d) => (output += d));
		child.on('exit', (code) => resolve({ code, output }));
	});
}

describe('npm start port checks', () => {
	it('names PORT when the app port is in use', async () => {
		const port = await freePort();
		blocker = await occupy(port, '0.0.0.0');
		const { code, output } = await start({ PORT: String(port), PB_PORT: String(await freePort()) });
		expect(code).toBe(1);
		expect(output.trim()).toBe(`Port ${port} is already in use: set PORT to another port (e.g. PORT=${port + 1} npm start).`);
	});

	it('names PB_PORT when the PocketBase port is in use', async () => {
		const pbPort = await freePort();
		blocker = await occupy(pbPort, '127.0.0.1');
		const { code, output } = await start({ PORT: String(await freePort()), PB_PORT: String(pbPort) });
		expect(code).toBe(1);
		expect(output.trim()).toBe(`Port ${pbPort} is already in use: set PB_PORT to another port (e.g. PB_PORT=${pbPort + 1} npm start).`);
	});
});
