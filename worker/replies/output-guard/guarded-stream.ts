import { filterLinks } from "./link-filter.ts";
import { leaks, QUOTE_WORDS } from "./leak-check.ts";

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

const HELD_WORDS = QUOTE_WORDS - 1;
// Each delta is checked with this much of the text before it: room for a secret or a quote that started earlier.
const LOOKBEHIND_CHARS = 400;

/**
 * How much of the streamed text can be passed on: whole words only, minus
 * the last few (a quote of the instructions is recognised once whole), and
 * never into a link whose target has not arrived.
 */
function settledLength(text: string): number {
	const complete = [...text.matchAll(/\S+\s+/g)];
	if (complete.length <= HELD_WORDS) return 0;
	let end = complete[complete.length - HELD_WORDS].index;
	const open = text.lastIndexOf("[", end - 1);
	if (open < 0) return end;
	const link = /^\[[^\]]*\]\([^)\s]*\)/.exec(text.slice(open));
	return link && open + link[0].length <= end ? end : open;
}

/**
 * Claude's reply on its way to the customer: links filtered, and the stream
 * stopped as soon as it leaks a secret or the instructions. Text already
 * passed on is always a prefix of the final reply.
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
			if (tripped) return;
			passOn(filterLinks(raw.slice(0, settledLength(raw)), rules.linkDomains));
		},
		finish() {
			if (tripped || unsafe(0)) return null;
			const clean = filterLinks(raw, rules.linkDomains);
			passOn(clean);
			return clean;
		},
	};
}
