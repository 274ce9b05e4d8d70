// Words → hashed sparse features: word unigrams and bigrams carry meaning,
// character n-grams inside word boundaries survive typos and unseen inflections.
// Numbers and e-mail addresses are left out (see isNumber, withoutAddresses).
import { KeyCounter } from "./key-counter.ts";
import { topicWords } from "./small-words.ts";
import { MAX_INPUT_CHARS, words } from "../../../shared/words.ts";

// Trigrams alone carry typos and inflections as well as trigrams and 4-grams together did on the
// Bitext measures (full and 10-shot), with half the features per word, and so half the training time.
const CHAR_GRAM_SIZE = 3;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const mix = (hash: number, code: number) => Math.imul(hash ^ code, FNV_PRIME);

function mixText(hash: number, text: string): number {
	for (let index = 0; index < text.length; index++) hash = mix(hash, text.charCodeAt(index));
	return hash;
}

/**
 * FNV-1a over UTF-16 code units: deterministic, no allocation, no Node APIs. Kept to its top 30 bits,
 * which V8 holds as a small integer: as Map keys those need no allocation and hash fast, where full
 * 32-bit hashes made classify about twice as slow in most runs. The feature's lowest bit says whether it
 * is a word pair (see isWordPair), so 29 bits tell features apart: the collisions that adds among a few
 * tens of thousands of features are still a handful at most.
 */
export function hashFeature(feature: string): number {
	return mixText(FNV_OFFSET, feature) >>> 2;
}

/** A hash's lowest bit says whether it is a word pair's: those are the features large example sets train without when rare (vectorize.ts). */
export const isWordPair = (hash: number) => (hash & 1) === 1;

const CODE_SPACE = " ".charCodeAt(0);
const WORD_SEED = mix(FNV_OFFSET, "w".charCodeAt(0));
const PAIR_SEED = mix(FNV_OFFSET, "b".charCodeAt(0));
const GRAM_SEED = mix(FNV_OFFSET, "c".charCodeAt(0));

/** A feature's mixed hash → its key: the top 30 bits, the lowest of them saying whether it is a word pair. */
const featureKey = (hash: number, wordPair: boolean) => (wordPair ? (hash >>> 2) | 1 : (hash >>> 2) & ~1);

// One for every message: classifying a message reuses the tables the last one filled (key-counter.ts).
const counter = new KeyCounter();

// Each feature is hashed as the text "w<word>", "b<previous> <word>" or "c<trigram of ' word '>" would be, without
// building that text: a message's hundred-odd feature strings were most of what classify allocated, and building
// them took half the feature extraction's time (11.1 → 5.3 µs a Banking77 message).
const wordKey = (word: string) => featureKey(mixText(WORD_SEED, word), false);
const pairKey = (previous: string, word: string) => featureKey(mixText(mix(mixText(PAIR_SEED, previous), CODE_SPACE), word), true);

function addCharGrams(word: string): void {
	// Positions in the word padded with a space on each side, " word ": 0 and length + 1 are the spaces.
	const last = word.length + 1;
	for (let start = 0; start + CHAR_GRAM_SIZE <= last + 1; start++) {
		let hash = GRAM_SEED;
		for (let position = start; position < start + CHAR_GRAM_SIZE; position++) {
			hash = mix(hash, position === 0 || position === last ? CODE_SPACE : word.charCodeAt(position - 1));
		}
		counter.add(featureKey(hash, false));
	}
}

export interface MessageFeatures {
	/** The message's feature hashes, each once, in the order the message has them. */
	hashes: Int32Array;
	/** How many times the message has each of `hashes`. */
	counts: Int32Array;
	wordCount: number;
	/** Its words that are not small words (small-words.ts), each once: what it says it is about. */
	topicWords: string[];
	/** Whether the message has words, and none but small words. */
	onlySmallWords: boolean;
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
	const tokens = words(withoutAddresses(text)).filter((word) => !isNumber(word));
	tokens.forEach((word, index) => {
		counter.add(wordKey(word));
		if (index > 0) counter.add(pairKey(tokens[index - 1], word));
		addCharGrams(word);
	});
	const { keys, counts } = counter.take();
	const topics = topicWords(tokens);
	return { hashes: keys, counts, wordCount: tokens.length, topicWords: topics, onlySmallWords: tokens.length > 0 && topics.length === 0 };
}

/**
 * A lone word about something, with at most one word besides ("order", "my account", "refund please"): what one word
 * means depends on who typed it, which no whole question in the examples shows (see PROBE_SHARE in compile.ts).
 */
export const isLoneWord = (features: Pick<MessageFeatures, "wordCount" | "topicWords">) => features.wordCount <= 2 && features.topicWords.length === 1;
