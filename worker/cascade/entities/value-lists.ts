// Site-defined closed sets ("free", "premium", ...): whole words, any case, so
// "pro" never matches inside "problem"; with context words, only near one of them.
import type { Entity, ValueList } from "./entity.ts";

interface Word {
	text: string;
	start: number;
	end: number;
}

function wordsOf(text: string): Word[] {
	return [...text.matchAll(/[\p{L}\p{N}]+/gu)].map((match) => ({ text: match[0].toLowerCase(), start: match.index, end: match.index + match[0].length }));
}

// "premium account", "my account is premium", "upgrade my plan to gold": the context word is this close.
const CONTEXT_WORDS = 3;

function phraseAt(words: readonly Word[], at: number, phrase: readonly string[]): boolean {
	return phrase.length > 0 && phrase.every((word, offset) => words[at + offset]?.text === word);
}

/** A list's context words as they may be written: whole, or with an "s" added. */
function contextForms(context: readonly string[] | undefined): Set<string> | null {
	return context ? new Set(context.flatMap((word) => [word.toLowerCase(), `${word.toLowerCase()}s`])) : null;
}

/** Whether one of the context forms is within CONTEXT_WORDS of words[from..to]; true without context. */
function inContext(words: readonly Word[], from: number, to: number, forms: ReadonlySet<string> | null): boolean {
	if (!forms) return true;
	const near = [...words.slice(Math.max(0, from - CONTEXT_WORDS), from), ...words.slice(to + 1, to + 1 + CONTEXT_WORDS)];
	return near.some((word) => forms.has(word.text));
}

export function extractListValues(text: string, lists: readonly ValueList[]): Entity[] {
	const words = wordsOf(text);
	const found: Entity[] = [];
	for (const list of lists) {
		// Longest values first, so "gold plus" wins over "gold".
		const phrases = list.values
			.map((value) => ({ value, words: wordsOf(value).map((word) => word.text) }))
			.sort((a, b) => b.words.length - a.words.length);
		const forms = contextForms(list.context);
		for (let at = 0; at < words.length; at++) {
			const phrase = phrases.find((candidate) => phraseAt(words, at, candidate.words));
			if (!phrase || !inContext(words, at, at + phrase.words.length - 1, forms)) continue;
			const last = words[at + phrase.words.length - 1];
			found.push({ type: list.type, value: text.slice(words[at].start, last.end), start: words[at].start, end: last.end, normalized: phrase.value });
			at += phrase.words.length - 1;
		}
	}
	return found;
}
