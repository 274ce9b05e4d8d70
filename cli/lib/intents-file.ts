// The intents file: what `intents import` writes and `eval` reads.
//
//   {
//     "intents": [{ "id": "track_order", "examples": ["where is my order"], "slots": ["order_id"] }],
//     "entities": [{ "type": "account_type", "values": ["free", "premium"], "context": ["account", "plan"] }]
//   }
//
// `slots` (optional) lists the entity types an intent takes; when present, only
// those are reported for messages of that intent. `entities` are the site's value lists.
import { z } from "zod";
import { fieldPathWithIntent, fileProblems, listedEntityType, refuseDuplicateIds, type SiteConfig, siteConfigJsonSchema, valueListSchema } from "../../shared/site-config.ts";
import { siteConfigFromText } from "./site-config-file.ts";
import type { Example } from "../../worker/cascade/matcher/index.ts";
import { CliError, problemsError, USAGE_EXIT_CODE } from "./cli-error.ts";
import { readJson, readText } from "./files.ts";

const text = z.string().refine((value) => value.trim() !== "", "must not be empty");

const intentEntrySchema = z.strictObject({
	// Any label a dataset has: only the site config asks for snake_case.
	id: text,
	examples: z.array(text).min(1, "needs an example: the matcher learns an intent from its examples"),
	slots: z.array(text).optional(),
});

const intentsFileSchema = z.strictObject({
	intents: z
		.array(intentEntrySchema)
		.min(1, "has no intents: there is nothing to evaluate")
		.superRefine(refuseDuplicateIds),
	// As the site config's value lists, but with the types and values a dataset has, whatever their spelling.
	entities: z.array(valueListSchema.extend({ type: listedEntityType(text) })).optional(),
});

export type IntentsFile = z.output<typeof intentsFileSchema>;

/** Whether `value` is an intents file: a site config holding only intents is not (its intents have descriptions and answers). */
export const isIntentsFile = (value: unknown) => intentsFileSchema.safeParse(value).success;

/** Whether `raw`, refused as an intents file, is a site config given in its place: fields of its own, or intents with answers. */
function looksLikeSiteConfig(raw: unknown): boolean {
	if (typeof raw !== "object" || raw === null) return false;
	const { intents } = raw as { intents?: unknown };
	const answered = Array.isArray(intents) && intents.some((intent) => typeof intent === "object" && intent !== null && ("response" in intent || "description" in intent));
	const configFields = Object.keys(siteConfigJsonSchema().properties ?? {}).filter((field) => !(field in intentsFileSchema.shape));
	return answered || Object.keys(raw).some((field) => configFields.includes(field));
}

/** Every problem at once, each at its field: a misspelt field or an empty list would otherwise skew the scores without a word. */
export function readIntentsFile(path: string): IntentsFile {
	const raw = readJson(path);
	const result = fileProblems(intentsFileSchema, raw);
	if (result.ok) return result.data;
	if (looksLikeSiteConfig(raw)) throw new CliError(`${path} is a site config, not an intents file: evaluate it with --config ${path}`, USAGE_EXIT_CODE);
	throw problemsError(
		result.problems.map((problem) => `${path}: ${fieldPathWithIntent(raw, problem.path)}: ${problem.text}`),
		(count) => `${count} more problem${count === 1 ? "" : "s"}`,
	);
}

export function examplesOf(file: IntentsFile): Example[] {
	return file.intents.flatMap((intent) => intent.examples.map((text) => ({ text, intent: intent.id })));
}

/** Entity types allowed per intent; intents without `slots` take every type. */
export function slotsByIntent(file: IntentsFile): Map<string, Set<string>> {
	return new Map(file.intents.flatMap((intent) => (intent.slots ? [[intent.id, new Set(intent.slots)] as const] : [])));
}

/** Read as the build reads it, with the same messages. */
export function readSiteConfig(path: string): SiteConfig {
	const content = readText(path);
	try {
		return siteConfigFromText(path, content);
	} catch (error) {
		if (isIntentsFile(parsedOrNull(content))) throw new CliError(`${path} is an intents file (as intents import writes), not a site config: evaluate it with --intents ${path}`, USAGE_EXIT_CODE);
		throw new CliError((error as Error).message);
	}
}

function parsedOrNull(content: string): unknown {
	try {
		return JSON.parse(content);
	} catch {
		return null;
	}
}

/** The site config's intents (those with examples) and value lists, in the intents file's shape. */
export function intentsOfSiteConfig(config: SiteConfig): IntentsFile {
	return {
		intents: config.intents.filter((intent) => intent.examples.length > 0).map((intent) => ({ id: intent.id, examples: intent.examples })),
		entities: config.entities.valueLists,
	};
}
