// Tier 1 through the whole worker and the real Durable Object, without an API key (tier 2 off).
import { describe, expect, it } from "vitest";
import type { MessageSent } from "../../../shared/protocol.ts";
import { siteConfig } from "../../../worker/config/site-config.ts";
import { CONFIRMED_SUGGESTION } from "../../../worker/replies/reply-pipeline.ts";
import { call, send, startConversation } from "../api-client.ts";
import { storedCounts } from "../claude-budget-shards.ts";

async function reply(text: string): Promise<MessageSent> {
	const response = await send(await startConversation(), text);
	expect(response.status).toBe(201);
	return (await response.json()) as MessageSent;
}

/** A new conversation, as what its customer says and what comes back, message after message. */
async function customerSaying(): Promise<(text: string) => Promise<MessageSent>> {
	const conversation = await startConversation();
	return async (text) => (await (await send(conversation, text)).json()) as MessageSent;
}

describe("the cascade without Claude", () => {
	it("answers routine questions from the matcher, with quick replies where the intent has them", async () => {
		const sent = await reply("I'd like to return the mug I ordered, how does that work?");
		expect(sent.replies).toEqual([
			expect.objectContaining({ role: "assistant", explanation: expect.objectContaining({ tier: "matcher", intent: "return_item" }), quickReplies: ["When do I get my refund?"] }),
		]);
		expect(sent.replies[0].explanation?.confidence).toBeGreaterThanOrEqual(0.8);
	});

	it("extracts entities onto the customer's message and uses them in the answer", async () => {
		const sent = await reply("my order 00123842 hasn't arrived");
		expect(sent.message.entities).toEqual([expect.objectContaining({ type: "order_id", value: "00123842" })]);
		expect(sent.replies[0].explanation?.intent).toBe("order_status");
		expect(sent.replies[0].text).toContain("order 00123842");
	});

	it("tells a parcel that arrived broken from one that has not arrived: a complaint is not answered with tracking", async () => {
		for (const text of ["my parcel 12345678 arrived broken", "I received the wrong item", "the kettle arrived damaged"]) {
			expect((await reply(text)).replies[0].explanation, text).toMatchObject({ tier: "matcher", intent: "damaged_or_wrong_item" });
		}
		expect((await reply("my parcel 12345678 hasn't arrived")).replies[0].explanation).toMatchObject({ tier: "matcher", intent: "order_status" });
	});

	// Each of these had a confident wrong answer in the demo store (an e-mail address taken for a delivery address, a
	// complaint for a sign-up), found by asking it what shoppers ask.
	it.each([
		["the courier says delivered but I don't have it", "parcel_not_received"],
		["my parcel was delivered to the wrong address", "parcel_not_received"],
		["how do I change my email address", "update_account_details"],
		["update my address", "change_shipping_address"],
		["I want to cancel my subscription", "newsletter"],
		["I want to cancel my order", "cancel_order"],
	])("answers %j with %s", async (text, intent) => {
		expect((await reply(text)).replies[0].explanation).toMatchObject({ tier: "matcher", intent });
	});

	it("passes a complaint to a person rather than answer it", async () => {
		const sent = await reply("I want to make a complaint");
		expect(sent.replies[0].explanation).toMatchObject({ tier: "matcher", intent: "contact_human" });
		expect(sent.state.owner).toBe("human");
	});

	it("keeps entities of any message, answered or not", async () => {
		const sent = await reply("please write to sam@example.com about my premium account");
		expect(sent.message.entities).toEqual(
			expect.arrayContaining([expect.objectContaining({ type: "email", value: "sam@example.com" }), expect.objectContaining({ type: "account_type", value: "premium" })]),
		);
	});

	it("counts 'yesterday' from the customer's day where Cloudflare places them, and from UTC's where it cannot", async () => {
		const yesterdayIn = (timeZone: string) => new Intl.DateTimeFormat("en-CA", { timeZone }).format(Date.now() - 86_400_000);
		const yesterday = async (cf: { timezone: string } | undefined, countedIn: string) => {
			const conversation = await startConversation();
			const before = yesterdayIn(countedIn);
			const response = await call(`/v1/conversations/${conversation.id}/messages`, {
				method: "POST",
				headers: { Authorization: `Bearer ${conversation.token}` },
				json: { clientMessageId: crypto.randomUUID(), text: "it arrived broken yesterday" },
				...(cf ? { cf } : {}),
			});
			const after = yesterdayIn(countedIn);
			const normalized = ((await response.json()) as MessageSent).message.entities?.[0]?.normalized;
			// A day may turn between the two readings.
			expect([before, after]).toContain(normalized);
			return normalized;
		};
		// Fourteen hours ahead of UTC and eleven behind: never on the same day.
		expect(await yesterday({ timezone: "Pacific/Kiritimati" }, "Pacific/Kiritimati")).not.toBe(await yesterday({ timezone: "Pacific/Pago_Pago" }, "Pacific/Pago_Pago"));
		await yesterday({ timezone: "Mars/Olympus_Mons" }, "UTC");
	});

	it("answers hello, thanks, ok and goodbye from the demo's rules, so small talk never counts as a failure", async () => {
		const conversation = await startConversation();
		const said: Array<[string, string]> = [
			["hi", "greeting"],
			["Thanks!", "thanks"],
			["ok", "thanks"],
			["no thanks", "goodbye"],
			["bye", "goodbye"],
		];
		for (const [text, intent] of said) {
			const sent = (await (await send(conversation, text)).json()) as MessageSent;
			expect(sent.replies[0].explanation, text).toMatchObject({ tier: "rule", intent });
			expect(sent.state.owner).toBe("ai");
		}
		// Only small talk: "ok, where is my order?" is a question.
		expect((await reply("ok, where is my order 00123842?")).replies[0].explanation?.intent).toBe("order_status");
	});

	it("takes the demo's account types only where an account is meant", async () => {
		const types = (sent: { message: { entities?: Array<{ type: string }> } }) => (sent.message.entities ?? []).map((entity) => entity.type);
		expect(types(await reply("how long does standard delivery take"))).toEqual([]);
		expect(types(await reply("I want to upgrade to business"))).toEqual(["account_type"]);
	});

	it("uses the placeholder's fallback when the message has no such entity", async () => {
		const sent = await reply("where is my order?");
		expect(sent.replies[0].text).toContain("You can follow your order under");
	});

	it("hands a sensitive message to a person, even inside a routine question", async () => {
		const sent = await reply("I want my refund now or my lawyer will be in touch");
		expect(sent.replies).toEqual([
			expect.objectContaining({ role: "system", kind: "handoff_requested", text: expect.stringContaining(siteConfig.assistant.handoff), explanation: expect.objectContaining({ tier: "rule", intent: "legal_threat", rule: 'keyword "lawyer"' }) }),
		]);
	});

	it("hands off when the customer asks for a person in words", async () => {
		const sent = await reply("can I please talk to a human about this");
		expect(sent.replies.map((message) => message.kind)).toEqual(["handoff_requested"]);
		expect(sent.replies[0].explanation).toMatchObject({ tier: "rule", intent: "contact_human" });
	});

	it("answers “are you a bot?” with the disclosure, where the matcher would have handed off, and counts it as no failure", async () => {
		const said = await customerSaying();
		expect((await said("what's the capital of Mongolia")).replies[0].explanation?.tier).toBe("fallback");
		// The demo's matcher reads this as contact_human (0.77) and would hand the customer off unasked.
		const asked = await said("Are you human?");
		expect(asked.replies).toEqual([expect.objectContaining({ role: "assistant", text: siteConfig.assistant.disclosure, explanation: expect.objectContaining({ tier: "rule", intent: null, rule: "built-in: asked whether it is an AI" }) })]);
		// A second fallback in a row would hand off (handoff.failuresBeforeHandoff is 2): the answer between broke the row.
		const after = await said("what's the capital of Peru");
		expect(after.replies.map((message) => message.kind)).toEqual(["text"]);
		expect(after.state.owner).toBe("ai");
	});

	it("offers a person instead of guessing at what fits no intent", async () => {
		const sent = await reply("what's the capital of Mongolia");
		expect(sent.replies[0]).toMatchObject({ text: siteConfig.assistant.fallback, explanation: { tier: "fallback", intent: null } });
	});

	it("asks which it means, with a button for each, where the matcher is torn between a few intents; a button is then answered", async () => {
		const said = await customerSaying();
		const asked = await said("order");
		expect(asked.replies).toEqual([
			expect.objectContaining({
				text: siteConfig.assistant.clarify,
				quickReplies: ["I want to cancel my order", "Can I change my order", "Where is my order"],
				explanation: expect.objectContaining({ tier: "fallback", intent: null }),
			}),
		]);
		const chosen = await said("Where is my order");
		expect(chosen.replies[0].explanation).toMatchObject({ tier: "matcher", intent: "order_status" });
	});

	it("suggests the one intent the matcher leaned to but would not answer, and answers a yes to it with that intent", async () => {
		const said = await customerSaying();
		const suggested = await said("bill of order 00123842");
		expect(suggested.replies).toEqual([
			expect.objectContaining({
				text: siteConfig.assistant.suggest,
				quickReplies: ["Where is my order"],
				explanation: expect.objectContaining({ tier: "fallback", intent: null, choices: ["order_status"] }),
			}),
		]);
		const yes = await said("yes please");
		const orderStatus = siteConfig.intents.find((intent) => intent.id === "order_status");
		// Answered with what the message suggested for named: the order number.
		expect(yes.replies).toEqual([
			expect.objectContaining({ text: orderStatus?.response?.text.replace("{order_id|your order}", "order 00123842"), explanation: expect.objectContaining({ tier: "rule", intent: "order_status", rule: CONFIRMED_SUGGESTION }) }),
		]);
		expect(yes.state.owner).toBe("ai");
		// "ok" is a yes too, though the demo's thanks rule takes it anywhere else.
		await said("bill of order 00123842");
		const ok = await said("ok");
		expect(ok.replies[0].explanation).toMatchObject({ tier: "rule", intent: "order_status", rule: CONFIRMED_SUGGESTION });
		expect(ok.state.owner).toBe("ai");
		// "connect me" takes the person the suggestion offers instead.
		await said("bill of order 00123842");
		expect((await said("connect me")).state.owner).toBe("human");
	});

	it("counts nothing in the Claude budget, not even ahead as a conversation starts", async () => {
		await reply("what's the capital of Mongolia");
		// What a start's reservation would take (it is sent as the start answers) has had time to arrive.
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect(await storedCounts("claude/day")).toEqual([0, 0, 0, 0]);
	});

	it("answers hostile input with a reply, never an error", async () => {
		for (const text of ["🙂🙂🙂", "退款 返金 استرداد", "\u202Eevil\u202C order", "<script>alert(1)</script>", "a".repeat(siteConfig.limits.maxMessageLength)]) {
			const sent = await reply(text);
			expect(sent.replies.length).toBeGreaterThan(0);
		}
	});
});
