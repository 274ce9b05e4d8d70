// "--name value", "--name=value" and "--flag" options among positional arguments. Each command names
// the options it takes: anything else is a mistake the user should hear about, not a silent default.
import { CliError, USAGE_EXIT_CODE } from "./cli-error.ts";

export interface ParsedArgs {
	positionals: string[];
	options: Map<string, string | true>;
}

export interface OptionSpec {
	/** Options followed by a value. */
	values: readonly string[];
	/** Options that stand alone. */
	flags?: readonly string[];
}

function optionValue(name: string, inline: string | undefined, next: string | undefined): string {
	const value = inline ?? next;
	if (value === undefined || value === "" || (inline === undefined && value.startsWith("--"))) throw new CliError(`option --${name} needs a value`, USAGE_EXIT_CODE);
	return value;
}

export function parseArgs(argv: readonly string[], spec: OptionSpec): ParsedArgs {
	const positionals: string[] = [];
	const options = new Map<string, string | true>();
	for (let index = 0; index < argv.length; index++) {
		const arg = argv[index];
		// Only long options exist: "-j" is a mistake, not a file (a file named so can be given as ./-j).
		if (/^-[^-]/.test(arg)) throw new CliError(`unknown option ${arg}`, USAGE_EXIT_CODE);
		if (!arg.startsWith("--")) {
			positionals.push(arg);
			continue;
		}
		const equals = arg.indexOf("=");
		const name = equals === -1 ? arg.slice(2) : arg.slice(2, equals);
		const inline = equals === -1 ? undefined : arg.slice(equals + 1);
		if (options.has(name)) throw new CliError(`option --${name} is given twice`, USAGE_EXIT_CODE);
		if (spec.flags?.includes(name)) {
			if (inline !== undefined) throw new CliError(`option --${name} takes no value`, USAGE_EXIT_CODE);
			options.set(name, true);
		} else if (spec.values.includes(name)) {
			options.set(name, optionValue(name, inline, argv[index + 1]));
			if (inline === undefined) index++;
		} else {
			const known = [...spec.values, ...(spec.flags ?? [])].map((option) => `--${option}`).join(", ");
			throw new CliError(`unknown option --${name}; this command takes ${known || "no options"}`, USAGE_EXIT_CODE);
		}
	}
	return { positionals, options };
}

export function requiredOption(args: ParsedArgs, name: string): string {
	const value = args.options.get(name);
	if (typeof value !== "string") throw new CliError(`missing --${name} <file>`, USAGE_EXIT_CODE);
	return value;
}
