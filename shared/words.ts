// Text → normalised words, as the rule engine reads every message. Everything downstream (rules, features,
// classification, sentiment) works on these words, so the bounds here bound the cost of any input. It is in shared/
// because the site-config schema reads each keyword the same way, to refuse one the rule engine could never match.

/** Characters of a message the matcher reads at most: a long paragraph, far past any intent's wording. */
export const MAX_INPUT_CHARS = 2000;

// NFKD can expand a character many times over (e.g. U+FDFA), so words are capped too.
const MAX_WORDS = 400;
const MAX_WORD_CHARS = 40;

/** Lowercased words with accents folded, so "Rëfund!" and "refund" are the same word. */
export function words(text: string): string[] {
	const folded = text.slice(0, MAX_INPUT_CHARS).normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
	const found: string[] = [];
	for (const match of folded.matchAll(/[\p{L}\p{N}]+/gu)) {
		found.push(match[0].slice(0, MAX_WORD_CHARS));
		if (found.length === MAX_WORDS) break;
	}
	return found;
}
