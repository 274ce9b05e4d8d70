// The intents file: what `intents import` writes and `eval` reads.
//
//   {
//     "intents": [{ "id": "track_order", "examples": ["where is my order"], "slots": ["order_id"] }],
//     "entities": [{ "type": "account_type", "values": ["free", "premium"], "context": ["account", "plan"] }]
//   }
//
// `slots` (optional) lists the entity types an intent takes; when present, only
// those are reported for messages of that intent. `entities` are the site's value lists.
import { parseSiteConfig, type SiteConfig, SiteConfigError } from "../../shared/site-config.ts";
import type { ValueList } from "../../worker/cascade/entities/index.ts";
import type { Example } from "../../worker/cascade/matcher/index.ts";
import { CliError } from "./cli-error.ts";
import { readJson } from "./files.ts";

export interface IntentEntry {
	id: string;
	examples: string[];
	slots?: string[];
}

export interface IntentsFile {
	intents: IntentEntry[];
	entities?: ValueList[];
}

const isStringList = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === "string");

function problemWith(file: unknown): string | null {
	const { intents, entities } = (file ?? {}) as Record<string, unknown>;
	if (!Array.isArray(intents)) return 'needs "intents": a list of {id, examples}';
	if (intents.length === 0) return "has no intents: there is nothing to evaluate";
	for (const [index, intent] of intents.entries()) {
		const { id, examples, slots } = (intent ?? {}) as Record<string, unknown>;
		if (typeof id !== "string" || !isStringList(examples)) return `intents[${index}] needs "id" (string) and "examples" (list of strings)`;
		if (slots !== undefined && !isStringList(slots)) return `intents[${index}].slots must be a list of entity types`;
	}
	if (entities === undefined) return null;
	if (!Array.isArray(entities)) return '"entities" must be a list of {type, values}';
	// Looser than the site config: `intents import` keeps the types and values a dataset has, whatever their spelling.
	for (const [index, list] of entities.entries()) {
		const { type, values, context } = (list ?? {}) as Record<string, unknown>;
		if (typeof type !== "string" || !isStringList(values)) return `entities[${index}] needs "type" (string) and "values" (list of strings)`;
		if (context !== undefined && !isStringList(context)) return `entities[${index}].context must be a list of words`;
	}
	return null;
}

export function readIntentsFile(path: string): IntentsFile {
	const file = readJson(path);
	const problem = problemWith(file);
	if (problem) throw new CliError(`${path}: ${problem}`);
	return file as IntentsFile;
}

export function examplesOf(file: IntentsFile): Example[] {
	return file.intents.flatMap((intent) => intent.examples.map((text) => ({ text, intent: intent.id })));
}

/** Entity types allowed per intent; intents without `slots` take every type. */
export function slotsByIntent(file: IntentsFile): Map<string, Set<string>> {
	return new Map(file.intents.flatMap((intent) => (intent.slots ? [[intent.id, new Set(intent.slots)] as const] : [])));
}

export function readSiteConfig(path: string): SiteConfig {
	try {
		return parseSiteConfig(readJson(path));
	} catch (error) {
		if (error instanceof SiteConfigError) throw new CliError(`${path}: ${error.message}`);
		throw error;
	}
}

/** The site config's intents (those with examples) and value lists, in the intents file's shape. */
export function intentsOfSiteConfig(config: SiteConfig): IntentsFile {
	return {
		intents: config.intents.filter((intent) => intent.examples.length > 0).map((intent) => ({ id: intent.id, examples: intent.examples })),
		entities: config.entities.valueLists,
	};
}
