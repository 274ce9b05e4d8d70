// Site-defined closed sets ("free", "premium", ...): whole words, any case, so
// "pro" never matches inside "problem".
import type { Entity, ValueList } from "./entity.ts";

interface Word {
	text: string;
	start: number;
	end: number;
}

function wordsOf(text: string): Word[] {
	return [...text.matchAll(/[\p{L}\p{N}]+/gu)].map((match) => ({ text: match[0].toLowerCase(), start: match.index, end: match.index + match[0].length }));
}

function phraseAt(words: readonly Word[], at: number, phrase: readonly string[]): boolean {
	return phrase.length > 0 && phrase.every((word, offset) => words[at + offset]?.text === word);
}

export function extractListValues(text: string, lists: readonly ValueList[]): Entity[] {
	const words = wordsOf(text);
	const found: Entity[] = [];
	for (const list of lists) {
		// Longest values first, so "gold plus" wins over "gold".
		const phrases = list.values
			.map((value) => ({ value, words: wordsOf(value).map((word) => word.text) }))
			.sort((a, b) => b.words.length - a.words.length);
		for (let at = 0; at < words.length; at++) {
			const phrase = phrases.find((candidate) => phraseAt(words, at, candidate.words));
			if (!phrase) continue;
			const last = words[at + phrase.words.length - 1];
			found.push({ type: list.type, value: text.slice(words[at].start, last.end), start: words[at].start, end: last.end, normalized: phrase.value });
			at += phrase.words.length - 1;
		}
	}
	return found;
}
