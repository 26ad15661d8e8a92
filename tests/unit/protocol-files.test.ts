import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { listPackageDirs, loadAllPackages, readPackageFiles } from '../../src/lib/server/protocol-files.js';

const fixture = resolve(__dirname, '../fixtures/protocols/minimal/1.0');
let tmp: string;

beforeAll(() => {
	tmp = mkdtempSync(join(tmpdir(), 'homeward-packages-'));
	for (const version of ['1.0', '1.1']) {
		const dir = join(tmp, 'good/protocols/minimal', version);
		cpSync(fixture, dir, { recursive: true });
		const protocol = join(dir, 'protocol.json');
		writeFileSync(protocol, readFileSync(protocol, 'utf8').replace('"version": "1.0"', `"version": "${version}"`));
	}
	mkdirSync(join(tmp, 'good/protocols/minimal/notes'));
	const broken = join(tmp, 'broken/protocols/minimal/1.0');
	cpSync(fixture, broken, { recursive: true });
	const lifecycle = join(broken, 'lifecycle.json');
	writeFileSync(lifecycle, readFileSync(lifecycle, 'utf8').replace('"target": "closed"', '"target": "shut"'));
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('reading packages from disk', () => {
	it('reads every JSON file of a version with paths relative to it', async () => {
		const files = await readPackageFiles(fixture);
		expect(Object.keys(files).sort()).toEqual(['forms/missing-report.json', 'lifecycle.json', 'protocol.json']);
	});

	it('lists version folders under a package, or the folder itself when it is a version', async () => {
		const packageDir = join(tmp, 'good/protocols/minimal');
		expect(await listPackageDirs(packageDir)).toEqual([join(packageDir, '1.0'), join(packageDir, '1.1')]);
		expect(await listPackageDirs(join(packageDir, '1.1'))).toEqual([join(packageDir, '1.1')]);
		expect(await listPackageDirs(join(packageDir, 'notes'))).toEqual([]);
	});

	it('loads every valid version under protocols/', async () => {
		const packages = await loadAllPackages(join(tmp, 'good/protocols'));
		expect(packages.map((p) => p.protocol.metadata.version)).toEqual(['1.0', '1.1']);
	});

	it('refuses to load when any package is invalid, listing each problem with its location', async () => {
		const root = join(tmp, 'broken/protocols');
		await expect(loadAllPackages(root)).rejects.toThrow(
			/1 problem in the protocol packages:\n.*minimal\/1\.0\/lifecycle\.json:\d+:\d+ \/states\/returned\/on\/CLOSE\/target target state "shut" does not exist/
		);
	});
});
