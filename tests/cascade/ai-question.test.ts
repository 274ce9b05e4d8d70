import { describe, expect, it } from "vitest";
import { AI_QUESTION_RULE, isAiQuestion } from "../../worker/cascade/rules/ai-question.ts";
import { createTier1 } from "../../worker/cascade/tier1.ts";
import { classify, compileMatcher } from "../../worker/cascade/matcher/index.ts";
import { parseSiteConfig } from "../../shared/site-config.ts";

describe("asking whether it is an AI", () => {
	it.each([
		"are you a bot?",
		"Are you a real person?",
		"am I talking to a human",
		"Am I chatting with a bot or a person?",
		"is this an AI?",
		"you're a robot, right?",
		"Hi! Are you human?",
		"r u a bot lol",
		"i think your a bot",
		"Are you an A.I.?",
		"are you really a person",
		"hello, are you a bot? I need help with my order",
		"Bist du ein Bot?",
		"Spreche ich mit einem Menschen?",
		"Est-ce que je parle à un humain ?",
		"Êtes-vous une vraie personne ?",
		"¿Eres un bot?",
		"¿Estoy hablando con una persona real?",
		"هل أنت روبوت؟",
		"هل أتحدث مع شخص حقيقي؟",
	])("finds it in %j", (text) => {
		expect(isAiQuestion(text)).toBe(true);
	});

	it.each([
		"is this real leather?",
		"I got an email saying my account is locked, is this real?",
		"is this automated? I was charged twice",
		"can I talk to a human",
		"are you open on sunday",
		"are you human enough to refund me",
		"is this robot vacuum in stock",
		"your bot is useless, I want my money back",
		"is your human team available today",
		"are you a real company",
		"is this machine washable",
		"how old are you",
		"c'est humain de se tromper",
		"هل أنت متأكد؟",
	])("does not take %j for it", (text) => {
		expect(isAiQuestion(text)).toBe(false);
	});
});

describe("tier 1 on a question whether it is an AI", () => {
	const config = parseSiteConfig({
		intents: [
			{ id: "opening_hours", description: "When the studio is open", examples: ["are you open on sunday", "when are you open", "what time do you close tonight"], response: { text: "Daily, 7 to 21." } },
			{ id: "about_sol", description: "Who Sol is", examples: ["are you a bot", "are you a chatbot", "is sol a bot"], rules: { keywords: ["robot"] }, response: { text: "Sol is our studio's bot." } },
		],
	});
	const model = compileMatcher(config.intents.flatMap((intent) => intent.examples.map((text) => ({ text, intent: intent.id }))));
	const tier1 = createTier1(config, model);

	it("answers before the matcher, with no intent, even where the site has examples for it", () => {
		expect(classify(model, "are you a bot?").intent).toBe("about_sol");
		expect(tier1("are you a bot?")).toEqual({ tier: "rule", intent: null, confidence: 1, rule: AI_QUESTION_RULE });
	});

	it("lets the site's own rules word the answer", () => {
		expect(tier1("are you a robot?")).toMatchObject({ tier: "rule", intent: { id: "about_sol" }, rule: 'keyword "robot"' });
	});
});
