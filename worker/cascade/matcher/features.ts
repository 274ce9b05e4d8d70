// Words → hashed sparse features: word unigrams and bigrams carry meaning,
// character n-grams inside word boundaries survive typos and unseen inflections.
// Numbers are left out (see isNumber).
import { words } from "./tokenize.ts";

const CHAR_GRAM_SIZES = [3, 4];

/** FNV-1a over UTF-16 code units: deterministic, no allocation, no Node APIs. */
export function hashFeature(feature: string): number {
	let hash = 0x811c9dc5;
	for (let index = 0; index < feature.length; index++) {
		hash ^= feature.charCodeAt(index);
		hash = Math.imul(hash, 0x01000193);
	}
	return hash >>> 0;
}

function addCount(counts: Map<number, number>, feature: string): void {
	const hash = hashFeature(feature);
	counts.set(hash, (counts.get(hash) ?? 0) + 1);
}

function addCharGrams(counts: Map<number, number>, word: string): void {
	const padded = ` ${word} `;
	for (const size of CHAR_GRAM_SIZES) {
		for (let start = 0; start + size <= padded.length; start++) addCount(counts, `c${padded.slice(start, start + size)}`);
	}
}

export interface MessageFeatures {
	/** Raw count of every feature, keyed by feature hash. */
	counts: Map<number, number>;
	wordCount: number;
}

// Numbers (order ids, amounts, dates) are what the entity extractor reads; as features
// they only teach the classifier which intents' examples happened to show which
// digits, and make a message about another order look like the intent whose examples
// quote order numbers.
const isNumber = (word: string) => /^\p{Nd}+$/u.test(word);

export function messageFeatures(text: string): MessageFeatures {
	const counts = new Map<number, number>();
	const tokens = words(text).filter((word) => !isNumber(word));
	tokens.forEach((word, index) => {
		addCount(counts, `w${word}`);
		if (index > 0) addCount(counts, `b${tokens[index - 1]} ${word}`);
		addCharGrams(counts, word);
	});
	return { counts, wordCount: tokens.length };
}
