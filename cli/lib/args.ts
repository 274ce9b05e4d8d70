// "--name value" and "--flag" options after positional arguments; nothing more is needed.
import { CliError, USAGE_EXIT_CODE } from "./cli-error.ts";

export interface ParsedArgs {
	positionals: string[];
	options: Map<string, string | true>;
}

export function parseArgs(argv: readonly string[], booleanFlags: readonly string[] = []): ParsedArgs {
	const positionals: string[] = [];
	const options = new Map<string, string | true>();
	for (let index = 0; index < argv.length; index++) {
		const arg = argv[index];
		if (!arg.startsWith("--")) {
			positionals.push(arg);
			continue;
		}
		const name = arg.slice(2);
		if (booleanFlags.includes(name)) {
			options.set(name, true);
			continue;
		}
		const value = argv[index + 1];
		if (value === undefined || value.startsWith("--")) throw new CliError(`option --${name} needs a value`, USAGE_EXIT_CODE);
		options.set(name, value);
		index++;
	}
	return { positionals, options };
}

export function requiredOption(args: ParsedArgs, name: string): string {
	const value = args.options.get(name);
	if (typeof value !== "string") throw new CliError(`missing --${name} <file>`, USAGE_EXIT_CODE);
	return value;
}
