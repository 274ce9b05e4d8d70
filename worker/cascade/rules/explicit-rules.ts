// Tier 1a: the site owner's explicit rules. They run before the matcher and
// win over it, so a guardrail (a sensitive intent, a request for a person) can
// never be out-voted by a statistical guess.
import type { Intent } from "../../../shared/site-config.ts";
import { words } from "../../../shared/words.ts";
import { containsSequence } from "./word-sequence.ts";

// Regular expressions come from the site owner; reading only a message's start bounds what a bad one can cost.
const MAX_PATTERN_INPUT_CHARS = 1000;

interface CompiledRule {
	intent: Intent;
	/** What fired, for the explanation: `phrase "legal action"`. */
	label: string;
	test: (message: { words: string[]; text: string }) => boolean;
}

export interface RuleMatch {
	intent: Intent;
	rule: string;
}

/** Guardrails first: sensitive intents, then hand-offs, then the rest, each in config order. */
function precedence(intent: Intent): number {
	if (intent.sensitive) return 0;
	return intent.action === "handoff" ? 1 : 2;
}

function rulesOf(intent: Intent): CompiledRule[] {
	const { keywords, phrases, patterns } = intent.rules;
	const sequences = [...keywords.map((keyword) => ({ kind: "keyword", source: keyword })), ...phrases.map((phrase) => ({ kind: "phrase", source: phrase }))];
	return [
		...sequences.map(({ kind, source }) => {
			const needle = words(source);
			return { intent, label: `${kind} "${source}"`, test: (message: { words: string[] }) => containsSequence(message.words, needle) };
		}),
		...patterns.map((source) => {
			const regex = new RegExp(source, "iu");
			return { intent, label: `pattern /${source}/`, test: (message: { text: string }) => regex.test(message.text.slice(0, MAX_PATTERN_INPUT_CHARS)) };
		}),
	];
}

const inPrecedence = (intents: readonly Intent[]) => [...intents].sort((a, b) => precedence(a) - precedence(b));

export function compileRules(intents: readonly Intent[]): CompiledRule[] {
	return inPrecedence(intents).flatMap(rulesOf);
}

/**
 * The keywords and phrases that never fire, for the site owner: each holds one of another intent's, whose rules are
 * tried first, so a message with it always goes there ("open" for opening hours takes "are you open on sunday" too).
 */
export function shadowedRules(intents: readonly Intent[]): string[] {
	const earlier: { intent: Intent; needle: string[] }[] = [];
	const shadowed: string[] = [];
	for (const intent of inPrecedence(intents)) {
		const own = [...intent.rules.keywords, ...intent.rules.phrases].map((source) => ({ source, needle: words(source) }));
		for (const { source, needle } of own) {
			const first = earlier.find((rule) => rule.intent !== intent && containsSequence(needle, rule.needle));
			if (first) shadowed.push(`intent "${intent.id}": the rule "${source}" never fires: it holds "${first.needle.join(" ")}", a rule of "${first.intent.id}", which is tried first (sensitive intents, then hand-offs, then the rest in the order listed).`);
		}
		earlier.push(...own.map(({ needle }) => ({ intent, needle })));
	}
	return shadowed;
}

export function matchRules(rules: readonly CompiledRule[], text: string): RuleMatch | null {
	const message = { text, words: words(text) };
	const fired = rules.find((rule) => rule.test(message));
	return fired ? { intent: fired.intent, rule: fired.label } : null;
}
