import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');
const fixture = join(root, 'tests/fixtures/protocols/minimal/1.0');
let tmp: string;

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
	return new Promise((done) => {
		execFile('npx', ['tsx', 'scripts/protocol-cli.ts', ...args], { cwd: root, timeout: 60_000 }, (error, stdout, stderr) => {
			const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
			done({ code, stdout, stderr });
		});
	});
}

beforeAll(() => {
	tmp = mkdtempSync(join(tmpdir(), 'homeward-cli-'));
	cpSync(fixture, join(tmp, 'good/protocols/minimal/1.0'), { recursive: true });
	const broken = join(tmp, 'broken/protocols/minimal/1.0');
	cpSync(fixture, broken, { recursive: true });
	const lifecycle = join(broken, 'lifecycle.json');
	writeFileSync(lifecycle, readFileSync(lifecycle, 'utf8').replace('"type": "formSubmitted"', '"type": "formSubmited"'));
});

afterAll(() => {
	rmSync(tmp, { recursive: true, force: true });
});

describe('npm run protocol -- validate', () => {
	it('exits 0 and says valid for a valid package', async () => {
		const folder = join(tmp, 'good/protocols/minimal');
		const { code, stdout } = await cli('validate', folder);
		expect(stdout).toContain(`${folder}/1.0: valid`);
		expect(stdout).toContain('1 package version checked: all valid');
		expect(code).toBe(0);
	}, 60_000);

	it('exits 1 and prints each error as file:line:column pointer message', async () => {
		const good = join(tmp, 'good/protocols/minimal/1.0');
		const broken = join(tmp, 'broken/protocols/minimal');
		const { code, stdout } = await cli('validate', good, broken);
		const text = readFileSync(join(broken, '1.0/lifecycle.json'), 'utf8');
		const before = text.slice(0, text.indexOf('"formSubmited"')).split('\n');
		const at = `${before.length}:${before[before.length - 1].length + 1}`;
		expect(stdout).toContain(
			`${broken}/1.0/lifecycle.json:${at} /states/reported/on/GRADE/guard/type unknown guard "formSubmited"`
		);
		expect(stdout).toContain(`${good}: valid`);
		expect(stdout).toContain('2 package versions checked: 1 valid, 1 with errors (1 error in all)');
		expect(code).toBe(1);
	}, 60_000);

	it('exits 2 with usage when the arguments are wrong', async () => {
		const none = await cli('validate');
		expect(none.code).toBe(2);
		expect(none.stderr).toContain('Usage: npm run protocol -- <command>');
		const unknown = await cli('vaildate', 'protocols');
		expect(unknown.code).toBe(2);
		expect(unknown.stderr).toContain('Unknown command "vaildate"');
	}, 60_000);
});
