// Dispatches `frontdesk <command>`; each command returns its stdout text or throws a CliError.
import { evalCommand } from "./commands/eval.ts";
import { intentsImport } from "./commands/intents-import.ts";
import { CliError, USAGE_EXIT_CODE } from "./lib/cli-error.ts";

const USAGE = `usage:
  frontdesk intents import <labelled.jsonl> --out <intents.json>
  frontdesk eval (--intents <intents.json> | --config <frontdesk.config.json>) --data <labelled.jsonl> [--json]
`;

type Command = (argv: readonly string[]) => string | Promise<string>;

function commandFor(argv: readonly string[]): { run: Command; rest: readonly string[] } | null {
	if (argv[0] === "intents" && argv[1] === "import") return { run: intentsImport, rest: argv.slice(2) };
	if (argv[0] === "eval") return { run: evalCommand, rest: argv.slice(1) };
	return null;
}

/** Runs one command line; returns the exit status. */
async function main(argv: readonly string[]): Promise<number> {
	if (argv.includes("--help") || argv.includes("-h")) {
		process.stdout.write(USAGE);
		return 0;
	}
	const command = commandFor(argv);
	if (!command) {
		const problem = argv[0] === "intents" ? `intents takes a subcommand: import` : `unknown command: ${argv.join(" ")}`;
		process.stderr.write(argv.length === 0 ? USAGE : `frontdesk: ${problem}\n${USAGE}`);
		return USAGE_EXIT_CODE;
	}
	try {
		process.stdout.write(await command.run(command.rest));
		return 0;
	} catch (error) {
		if (!(error instanceof CliError)) throw error;
		process.stderr.write(`frontdesk: ${error.message}\n${error.exitCode === USAGE_EXIT_CODE ? USAGE : ""}`);
		return error.exitCode;
	}
}

// A reader that stopped early (`| head`) has all it wanted: that is no error to report.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
	if (error.code !== "EPIPE") throw error;
	process.exit(process.exitCode ?? 0);
});

process.exitCode = await main(process.argv.slice(2));
