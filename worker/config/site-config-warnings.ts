import type { SiteConfig } from "../../shared/site-config.ts";
import { shadowedRules } from "../cascade/rules/explicit-rules.ts";

// How a text says "AI" in the languages sites write in: the acronym (AI, KI, IA, ИИ), the words, or a bot. The
// acronyms in capitals only, as "ai" is a word of its own in French ("j'ai"). A.I. ends at its I: a \b after its
// last dot would need a letter to follow.
const SAYS_AI = [/\b(AI|A\.I|KI|IA)\b|ИИ/u, /\b(artificial|artificiel\w*|künstlich\w*|chatbot|bot|robot|automated|automatisch\w*|automatique|automático|automatizado)\b/iu, /الذكاء الاصطناعي|人工智能|人工知能|인공지능/u];

const saysAi = (text: string) => SAYS_AI.some((pattern) => pattern.test(text));

/**
 * Whether a page greeting's path matches every page a later one's does, as the widget tries them (`*` for anything,
 * one at most). The later path's own * is taken as a character, which only the earlier one's * can match: so the
 * earlier path matches it exactly when it matches each page the later path does.
 */
function matchesEveryPageOf(earlier: string, later: string): boolean {
	const [head, tail] = earlier.split("*");
	if (tail === undefined) return earlier === later;
	return later.length >= head.length + tail.length && later.startsWith(head) && later.endsWith(tail);
}

/** The widget shows the first page greeting that matches: one listed after another that matches all its pages never shows. */
function greetingsNeverShown(pageGreetings: SiteConfig["widget"]["pageGreetings"]): string[] {
	return pageGreetings.flatMap(({ path }, index) => {
		const earlier = pageGreetings.slice(0, index).findIndex((greeting) => matchesEveryPageOf(greeting.path, path));
		if (earlier === -1) return [];
		const name = (place: number) => `widget.pageGreetings[${place}] (${pageGreetings[place].path})`;
		return [`${name(index)} never shows: ${name(earlier)} comes before it and matches every page it would, and the first that matches is shown. Move it above [${earlier}].`];
	});
}

/**
 * What in a valid site config still works against the customer, in words a site owner can act on: the build and
 * `npm start` print these, and the health check lists them. Not errors: a disclosure in a language these words miss
 * is fine, and only the owner can tell.
 */
export function siteConfigWarnings(config: SiteConfig): string[] {
	const { disclosure, handedBack } = config.assistant;
	const warnings: string[] = [];
	if (!saysAi(disclosure)) warnings.push("assistant.disclosure does not seem to say that the customer is talking to an AI (no AI, KI, IA, bot, artificial…): it must say so plainly.");
	if (handedBack !== undefined && !saysAi(handedBack)) warnings.push("assistant.handedBack does not seem to say that the customer is talking to an AI again (no AI, KI, IA, bot, artificial…): it must say so plainly.");
	if (config.handoff.triggers.customerRequest && !config.intents.some((intent) => intent.action === "handoff")) {
		warnings.push('no intent hands off ("action": "handoff"): a customer who asks for a person in words ("can I talk to someone?") gets the fallback, which offers one, instead of a person at once. Add one with the ways your customers ask, as the demo\'s contact_human.');
	}
	return [...warnings, ...greetingsNeverShown(config.widget.pageGreetings), ...shadowedRules(config.intents)];
}
