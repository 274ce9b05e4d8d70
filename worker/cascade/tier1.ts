// Tier 1: explicit rules, then the built-in answer to "are you a bot?", then the matcher compiled from the
// examples at build time.
import type { Intent, SiteConfig } from "../../shared/site-config.ts";
import { type ClarifyingChoice, createClarifier } from "./clarification.ts";
import { classify, DEFAULT_THRESHOLD, type MatcherModel } from "./matcher/index.ts";
import { AI_QUESTION_RULE, isAiQuestion } from "./rules/ai-question.ts";
import { compileRules, matchRules } from "./rules/explicit-rules.ts";

export type Tier1Result =
	| { tier: "rule"; intent: Intent; confidence: 1; rule: string }
	/** Asked whether it is an AI: answered with the site's disclosure, and with no intent. */
	| { tier: "rule"; intent: null; confidence: 1; rule: typeof AI_QUESTION_RULE }
	| { tier: "matcher"; intent: Intent; confidence: number }
	/**
	 * Nothing sure enough: what the matcher would have guessed, which `frontdesk eval` counts in its accuracy (top-1
	 * ignoring the threshold), and the intents to ask the customer to choose from, if it was torn between a few.
	 */
	| { tier: null; guess: string | null; confidence: number; choices: ClarifyingChoice[] };

export type Tier1 = (text: string) => Tier1Result;

export function createTier1(config: SiteConfig, model: MatcherModel): Tier1 {
	const rules = compileRules(config.intents);
	const intents = new Map(config.intents.map((intent) => [intent.id, intent]));
	const threshold = config.cascade.threshold ?? DEFAULT_THRESHOLD;
	const clarify = createClarifier(config.intents);
	return (text) => {
		const fired = matchRules(rules, text);
		if (fired) return { tier: "rule", intent: fired.intent, confidence: 1, rule: fired.rule };
		// Before the matcher, which has no intent for it and can guess one ("how old are you" → delivery times).
		if (isAiQuestion(text)) return { tier: "rule", intent: null, confidence: 1, rule: AI_QUESTION_RULE };
		const classification = classify(model, text, { threshold, withScores: true });
		const intent = classification.intent === null ? undefined : intents.get(classification.intent);
		if (intent) return { tier: "matcher", intent, confidence: classification.confidence };
		return { tier: null, guess: classification.topIntent, confidence: classification.confidence, choices: clarify(classification) };
	};
}
