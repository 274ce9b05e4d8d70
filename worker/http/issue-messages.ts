import type { z } from "zod";

const EXPECTED: Record<string, string> = { string: "a string", number: "a number", int: "a whole number", boolean: "true or false", object: "an object", array: "an array" };

/** What a client sent where something else was wanted, as an error message names it. */
function kindOf(value: unknown): string {
	if (value === null) return "null";
	if (Array.isArray(value)) return "an array";
	return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/**
 * Words for what zod finds wrong in a request, saying what to send: its own ("Invalid input: expected string,
 * received undefined") names the check that failed. A schema's own message, where it has one, comes first.
 */
export const issueMessages: z.core.$ZodErrorMap = (issue) => {
	if (issue.code === "invalid_type") return issue.input === undefined ? "is required" : `must be ${EXPECTED[issue.expected] ?? issue.expected}, not ${kindOf(issue.input)}`;
	if (issue.code === "unrecognized_keys") return `${issue.keys.map((key) => `"${key}"`).join(", ")}: not a field of this request`;
	// Zod counts a string's UTF-16 units, as JavaScript does: an emoji is two of them.
	if (issue.code === "too_big" && issue.origin === "string") return `must be at most ${issue.maximum} characters long (an emoji counts as two)`;
	if (issue.code === "too_small" && issue.origin === "string") return issue.minimum === 1 ? "must not be empty" : `must be at least ${issue.minimum} characters`;
	return undefined;
};
