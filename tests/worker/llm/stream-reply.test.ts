import { describe, expect, it } from "vitest";
import type { MessageParam, TextBlockParam } from "@anthropic-ai/sdk/resources/messages";
import { MAX_HISTORY_MESSAGES } from "../../../shared/site-config.ts";
import { jsonBodyBytes } from "../../../worker/cascade/llm/body-sending-turns.ts";
import { MAX_TOKENS_LIMIT, streamReply } from "../../../worker/cascade/llm/stream-reply.ts";
import { collect, INTENTS, replyRequest } from "./fixtures.ts";
import { receivedRequests, withScenario } from "./messages-api.ts";

interface SentBody {
	model: string;
	max_tokens: number;
	stream: boolean;
	system: TextBlockParam[];
	messages: MessageParam[];
}

async function sentBody(apiKey: string): Promise<SentBody> {
	const [request] = await receivedRequests(apiKey);
	return request.body as SentBody;
}

describe("streaming a reply from Claude", () => {
	it("passes text deltas on in order, as they arrive, and they add up to the reply", async () => {
		const chunks = ["<intent>delivery_time</intent>\n", "Standard", " delivery", " takes", " 3–5", " working", " days."];
		const apiKey = await withScenario({ kind: "reply", chunks, tokenDelayMs: 30 });
		const { outcome, deltas, arrivals } = await collect(replyRequest(apiKey));
		expect(outcome).toMatchObject({ ok: true, intent: "delivery_time", stopReason: "end_turn", model: "claude-haiku-4-5" });
		expect(deltas).toEqual(chunks.slice(1));
		expect(deltas.join("")).toBe(outcome.text);
		expect(outcome.text).toBe("Standard delivery takes 3–5 working days.");
		// Streamed, not buffered: the last delta came well after the first.
		expect(arrivals.at(-1)! - arrivals[0]).toBeGreaterThanOrEqual(100);
		if (!outcome.ok) return;
		expect(outcome.requestId).toMatch(/^req_/);
		expect(outcome.firstTokenMs).toBeGreaterThan(0);
		expect(outcome.usage.outputTokens).toBe(chunks.length);
	});

	it("never shows the intent line, even when it arrives split across deltas", async () => {
		const chunks = [" <int", "ent>return", "_pol", "icy</in", "tent>", "\n\n", "You can", " return it."];
		const apiKey = await withScenario({ kind: "reply", chunks });
		const { outcome, deltas } = await collect(replyRequest(apiKey, { latest: "Can I send it back?" }));
		expect(outcome).toMatchObject({ ok: true, intent: "return_policy", text: "You can return it." });
		expect(deltas.join("")).not.toMatch(/intent|[<>]/);
	});

	it("accepts only configured intent ids: none, a made-up id and a missing tag all give null", async () => {
		for (const [chunks, text] of [
			[["<intent>none</intent>\n", "I'm not sure. Shall I get a person?"], "I'm not sure. Shall I get a person?"],
			[["<intent>order_status</intent>\n", "Your order shipped."], "Your order shipped."],
			[["Happy", " to help."], "Happy to help."],
		] as const) {
			const apiKey = await withScenario({ kind: "reply", chunks: [...chunks] });
			const { outcome } = await collect(replyRequest(apiKey));
			expect(outcome).toMatchObject({ ok: true, intent: null, text });
		}
	});

	it("says the reply was cut off when it hit max_tokens, which is bounded whatever the caller asks", async () => {
		const apiKey = await withScenario({ kind: "reply", text: "one two three four five six" });
		const { outcome } = await collect(replyRequest(apiKey, { maxTokens: 3 }));
		expect(outcome).toMatchObject({ ok: true, stopReason: "max_tokens", text: "one two three" });

		const greedyKey = await withScenario({ kind: "reply", text: "fine" });
		await collect(replyRequest(greedyKey, { maxTokens: 1_000_000 }));
		expect((await sentBody(greedyKey)).max_tokens).toBe(MAX_TOKENS_LIMIT);
	});
});

describe("what the model is sent", () => {
	it("a stable system block with the policy and the site's intents, marked for prompt caching", async () => {
		const apiKey = await withScenario({ kind: "reply", text: "<intent>none</intent> Hi" });
		await collect(replyRequest(apiKey));
		const body = await sentBody(apiKey);
		expect(body).toMatchObject({ model: "claude-haiku-4-5", stream: true });
		expect(body.system).toHaveLength(1);
		expect(body.system[0].cache_control).toEqual({ type: "ephemeral" });
		const system = body.system[0].text;
		expect(system).toContain("Fern");
		expect(system).toMatch(/never invent order/i);
		expect(system).toContain("<intent>none</intent>");
		for (const intent of INTENTS) {
			expect(system).toContain(`id="${intent.id}"`);
			expect(system).toContain(intent.description);
			expect(system).toContain(intent.responseText);
		}
	});

	it("an intent without a written answer as one where the model offers a person", async () => {
		const apiKey = await withScenario({ kind: "reply", text: "<intent>talk_to_human</intent> I'll get someone." });
		const { outcome } = await collect(replyRequest(apiKey, { intents: [...INTENTS, { id: "talk_to_human", description: "Wants a person" }] }));
		expect(outcome).toMatchObject({ ok: true, intent: "talk_to_human" });
		expect((await sentBody(apiKey)).system[0].text).toMatch(/<topic id="talk_to_human">\n<description>Wants a person<\/description>\n<answer>\(none written: offer to connect the customer with a person\)<\/answer>/);
	});

	it("the same system text for every conversation of the site, so the second call reads it from the cache", async () => {
		const apiKey = await withScenario({ kind: "reply", text: "<intent>none</intent> Hi" });
		// Enough topics to pass the smallest prefix the default model caches (4,096 tokens for Claude Haiku 4.5).
		const intents = Array.from({ length: 100 }, (_, index) => ({ id: `topic_${index}`, description: `Questions about product line ${index}`, responseText: `Product line ${index} ships within two working days from our warehouse, and can be returned within thirty days.` }));
		const first = await collect(replyRequest(apiKey, { latest: "hello", intents }));
		const second = await collect(replyRequest(apiKey, { latest: "something else entirely", history: [{ role: "customer", text: "earlier" }], intents }));
		const [one, two] = await receivedRequests(apiKey);
		expect((one.body as SentBody).system).toEqual((two.body as SentBody).system);
		if (!first.outcome.ok || !second.outcome.ok) throw new Error("both calls should succeed");
		expect(first.outcome.usage.cacheCreationInputTokens).toBeGreaterThan(0);
		expect(second.outcome.usage.cacheReadInputTokens).toBe(first.outcome.usage.cacheCreationInputTokens);
	});

	it("a system text shorter than the model caches: billed in full, as the API does, with nothing read from the cache", async () => {
		const apiKey = await withScenario({ kind: "reply", text: "<intent>none</intent> Hi" });
		await collect(replyRequest(apiKey));
		const second = await collect(replyRequest(apiKey, { latest: "again" }));
		if (!second.outcome.ok) throw new Error("the call should succeed");
		expect(second.outcome.usage).toMatchObject({ cacheCreationInputTokens: 0, cacheReadInputTokens: 0 });
	});

	it("the recent conversation as alternating turns that start with the customer and end with the latest message", async () => {
		const apiKey = await withScenario({ kind: "reply", text: "<intent>none</intent> Ok" });
		await collect(
			replyRequest(apiKey, {
				history: [
					{ role: "assistant", text: "Hi! Ask me about orders." },
					{ role: "customer", text: "My parcel is late" },
					{ role: "assistant", text: "I'm sorry to hear that." },
					{ role: "agent", text: "Hello, this is Sam from the team." },
					{ role: "customer", text: "Hi Sam" },
				],
				latest: "Where is it?",
			}),
		);
		expect((await sentBody(apiKey)).messages).toEqual([
			{ role: "user", content: "My parcel is late" },
			{ role: "assistant", content: "I'm sorry to hear that.\n\n(A person from the support team wrote:) Hello, this is Sam from the team." },
			{ role: "user", content: "Hi Sam\n\nWhere is it?" },
		]);
	});

	it(`at most the ${MAX_HISTORY_MESSAGES} earlier messages the site config allows, the latest ones`, async () => {
		const apiKey = await withScenario({ kind: "reply", text: "<intent>none</intent> Ok" });
		const history = Array.from({ length: MAX_HISTORY_MESSAGES + 6 }, (_, index) => ({ role: index % 2 ? ("assistant" as const) : ("customer" as const), text: `turn ${index}` }));
		await collect(replyRequest(apiKey, { history, latest: "and now?" }));
		const sent = (await sentBody(apiKey)).messages as Array<{ content: string }>;
		expect(sent.map((message) => message.content).join("\n\n").match(/turn \d+/g)).toEqual(history.slice(-MAX_HISTORY_MESSAGES).map((turn) => turn.text));
	});

	it("personal data masked before a long message is cut, so no part of a card number is left at the cut", async () => {
		const apiKey = await withScenario({ kind: "reply", text: "<intent>none</intent> Ok" });
		// The card straddles the cut: a message is cut to its first 4,000 characters.
		const long = `${"a".repeat(3990)} 4111 1111 1111 1111 and more`;
		await collect(replyRequest(apiKey, { history: [{ role: "agent", text: long }], latest: long }));
		const sent = JSON.stringify(await sentBody(apiKey));
		expect(sent).not.toMatch(/4111/);
		expect(sent).toContain("[card]");
	});

	it("personal data masked, in the latest message and in the history", async () => {
		const apiKey = await withScenario({ kind: "reply", text: "<intent>none</intent> Thanks" });
		const { outcome } = await collect(
			replyRequest(apiKey, {
				history: [{ role: "customer", text: "I'm jane.doe@example.com, call me on +44 20 7946 0958" }],
				latest: "Card 4111 1111 1111 1111 was charged twice for order 1234567812345678; my SSN is 123-45-6789",
			}),
		);
		const sent = JSON.stringify(await sentBody(apiKey));
		for (const secret of ["jane.doe@example.com", "7946 0958", "4111 1111 1111 1111", "123-45-6789"]) expect(sent).not.toContain(secret);
		expect(sent).toContain("I'm [email], call me on [phone]");
		expect(sent).toContain("Card [card] was charged twice for order 1234567812345678; my SSN is [national_id]");
		expect(outcome.masked).toEqual(
			expect.arrayContaining([
				{ type: "email", count: 1 },
				{ type: "phone", count: 1 },
				{ type: "card", count: 1 },
				{ type: "national_id", count: 1 },
			]),
		);
	});

	it("the model asked for by the caller", async () => {
		const apiKey = await withScenario({ kind: "reply", text: "Hi" });
		const { outcome } = await collect(replyRequest(apiKey, { model: "claude-sonnet-4-6" }));
		expect((await sentBody(apiKey)).model).toBe("claude-sonnet-4-6");
		expect(outcome).toMatchObject({ ok: true, model: "claude-sonnet-4-6" });
	});
});

describe("saying when the request is out", () => {
	it("once, before the first token, and not before the turns workerd takes to send its body, 8 KiB a turn", async () => {
		const apiKey = await withScenario({ kind: "reply", chunks: ["<intent>none</intent>", "Hello"], firstTokenDelayMs: 100 });
		const events: string[] = [];
		const history = Array.from({ length: 6 }, (_, index) => ({ role: index % 2 ? ("assistant" as const) : ("customer" as const), text: `Ça coûte combien, la livraison ? ${"détail ".repeat(500)}` }));
		let turns = 0;
		let sentAfterTurns = -1;
		const countTurns = () => {
			turns++;
			if (sentAfterTurns < 0) setTimeout(countTurns, 0);
		};
		setTimeout(countTurns, 0);
		const onRequestSent = () => {
			sentAfterTurns = turns;
			events.push("sent");
		};
		const outcome = await streamReply({ ...replyRequest(apiKey, { history }), onRequestSent }, (delta) => events.push(delta));
		expect(outcome.ok).toBe(true);
		expect(events).toEqual(["sent", "Hello"]);
		const [request] = await receivedRequests(apiKey);
		const bodyTurns = Math.ceil(Number(request.headers["content-length"]) / 8192);
		expect(bodyTurns).toBeGreaterThanOrEqual(4);
		// The counter's turns and the body's interleave; told at once, it would have counted none.
		expect(sentAfterTurns).toBeGreaterThanOrEqual(bodyTurns - 1);
	});

	it("counting the body's bytes as the SDK sends them: its JSON, encoded", async () => {
		const apiKey = await withScenario({ kind: "reply", text: "Hi" });
		await collect(replyRequest(apiKey, { latest: "Où est mon colis ? Ça fait 3–5 jours… 📦" }));
		const [request] = await receivedRequests(apiKey);
		expect(jsonBodyBytes(request.body)).toBe(Number(request.headers["content-length"]));
	});
});
