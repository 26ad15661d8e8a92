import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { formatPackageError } from '../../src/lib/protocol/package-validate.js';
import { checkCompliance, STATUS_LABELS, type ComplianceReport } from '../../src/lib/protocol/compliance.js';
import type { ProtocolPackage } from '../../src/lib/protocol/types.js';
import { displayPath, listPackageDirs, validatePackageDir } from '../../src/lib/server/protocol-files.js';
import { UsageError, type ProtocolCommand } from './command.js';

const DEFAULT_BASELINE = join('protocols', 'england-dfe-2014');

/** The newest valid version under a baseline folder; a broken baseline is an error, not a pass. */
async function loadBaseline(folder: string): Promise<ProtocolPackage> {
	const dirs = await listPackageDirs(folder);
	if (dirs.length === 0) {
		throw new Error(`No baseline package at ${displayPath(folder)}: expected ${displayPath(folder)}/<version>/protocol.json.`);
	}
	const newest = dirs[dirs.length - 1];
	const result = await validatePackageDir(newest);
	if (!result.package) {
		const errors = result.errors.map((e) => formatPackageError(e, displayPath(newest))).join('\n');
		throw new Error(`The baseline package ${displayPath(newest)} is not valid, so nothing can be checked against it:\n${errors}`);
	}
	return result.package;
}

function printReport(folder: string, report: ComplianceReport): void {
	const width = Math.max(...Object.values(STATUS_LABELS).map((l) => l.length));
	console.log(`${folder}: ${report.subject.title} (${report.subject.authority})`);
	console.log(`Checked against ${report.baseline.id} ${report.baseline.version}: ${report.baseline.title}`);
	console.log('');
	for (const check of report.checks) {
		const pad = ' '.repeat(width + 2);
		console.log(`${STATUS_LABELS[check.status].padEnd(width)}  ${check.title}`);
		console.log(`${pad}${check.reason}`);
		for (const c of check.citations) console.log(`${pad}Source: ${c.document}, ${c.section}: “${c.quote}”`);
		console.log('');
	}
	const n = report.counts;
	console.log(`${folder}: ${n.pass} passed, ${n.fail} failed, ${n['not-expressed']} not expressed (${report.checks.length} checks)`);
}

export const checkCommand: ProtocolCommand = {
	name: 'check',
	args: '<folder>... [--baseline <folder>]',
	summary: `check protocol versions against the statutory baseline (${DEFAULT_BASELINE}); exit 1 if any check fails`,
	async run(args) {
		const folders: string[] = [];
		let baselineFolder = DEFAULT_BASELINE;
		for (let i = 0; i < args.length; i++) {
			if (args[i] === '--baseline') {
				const value = args[++i];
				if (!value) throw new UsageError('--baseline needs a folder, e.g. --baseline protocols/england-dfe-2014');
				baselineFolder = value;
			} else if (args[i].startsWith('-')) {
				throw new UsageError(`unknown option ${args[i]}`);
			} else {
				folders.push(args[i]);
			}
		}
		if (folders.length === 0) throw new UsageError('give at least one package folder, e.g. protocols/walsall');

		let baseline: ProtocolPackage;
		try {
			baseline = await loadBaseline(baselineFolder);
		} catch (error) {
			console.error(error instanceof Error ? error.message : String(error));
			return 1;
		}

		let failed = false;
		for (const arg of folders) {
			const shown = displayPath(arg);
			if (!existsSync(arg)) {
				console.log(`${shown}: no such folder`);
				failed = true;
				continue;
			}
			const dirs = await listPackageDirs(arg);
			if (dirs.length === 0) {
				console.log(`${shown}: no protocol.json here or in a version folder below it (expected ${shown}/<version>/protocol.json)`);
				failed = true;
				continue;
			}
			for (const dir of dirs) {
				const folder = displayPath(dir);
				const result = await validatePackageDir(dir);
				if (!result.package) {
					for (const error of result.errors) console.log(formatPackageError(error, folder));
					console.log(`${folder}: not valid, so it was not checked; fix the errors above (npm run protocol -- validate ${folder}).`);
					failed = true;
					continue;
				}
				const report = checkCompliance(result.package, baseline);
				printReport(folder, report);
				if (report.counts.fail > 0) failed = true;
				console.log('');
			}
		}
		return failed ? 1 : 0;
	}
};
