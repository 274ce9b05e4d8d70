import type { Intent } from "../../shared/site-config.ts";

// Bounded so that a megabyte message costs no more than a long paragraph.
const MAX_SCANNED_CHARS = 4000;

/** Lowercased words with accents folded, so "Rëfund!" matches the keyword "refund". */
export function words(text: string): string[] {
	return text
		.slice(0, MAX_SCANNED_CHARS)
		.normalize("NFKD")
		.replace(/\p{M}/gu, "")
		.toLowerCase()
		.split(/[^\p{L}\p{N}]+/u)
		.filter(Boolean);
}

function containsPhrase(haystack: string[], phrase: string[]): boolean {
	if (phrase.length === 0) return false;
	for (let start = 0; start + phrase.length <= haystack.length; start++) {
		if (phrase.every((word, offset) => haystack[start + offset] === word)) return true;
	}
	return false;
}

/** The intent whose keywords the message mentions most; ties go to the intent listed first. */
export function matchKeywordRule(text: string, intents: readonly Intent[]): Intent | null {
	const messageWords = words(text);
	let best: Intent | null = null;
	let bestHits = 0;
	for (const intent of intents) {
		const hits = intent.keywords.filter((keyword) => containsPhrase(messageWords, words(keyword))).length;
		if (hits > bestHits) {
			best = intent;
			bestHits = hits;
		}
	}
	return best;
}
