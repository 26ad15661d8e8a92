import { existsSync } from 'node:fs';
import { formatPackageError } from '../../src/lib/protocol/package-validate.js';
import { displayPath, listPackageDirs, validatePackageDir } from '../../src/lib/server/protocol-files.js';
import { UsageError, type ProtocolCommand } from './command.js';

export const validateCommand: ProtocolCommand = {
	name: 'validate',
	args: '<folder>...',
	summary: 'check protocol packages (protocols/<id> or protocols/<id>/<version>) and print every problem',
	async run(args) {
		const options = args.filter((arg) => arg.startsWith('-'));
		if (options.length > 0) throw new UsageError(`unknown option ${options[0]}`);
		if (args.length === 0) throw new UsageError('give at least one package folder, e.g. protocols/walsall');

		let valid = 0;
		let invalid = 0;
		let errorCount = 0;
		let notFound = 0;
		for (const arg of args) {
			const shown = displayPath(arg);
			if (!existsSync(arg)) {
				console.log(`${shown}: no such folder`);
				notFound++;
				continue;
			}
			const versionDirs = await listPackageDirs(arg);
			if (versionDirs.length === 0) {
				console.log(`${shown}: no protocol.json here or in a version folder below it (expected ${shown}/<version>/protocol.json)`);
				notFound++;
				continue;
			}
			for (const dir of versionDirs) {
				const result = await validatePackageDir(dir);
				const folder = displayPath(dir);
				if (result.errors.length === 0) {
					console.log(`${folder}: valid`);
					valid++;
					continue;
				}
				for (const error of result.errors) console.log(formatPackageError(error, folder));
				console.log(`${folder}: ${plural(result.errors.length, 'error')}`);
				invalid++;
				errorCount += result.errors.length;
			}
		}
		const checked = valid + invalid;
		const missing = notFound > 0 ? `; ${plural(notFound, 'folder')} without a package` : '';
		console.log(
			invalid === 0
				? `${plural(checked, 'package version')} checked: ${checked > 0 ? 'all valid' : 'nothing to check'}${missing}`
				: `${plural(checked, 'package version')} checked: ${valid} valid, ${invalid} with errors (${plural(errorCount, 'error')} in all)${missing}`
		);
		return invalid === 0 && notFound === 0 ? 0 : 1;
	}
};

function plural(count: number, noun: string): string {
	return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
