// Whatever a customer talks the model into, its reply must not carry the
// worker's secrets or read out its instructions.
import { PROMPT_MARKUP } from "../../cascade/llm/prompt.ts";
import { listedSecrets } from "../../crypto/listed-secrets.ts";
import { readable } from "../../text/readable.ts";

/** Secrets that must never appear in a reply; a `whsec_` secret also without its prefix. */
export function secretValues<E extends object>(env: E, names: ReadonlyArray<keyof E>): string[] {
	return names.flatMap((name) => {
		const value = env[name];
		if (typeof value !== "string") return [];
		return listedSecrets(value).flatMap((secret) => [secret, secret.replace(/^whsec_/, "")]).filter((secret) => secret.length >= 8);
	});
}

/**
 * Five words in a row from the instructions are a quote, not a coincidence.
 * The stream is stopped when the fifth arrives: holding every reply back by
 * four words to hide the first four would cost each customer more than those
 * words could reveal.
 */
export const QUOTE_WORDS = 5;
// Not shared/words.ts's: that one stops reading after 2,000 characters, and the instructions are longer.
const words = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

function runsOf(list: string[]): string[] {
	return list.slice(0, Math.max(0, list.length - QUOTE_WORDS + 1)).map((_, index) => list.slice(index, index + QUOTE_WORDS).join(" "));
}

/**
 * Every run of QUOTE_WORDS words in the instructions, except the runs of
 * sentences the model is meant to say to the customer: telling them who it is
 * or what it cannot do quotes the instructions honestly, not leaks them.
 */
export function instructionFragments(instructions: string, sayable: readonly string[]): string[] {
	const said = new Set(sayable.flatMap((sentence) => runsOf(words(sentence))));
	return [...new Set(runsOf(words(instructions)))].filter((run) => !said.has(run));
}

/** Judged on the text as it reads: a zero-width space inside each word would otherwise hide a quote the customer sees whole. */
export function leaks(reply: string, secrets: readonly string[], fragments: ReadonlySet<string>): boolean {
	const text = readable(reply);
	if (secrets.some((secret) => text.includes(secret))) return true;
	const lower = text.toLowerCase();
	if (PROMPT_MARKUP.some((tag) => lower.includes(tag))) return true;
	return runsOf(words(text)).some((run) => fragments.has(run));
}
