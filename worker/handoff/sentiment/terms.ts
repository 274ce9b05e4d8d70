// The lexicon as lookups over the same words messages are split into, so a
// multi-word entry ("waste of money") is matched word by word.

import { words } from "../../../shared/words.ts";
import { ANGER, CONTRASTS, INTENSIFIERS, MOOD, NEGATORS, PROFANITY, ROUTINE } from "./lexicon.ts";

export type Kind = "anger" | "profanity" | "mood" | "routine" | "negator" | "intensifier" | "contrast";

export interface Term {
	/** The entry as written in the lexicon, shown as a cue. */
	entry: string;
	words: string[];
	kind: Kind;
	weight: number;
}

const PICTOGRAPH = /\p{Extended_Pictographic}/u;

/** words() splits "don't" into "don" + "t"; joined back, the negator is one word again. */
function joinContractions(found: string[]): string[] {
	const joined: string[] = [];
	for (const word of found) {
		const last = joined.length - 1;
		if (word === "t" && last >= 0 && joined[last].endsWith("n")) joined[last] += "t";
		else joined.push(word);
	}
	return joined;
}

export function tokens(text: string): string[] {
	return joinContractions(words(text));
}

function termsOf(kind: Kind, weights: Record<string, number>): Term[] {
	return Object.entries(weights).map(([entry, weight]) => ({ entry, words: tokens(entry), kind, weight }));
}

function markers(kind: Kind, entries: readonly string[]): Term[] {
	return entries.map((entry) => ({ entry, words: tokens(entry), kind, weight: 0 }));
}

const ALL_TERMS: Term[] = [
	...termsOf("anger", ANGER),
	...termsOf("profanity", PROFANITY),
	...termsOf("mood", MOOD),
	...termsOf("routine", ROUTINE),
	...markers("negator", NEGATORS),
	...markers("intensifier", INTENSIFIERS),
	...markers("contrast", CONTRASTS),
];

/** Word entries by their first word, longest first so "never again" wins over "never". */
function indexByFirstWord(terms: Term[]): Map<string, Term[]> {
	const index = new Map<string, Term[]>();
	for (const term of terms) {
		if (term.words.length === 0) continue;
		const bucket = index.get(term.words[0]) ?? [];
		bucket.push(term);
		index.set(term.words[0], bucket);
	}
	for (const bucket of index.values()) bucket.sort((a, b) => b.words.length - a.words.length);
	return index;
}

// Maps, not object lookups: a message saying "constructor" must find nothing.
const BY_FIRST_WORD = indexByFirstWord(ALL_TERMS);
const EMOJI = new Map(ALL_TERMS.filter((term) => PICTOGRAPH.test(term.entry)).map((term) => [term.entry, term]));

function matchesAt(found: string[], start: number, term: Term): boolean {
	return term.words.every((word, offset) => found[start + offset] === word);
}

/** The longest lexicon entry starting at `found[start]`, if any. */
export function termAt(found: string[], start: number): Term | undefined {
	return BY_FIRST_WORD.get(found[start])?.find((term) => matchesAt(found, start, term));
}

export function emojiTerm(pictograph: string): Term | undefined {
	return EMOJI.get(pictograph);
}
