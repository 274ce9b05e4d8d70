import { PERSONAL_DATA_TYPES } from "../../shared/site-config.ts";
import { placeholder } from "../cascade/pii/mask-personal-data.ts";
import { cutToLength } from "../text/cut.ts";

const MAX_NORMALIZED_CHARS = 200;
// Placeholders such as "[card]" survive normalisation, so a masked card never reads as the word "card".
const PLACEHOLDER = new RegExp(`(${PERSONAL_DATA_TYPES.map((type) => placeholder(type).replace(/[[\]]/g, "\\$&")).join("|")})`);

function normalizePlain(text: string): string {
	return text
		.normalize("NFKD")
		.replace(/\p{M}/gu, "")
		.toLowerCase()
		// "what's" and "whats" are the same question.
		.replace(/['’]/g, "")
		.replace(/[^\p{L}\p{N}]+/gu, " ")
		.replace(/\p{N}+/gu, "#");
}

/**
 * The form unmatched messages are counted under: case, accents, punctuation and
 * spacing ignored, and every number one "#", so "where is order 123?" and
 * "Where is order 456" count as one. Expects text already masked.
 */
export function normalizeMessage(masked: string): string {
	const parts = masked.split(PLACEHOLDER).map((part, index) => (index % 2 === 1 ? ` ${part} ` : normalizePlain(part)));
	return cutToLength(parts.join("").replace(/\s+/g, " ").trim(), MAX_NORMALIZED_CHARS);
}
