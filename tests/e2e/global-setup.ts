// Builds the app once before the e2e files run, so each file's `npm start` finds a fresh build
// instead of several files racing to build it.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export default function setup() {
	const root = process.cwd();
	const result = spawnSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], {
		cwd: root,
		stdio: 'inherit'
	});
	if (result.status !== 0) throw new Error(`vite build failed (exit ${result.status})`);
	writeFileSync(join(root, 'build', '.built-at'), new Date().toISOString());
}
