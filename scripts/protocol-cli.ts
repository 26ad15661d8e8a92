/**
 * `npm run protocol -- <command> [args]`: tools for people who write protocol packages.
 * A new command is one module in scripts/protocol-commands/ plus one entry in COMMANDS.
 */
import { UsageError, type ProtocolCommand } from './protocol-commands/command.js';
import { validateCommand } from './protocol-commands/validate.js';
import { checkCommand } from './protocol-commands/check.js';

const COMMANDS: ProtocolCommand[] = [validateCommand, checkCommand];

function usage(): string {
	const width = Math.max(...COMMANDS.map((c) => `${c.name} ${c.args}`.length));
	return [
		'Usage: npm run protocol -- <command> [arguments]',
		'',
		'Commands:',
		...COMMANDS.map((c) => `  ${`${c.name} ${c.args}`.padEnd(width)}  ${c.summary}`),
		'',
		'Example: npm run protocol -- validate protocols/walsall'
	].join('\n');
}

async function main(argv: string[]): Promise<number> {
	const [name, ...args] = argv;
	if (name === undefined) {
		console.error(usage());
		return 2;
	}
	if (name === 'help' || name === '--help' || name === '-h') {
		console.log(usage());
		return 0;
	}
	const command = COMMANDS.find((c) => c.name === name);
	if (!command) {
		console.error(`Unknown command "${name}".\n\n${usage()}`);
		return 2;
	}
	try {
		return await command.run(args);
	} catch (error) {
		if (error instanceof UsageError) {
			console.error(`${command.name}: ${error.message}\n\n${usage()}`);
			return 2;
		}
		throw error;
	}
}

main(process.argv.slice(2)).then(
	(code) => {
		process.exitCode = code;
	},
	(error: unknown) => {
		console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
		process.exitCode = 1;
	}
);
