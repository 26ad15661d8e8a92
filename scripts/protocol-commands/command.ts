/** The shape of one `npm run protocol -- <command>` entry. */
export interface ProtocolCommand {
	name: string;
	/** One line for the usage text. */
	summary: string;
	/** Arguments as shown in the usage text, e.g. "<folder>...". */
	args: string;
	/** Returns the process exit code: 0 success, 1 problems found. Throw UsageError for bad arguments. */
	run(args: string[]): Promise<number>;
}

/** Wrong arguments: the CLI prints the message and the usage text and exits 2. */
export class UsageError extends Error {}
