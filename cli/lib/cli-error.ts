/** An error meant for the person at the terminal: the message is the whole story, the code is the exit status. */
export class CliError extends Error {
	readonly exitCode: number;
	constructor(message: string, exitCode = 1) {
		super(message);
		this.name = "CliError";
		this.exitCode = exitCode;
	}
}

/** Exit status for a command line that cannot be understood. */
export const USAGE_EXIT_CODE = 2;
