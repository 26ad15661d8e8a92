/**
 * Reading protocol packages from disk (protocols/<id>/<version>/) and validating them with the
 * pure validator. Used by the CLI and by the seeder, so both accept and reject the same packages.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { formatPackageError, validatePackage, type PackageValidation } from '../protocol/package-validate.js';
import type { ProtocolPackage } from '../protocol/types.js';

const PROTOCOL_FILE = 'protocol.json';

async function isFile(path: string): Promise<boolean> {
	try {
		return (await stat(path)).isFile();
	} catch {
		return false;
	}
}

async function isDirectory(path: string): Promise<boolean> {
	try {
		return (await stat(path)).isDirectory();
	} catch {
		return false;
	}
}

/** Every JSON file under a version folder, keyed by its path relative to it with forward slashes. */
export async function readPackageFiles(dir: string): Promise<Record<string, string>> {
	const files: Record<string, string> = {};
	const walk = async (relativeDir: string) => {
		const entries = await readdir(join(dir, relativeDir), { withFileTypes: true });
		for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
			if (entry.name.startsWith('.')) continue;
			const path = relativeDir ? `${relativeDir}/${entry.name}` : entry.name;
			if (entry.isDirectory()) await walk(path);
			else if (entry.isFile() && entry.name.endsWith('.json')) files[path] = await readFile(join(dir, path), 'utf8');
		}
	};
	await walk('');
	return files;
}

/**
 * The version folders at `path`: the folder itself when it holds protocol.json, otherwise each
 * direct subfolder that does (protocols/<id> → protocols/<id>/<version>...), sorted by name.
 */
export async function listPackageDirs(path: string): Promise<string[]> {
	if (await isFile(join(path, PROTOCOL_FILE))) return [path];
	if (!(await isDirectory(path))) return [];
	const entries = await readdir(path, { withFileTypes: true });
	const dirs: string[] = [];
	for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }))) {
		if (entry.isDirectory() && !entry.name.startsWith('.') && (await isFile(join(path, entry.name, PROTOCOL_FILE)))) {
			dirs.push(join(path, entry.name));
		}
	}
	return dirs;
}

/**
 * The package id and version the folder names promise. Only for the standard layout
 * `.../protocols/<id>/<version>`: a copy elsewhere (a temp folder) has arbitrary names.
 */
export function expectedNames(versionDir: string): { id?: string; version?: string } {
	const absolute = resolve(versionDir);
	const idDir = dirname(absolute);
	if (basename(dirname(idDir)) !== 'protocols') return {};
	return { id: basename(idDir), version: basename(absolute) };
}

export interface PackageDirValidation extends PackageValidation {
	dir: string;
}

export async function validatePackageDir(versionDir: string): Promise<PackageDirValidation> {
	const files = await readPackageFiles(versionDir);
	return { dir: versionDir, ...validatePackage(files, expectedNames(versionDir)) };
}

/**
 * Every package version under `rootDir` (protocols/), validated. Throws one error listing every
 * problem in every package, so a broken package never half-seeds a database.
 */
export async function loadAllPackages(rootDir: string): Promise<ProtocolPackage[]> {
	if (!(await isDirectory(rootDir))) throw new Error(`No protocols folder at ${rootDir}: create it or run from the project folder.`);
	const entries = await readdir(rootDir, { withFileTypes: true });
	const packageDirs = entries
		.filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
		.map((entry) => join(rootDir, entry.name))
		.sort();
	const packages: ProtocolPackage[] = [];
	const problems: string[] = [];
	for (const packageDir of packageDirs) {
		const versionDirs = await listPackageDirs(packageDir);
		if (versionDirs.length === 0) {
			problems.push(`${displayPath(packageDir)}: no version folder with a protocol.json (expected ${displayPath(packageDir)}/<version>/protocol.json)`);
		}
		for (const versionDir of versionDirs) {
			const result = await validatePackageDir(versionDir);
			if (result.package) packages.push(result.package);
			for (const error of result.errors) problems.push(formatPackageError(error, displayPath(versionDir)));
		}
	}
	if (problems.length > 0) {
		throw new Error(
			`${problems.length} ${problems.length === 1 ? 'problem' : 'problems'} in the protocol packages:\n${problems.join('\n')}\nFix them, then check with: npm run protocol -- validate <folder>`
		);
	}
	return packages;
}

/** Relative to the working directory when inside it, so messages match what the author typed. */
export function displayPath(path: string): string {
	const fromCwd = relative(process.cwd(), resolve(path));
	return fromCwd && !fromCwd.startsWith('..') ? fromCwd.split('\\').join('/') : path;
}
