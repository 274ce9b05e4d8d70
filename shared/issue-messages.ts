import type { z } from "zod";

const EXPECTED: Record<string, string> = { string: "a string", number: "a number", int: "a whole number", boolean: "true or false", object: "an object", array: "an array" };

/** What a client sent where something else was wanted, as an error message names it. */
function kindOf(value: unknown): string {
	if (value === null) return "null";
	if (Array.isArray(value)) return "an array";
	return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/** A number's bound as a person says it: "at most 1", "more than 0". */
const bound = (limit: unknown, inclusive: boolean | undefined, words: [string, string]) => `must be ${inclusive === false ? words[1] : words[0]} ${limit}`;

/**
 * Words for what zod finds wrong in a request or the site config, saying what to write: its own ("Invalid input:
 * expected string, received undefined") names the check that failed. A schema's own message, where it has one, comes first.
 */
export const issueMessages: z.core.$ZodErrorMap = (issue) => {
	if (issue.code === "invalid_type") {
		if (issue.input === undefined) return "is required";
		if (issue.expected === "int" && typeof issue.input === "number") return "must be a whole number";
		return `must be ${EXPECTED[issue.expected] ?? issue.expected}, not ${kindOf(issue.input)}`;
	}
	if (issue.code === "unrecognized_keys") return `${issue.keys.map((key) => `"${key}"`).join(", ")}: not a field of this request`;
	if (issue.code === "invalid_value") return issue.values.length === 1 ? `must be ${JSON.stringify(issue.values[0])}` : `must be one of ${issue.values.map((value) => JSON.stringify(value)).join(", ")}`;
	// Zod counts a string's UTF-16 units, as JavaScript does: an emoji is two of them.
	if (issue.code === "too_big" && issue.origin === "string") return `must be at most ${issue.maximum} characters long (an emoji counts as two)`;
	if (issue.code === "too_small" && issue.origin === "string") return issue.minimum === 1 ? "must not be empty" : `must be at least ${issue.minimum} characters`;
	if (issue.code === "too_big" && issue.origin === "array") return `must have at most ${issue.maximum} items`;
	if (issue.code === "too_small" && issue.origin === "array") return `must have at least ${issue.minimum} item${issue.minimum === 1 ? "" : "s"}`;
	if (issue.code === "too_big" && issue.origin === "number") return bound(issue.maximum, issue.inclusive, ["at most", "less than"]);
	if (issue.code === "too_small" && issue.origin === "number") return bound(issue.minimum, issue.inclusive, ["at least", "more than"]);
	return undefined;
};
