import { describe, expect, it } from "vitest";
import { parseSiteConfig } from "../../../shared/site-config.ts";
import { compileRules, matchRules } from "../../../worker/cascade/rules/explicit-rules.ts";

const { intents } = parseSiteConfig({
	intents: [
		{ id: "refunds", description: "Refunds", rules: { keywords: ["refund"] }, response: { text: "Refunds take 5 days." } },
		{ id: "talk_to_person", description: "Wants a person", rules: { phrases: ["real person"] }, action: "handoff" },
		{ id: "legal_threat", description: "Legal threats", rules: { keywords: ["lawyer"], patterns: ["\\bsue(d)?\\b"] }, sensitive: true },
		{ id: "returns", description: "Returns", rules: { phrases: ["send it back"] }, response: { text: "Returns are free." } },
	],
});
const rules = compileRules(intents);
const match = (text: string) => matchRules(rules, text);

describe("explicit rules", () => {
	it("match whole words and phrases, ignoring case, accents and punctuation", () => {
		expect(match("Where's my RÉFUND?")).toMatchObject({ intent: { id: "refunds" }, rule: 'keyword "refund"' });
		expect(match("can I SEND it back, please")).toMatchObject({ intent: { id: "returns" }, rule: 'phrase "send it back"' });
		expect(match("refunded twice")).toBeNull();
		expect(match("send it")).toBeNull();
	});

	it("let guardrails win: a sensitive intent before a hand-off before a routine answer, whatever the config order", () => {
		expect(match("I want a refund or my lawyer will hear about it")?.intent.id).toBe("legal_threat");
		expect(match("refund please, or let me talk to a real person")?.intent.id).toBe("talk_to_person");
		expect(match("a real person or I sue")).toMatchObject({ intent: { id: "legal_threat" }, rule: "pattern /\\bsue(d)?\\b/" });
	});

	it("decline what no rule covers", () => {
		expect(match("what colours does the mug come in")).toBeNull();
	});

	it("never throw and stay bounded on hostile input", () => {
		for (const text of ["", "🙂🙂🙂", "\uD800 lone surrogate", "退款 refund 返金", "a".repeat(1_000_000), "<script>alert(1)</script>"]) {
			expect(() => match(text)).not.toThrow();
		}
		const started = performance.now();
		match(`${"x ".repeat(500_000)}lawyer`);
		expect(performance.now() - started).toBeLessThan(1000);
	});
});
