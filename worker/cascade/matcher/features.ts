// Words → hashed sparse features: word unigrams and bigrams carry meaning,
// character n-grams inside word boundaries survive typos and unseen inflections.
// Numbers and e-mail addresses are left out (see isNumber, withoutAddresses).
import { MAX_INPUT_CHARS, words } from "./tokenize.ts";

// Trigrams alone carry typos and inflections as well as trigrams and 4-grams together did on the
// Bitext measures (full and 10-shot), with half the features per word, and so half the training time.
const CHAR_GRAM_SIZE = 3;

/**
 * FNV-1a over UTF-16 code units: deterministic, no allocation, no Node APIs. Kept to its top 30 bits,
 * which V8 holds as a small integer: as Map keys those need no allocation and hash fast, where full
 * 32-bit hashes made classify about twice as slow in most runs. addCount spends the lowest bit on
 * whether the feature is a word pair, so 29 bits tell features apart: the collisions that adds among
 * a few tens of thousands of features are still a handful at most.
 */
export function hashFeature(feature: string): number {
	let hash = 0x811c9dc5;
	for (let index = 0; index < feature.length; index++) {
		hash ^= feature.charCodeAt(index);
		hash = Math.imul(hash, 0x01000193);
	}
	return hash >>> 2;
}

/** A hash's lowest bit says whether it is a word pair's: those are the features large example sets train without when rare (vectorize.ts). */
export const isWordPair = (hash: number) => (hash & 1) === 1;

function addCount(counts: Map<number, number>, feature: string): void {
	const hash = feature[0] === "b" ? hashFeature(feature) | 1 : hashFeature(feature) & ~1;
	counts.set(hash, (counts.get(hash) ?? 0) + 1);
}

function addCharGrams(counts: Map<number, number>, word: string): void {
	const padded = ` ${word} `;
	for (let start = 0; start + CHAR_GRAM_SIZE <= padded.length; start++) addCount(counts, `c${padded.slice(start, start + CHAR_GRAM_SIZE)}`);
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

// E-mail addresses too: as words ("sam", "example", "com") they made "where is my order? I'm sam@example.com"
// look unlike any intent, and the fallback answered a routine question. Split on whitespace, not matched with
// a pattern, so that the cost stays linear in the (already capped) text.
const withoutAddresses = (text: string) =>
	text
		.slice(0, MAX_INPUT_CHARS)
		.split(/\s+/)
		.filter((chunk) => !chunk.includes("@"))
		.join(" ");

export function messageFeatures(text: string): MessageFeatures {
	const counts = new Map<number, number>();
	const tokens = words(withoutAddresses(text)).filter((word) => !isNumber(word));
	tokens.forEach((word, index) => {
		addCount(counts, `w${word}`);
		if (index > 0) addCount(counts, `b${tokens[index - 1]} ${word}`);
		addCharGrams(counts, word);
	});
	return { counts, wordCount: tokens.length };
}
