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

// A file exported with one mistake repeated has it thousands of times: these say what it is.
const LISTED_PROBLEMS = 10;

/** Every problem of a file at once, so that one run finds what to fix: the first ten, and how many more. */
export function problemsError(problems: readonly string[], more: (count: number) => string): CliError {
	const unlisted = problems.length - LISTED_PROBLEMS;
	return new CliError([...problems.slice(0, LISTED_PROBLEMS), ...(unlisted > 0 ? [`and ${more(unlisted)}`] : [])].join("\n"));
}
