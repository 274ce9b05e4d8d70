import { filterLinks } from "./link-filter.ts";
import { leaks } from "./leak-check.ts";

export interface OutputRules {
	linkDomains: readonly string[];
	secrets: readonly string[];
	/** Runs of words from the instructions (see instructionFragments). */
	instructionFragments: ReadonlySet<string>;
}

export interface GuardedStream {
	push(delta: string): void;
	/** The reply as the customer may see it, or null when it must be replaced by the fallback. */
	finish(): string | null;
}

// Each delta is checked with this much of the text before it: room for a secret or a quote that started earlier.
const LOOKBEHIND_CHARS = 400;
// Fewer characters of a secret than this say nothing about it (every Anthropic key starts "sk-").
const SECRET_PREFIX_CHARS = 4;

const URL_STARTS = ["https://", "http://", "www."];

/** Whether a word still arriving could turn out to be a link, an address or a secret. */
function undecided(word: string, secrets: readonly string[]): boolean {
	const lower = word.toLowerCase();
	if (/[[\]()<]|:\/\/|www\./.test(lower) || (lower && URL_STARTS.some((start) => start.startsWith(lower)))) return true;
	return secrets.some((secret) => {
		for (let length = Math.min(word.length, secret.length); length >= SECRET_PREFIX_CHARS; length--) if (word.endsWith(secret.slice(0, length))) return true;
		return false;
	});
}

// A `[` is known to open no link once its `]` is followed by anything but `(`,
// or a link once its target is closed; a space in the target rules one out too.
const BRACKET_DECIDED = /^\[[^\]]*\](?:[^(]|\([^)\s]*[)\s])/;

/**
 * How much of the streamed text can be passed on now: all of it, except a
 * last word that could still become a link or a secret, and a `[` that could
 * still open a link, until that is decided. Links and secrets are only judged
 * once whole; the customer sees every other token as it comes, also after a
 * bracketed placeholder such as `[email]`.
 */
function settledLength(text: string, secrets: readonly string[]): number {
	const wordStart = Math.max(text.lastIndexOf(" "), text.lastIndexOf("\n")) + 1;
	const end = undecided(text.slice(wordStart), secrets) ? wordStart : text.length;
	const open = text.lastIndexOf("[", end - 1);
	return open < 0 || BRACKET_DECIDED.test(text.slice(open, end)) ? end : open;
}

/**
 * Claude's reply on its way to the customer: links filtered, and the stream
 * stopped as soon as it leaks a secret or quotes the instructions (within a
 * few words: see QUOTE_WORDS). Text already passed on is always a prefix of
 * the final reply.
 */
export function guardedStream(rules: OutputRules, onDelta: (text: string) => void): GuardedStream {
	let raw = "";
	let passedOn = "";
	let tripped = false;
	let checkedLength = 0;
	const unsafe = (from: number) => leaks(raw.slice(Math.max(0, from - LOOKBEHIND_CHARS)), rules.secrets, rules.instructionFragments);
	const passOn = (clean: string) => {
		if (clean.length <= passedOn.length || !clean.startsWith(passedOn)) return;
		onDelta(clean.slice(passedOn.length));
		passedOn = clean;
	};
	return {
		push(delta) {
			raw += delta;
			if (tripped) return;
			tripped = unsafe(checkedLength);
			checkedLength = raw.length;
			if (!tripped) passOn(filterLinks(raw.slice(0, settledLength(raw, rules.secrets)), rules.linkDomains));
		},
		finish() {
			if (tripped || unsafe(0)) return null;
			const clean = filterLinks(raw, rules.linkDomains);
			passOn(clean);
			return clean;
		},
	};
}
