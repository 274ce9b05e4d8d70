// `frontdesk intents import <labelled.jsonl> --out <intents.json>`: labelled rows
// → intents file. Entity annotations become each intent's slots, and the values
// of types no built-in pattern finds (account types, cities...) become value lists.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { CliError, USAGE_EXIT_CODE } from "../lib/cli-error.ts";
import { parseArgs, requiredOption } from "../lib/args.ts";
import { readJson, writeText } from "../lib/files.ts";
import { type IntentsFile, isIntentsFile } from "../lib/intents-file.ts";
import { readLabelledJsonl, type LabelledRow } from "../lib/jsonl.ts";
import { caseless, INTENT_ID, SNAKE_CASE } from "../../shared/site-config.ts";
import { PATTERN_ENTITY_TYPES } from "../../shared/site-config.ts";

function addTo<Value>(map: Map<string, Set<Value>>, key: string, value: Value): void {
	const set = map.get(key) ?? new Set<Value>();
	set.add(value);
	map.set(key, set);
}

/** Texts the site config takes as one example: the same once trimmed, but for case. */
const exampleKey = (text: string) => caseless(text.trim());

/**
 * Each intent's examples, each given once and to one intent, the first that has it, as the site config takes them: a
 * repeat would weigh twice in what the matcher learns. With how many repeats of an intent's own examples were left out.
 */
function examplesByIntent(rows: readonly LabelledRow[]): { examples: Map<string, Set<string>>; repeats: number } {
	const examples = new Map<string, Set<string>>();
	const owners = new Map<string, string>();
	let repeats = 0;
	for (const row of rows) {
		if (row.intent === null) continue;
		const key = exampleKey(row.text);
		const owner = owners.get(key);
		if (owner === undefined) {
			owners.set(key, row.intent);
			addTo(examples, row.intent, row.text.trim());
		} else if (owner === row.intent) repeats++;
	}
	return { examples, repeats };
}

/** The intents file, and how many examples it left out as repeats of an earlier one of their intent. */
export function buildIntentsFile(rows: readonly LabelledRow[]): { file: IntentsFile; repeats: number } {
	const { examples, repeats } = examplesByIntent(rows);
	const slots = new Map<string, Set<string>>();
	const listValues = new Map<string, Set<string>>();
	for (const row of rows) {
		if (row.intent === null) continue;
		for (const entity of row.entities ?? []) {
			addTo(slots, row.intent, entity.type);
			if (!PATTERN_ENTITY_TYPES.includes(entity.type)) addTo(listValues, entity.type, entity.value.toLowerCase());
		}
	}
	const annotated = rows.some((row) => row.entities !== undefined);
	const file: IntentsFile = {
		intents: [...examples].map(([id, texts]) => ({
			id,
			examples: [...texts],
			...(annotated ? { slots: [...(slots.get(id) ?? [])].sort() } : {}),
		})),
	};
	if (listValues.size > 0) file.entities = [...listValues].map(([type, values]) => ({ type, values: [...values].sort() }));
	return { file, repeats };
}

// Labels datasets give the messages that belong to no intent; here such rows need "intent": null.
const OUT_OF_SCOPE_LABELS = /^(?:oos|out[ _-]?of[ _-]?scope|none|null|other|unknown)$/i;

/** An intent named like an out-of-scope label would be trained as an intent of its own: say so. */
function warnAboutOutOfScopeLabels(file: IntentsFile): void {
	for (const { id, examples } of file.intents.filter((intent) => OUT_OF_SCOPE_LABELS.test(intent.id))) {
		const count = `${examples.length} example${examples.length === 1 ? "" : "s"}`;
		process.stderr.write(`frontdesk: warning: intent "${id}" (${count}) looks like an out-of-scope label; it is imported as an intent. Rows that belong to no intent need "intent": null\n`);
	}
}

/** Fine for `eval --intents`, which takes any label; but copied into the site config, such an id is refused there. */
function warnAboutIdsTheSiteConfigRefuses(file: IntentsFile): void {
	for (const { id } of file.intents.filter((intent) => !INTENT_ID.test(intent.id))) {
		process.stderr.write(`frontdesk: warning: intent "${id}" is not an id the site config takes (an id ${SNAKE_CASE}): rename it there\n`);
	}
}

/** Where a text labelled with two intents went: to the first only (buildIntentsFile). */
function keptWith(labels: ReadonlySet<string | null>): string {
	const [first, ...others] = [...labels].filter((label) => label !== null);
	return others.length === 0 ? "" : `: imported as an example of ${first} only (an example belongs to one intent)`;
}

/** The same text under two labels teaches the matcher nothing but doubt: worth a look, though not fatal. */
function warnAboutConflicts(rows: readonly LabelledRow[]): void {
	const labels = new Map<string, Set<string | null>>();
	for (const row of rows) addTo(labels, exampleKey(row.text), row.intent);
	const conflicts = [...labels].filter(([, intents]) => intents.size > 1);
	for (const [text, intents] of conflicts.slice(0, 10)) process.stderr.write(`frontdesk: warning: "${text}" is labelled ${[...intents].map(String).join(" and ")}${keptWith(intents)}\n`);
	if (conflicts.length > 10) process.stderr.write(`frontdesk: warning: ${conflicts.length - 10} more texts have more than one label\n`);
}

/** `--out` may replace an earlier intents file, never another file: a site config given by mistake would lose its answers. */
function refuseToReplaceOtherFiles(out: string): void {
	if (!existsSync(out)) return;
	let existing: unknown;
	try {
		existing = readJson(out);
	} catch {
		// Not JSON: not an intents file either.
	}
	if (isIntentsFile(existing)) return;
	throw new CliError(`--out ${out} is not an intents file, and would be replaced: write the intents to a file of their own (or remove it first)`, USAGE_EXIT_CODE);
}

export function intentsImport(argv: readonly string[]): string {
	const args = parseArgs(argv, { values: ["out"] });
	const [input, ...extra] = args.positionals;
	if (!input) throw new CliError("missing the labelled file to import", USAGE_EXIT_CODE);
	if (extra.length > 0) throw new CliError(`unexpected argument "${extra[0]}"`, USAGE_EXIT_CODE);
	const out = requiredOption(args, "out");
	if (resolve(out) === resolve(input)) throw new CliError(`--out ${out} is the labelled file itself, which the intents would replace: write them to another file`, USAGE_EXIT_CODE);
	refuseToReplaceOtherFiles(out);
	const rows = readLabelledJsonl(input);
	const { file, repeats } = buildIntentsFile(rows);
	if (file.intents.length === 0) {
		// An export from /v1/admin/export arrives with every intent null but the flagged lines': it is labelled first.
		throw new CliError(`${input}: no row has an intent (all are out of scope): nothing to import. Label the lines first: set "intent" to the intent that should have answered each one`);
	}
	warnAboutConflicts(rows);
	warnAboutOutOfScopeLabels(file);
	warnAboutIdsTheSiteConfigRefuses(file);
	writeText(out, `${JSON.stringify(file, null, "\t")}\n`);
	const exampleCount = file.intents.reduce((sum, intent) => sum + intent.examples.length, 0);
	const dropped = repeats === 0 ? "" : `; left out ${repeats} repeat${repeats === 1 ? "" : "s"} of an example of the same intent (the same text but for case and surrounding spaces)`;
	return `wrote ${out}: ${file.intents.length} intents, ${exampleCount} examples${file.entities ? `, ${file.entities.length} value lists` : ""}${dropped}\n`;
}
