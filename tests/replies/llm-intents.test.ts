import { describe, expect, it } from "vitest";
import { systemBlocks } from "../../worker/cascade/llm/prompt.ts";
import matcherModel from "../../worker/generated/matcher-model.json";
import { compiledSite, compileSite } from "../../worker/config/compiled-site.ts";
import type { MatcherModel } from "../../worker/cascade/matcher/index.ts";

const PLACEHOLDER = /\{[a-z][a-z0-9_]*\|[^{}]*\}/;

describe("the owner's answers as Claude sees them", () => {
	it("fills placeholders with their fallback wording, so Claude has none to copy into a reply", () => {
		const seen = systemBlocks(compiledSite.config.assistant.name, compiledSite.llmIntents)[0].text;
		expect(seen).not.toMatch(PLACEHOLDER);
		expect(seen).toContain("You can follow your order under Orders in your account");
	});

	it("writes the owner's light formatting out as the plain text Claude is asked to reply in", () => {
		const [intent] = compiledSite.config.intents;
		const answer = "See **Returns** or [our returns page](https://shop.example/returns) for {order_id|the order}.";
		const site = compileSite({ ...compiledSite.config, intents: [{ ...intent, response: { text: answer, quickReplies: [] } }] }, matcherModel as MatcherModel);
		expect(site.llmIntents[0].responseText).toBe("See Returns or our returns page (https://shop.example/returns) for the order.");
	});
});
