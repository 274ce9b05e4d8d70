/** A value found in a message; `start`/`end` are UTF-16 offsets into the original text, end exclusive. */
export interface Entity {
	type: string;
	/** The text exactly as written: `text.slice(start, end)`. */
	value: string;
	start: number;
	end: number;
	/**
	 * A canonical form when one exists: the list's value for value lists, "45.99 USD" for amounts, "2026-11-27" for a
	 * date that names its day, "12345" for "#12345" and "INV-00123" for "inv-00123".
	 */
	normalized?: string;
}

/** A site-defined closed set of values, e.g. `{ type: "account_type", values: ["free", "premium"] }`. */
export interface ValueList {
	type: string;
	values: string[];
	/**
	 * When set, a value counts only near one of these words or its plural ("account", "plan"): values
	 * that are everyday words ("standard", "business") then name an account type only where one is meant.
	 */
	context?: string[];
}

// A message names a few things; "$1 $1 $1 …" would otherwise store hundreds of entities with it, returned
// by every read of the conversation and put on its ticket.
export const MAX_ENTITIES_PER_MESSAGE = 20;

// Only a message's start is scanned: entities live in what a person types, and
// the bound keeps every pattern's cost fixed whatever the input's size.
export const MAX_ENTITY_SCAN_CHARS = 4000;

export { PATTERN_ENTITY_TYPES } from "../../../shared/site-config.ts";
