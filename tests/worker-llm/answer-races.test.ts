// What happens to an answer while Claude is still writing it, when something else reaches the
// conversation meanwhile: the real object, the real SDK, and the stand-in holding its first token.
import { env } from "cloudflare:workers";
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { MessagePage, MessageSent } from "../../shared/protocol.ts";
import { sha256 } from "../../worker/crypto/secrets.ts";
import type { Conversation } from "../../worker/conversation/conversation-object.ts";
import type { Sender } from "../../worker/conversation/question.ts";
import { hasCallReservedAhead, takeClaudeCall } from "../../worker/limits/claude-calls-ahead.ts";
import { call, send, startConversation } from "../worker/api-client.ts";
import { callsCountedToday, holdShardsBusy } from "../worker/claude-budget-shards.ts";
import { clientClaudeCalls } from "../worker/client-claude-calls.ts";
import { cutOffMessage } from "../worker/cut-off-message.ts";
import { deliverNow, processed, stubOf } from "../worker/handoff/receiver.ts";

const apiKey = env.ANTHROPIC_API_KEY as string;
const UNMATCHED = "Do you also make custom wedding gift boxes?";
const ANOTHER_UNMATCHED = "Can I pay with a cheque drawn on a Swiss bank?";

async function slowModel(firstTokenDelayMs: number) {
	const scenario = { kind: "reply", chunks: ["<intent>none</intent>", "We don't make gift boxes."], firstTokenDelayMs };
	const response = await fetch(`${env.ANTHROPIC_BASE_URL}/__control`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ apiKey, scenario }) });
	expect(response.ok).toBe(true);
}

async function messagesOf(conversation: { id: string; token: string }) {
	const response = await call(`/v1/conversations/${conversation.id}/messages`, { headers: { Authorization: `Bearer ${conversation.token}` } });
	return ((await response.json()) as MessagePage).messages;
}

/** The KPIs' count of customer messages, over today and the days either side. */
async function customerMessagesCounted(): Promise<number> {
	const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
	const response = await call(`/v1/admin/kpis?from=${day(-1)}&to=${day(1)}`, { headers: { Authorization: "Bearer test-admin-token" } });
	return ((await response.json()) as { totals: { messages: number } }).totals.messages;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A conversation whose first message to Claude finds its call reserved ahead, as when the customer took a moment to type it: the request then goes out at once. */
async function conversationWithCallReservedAhead() {
	const conversation = await startConversation();
	await expect.poll(() => hasCallReservedAhead()).toBe(true);
	return conversation;
}

describe("while Claude is writing an answer", () => {
	it("a hand-off to a person silences it: no AI reply after the customer was passed on", async () => {
		const messagesBefore = await customerMessagesCounted();
		await slowModel(800);
		const conversation = await startConversation();
		const sending = send(conversation, UNMATCHED);
		await pause(200);
		const handoff = await call(`/v1/conversations/${conversation.id}/handoff`, { method: "POST", headers: { Authorization: `Bearer ${conversation.token}` } });
		expect(handoff.status).toBe(201);
		const sent = (await (await sending).json()) as MessageSent;
		expect(sent.replies).toEqual([]);
		const kinds = (await messagesOf(conversation)).map((message) => `${message.role}/${message.kind}`);
		expect(kinds).toEqual(["system/disclosure", "customer/text", "system/handoff_requested"]);
		// The customer's message still counts, as one a person answers.
		await expect.poll(customerMessagesCounted, { timeout: 10_000 }).toBe(messagesBefore + 1);
	});

	it("an owed answer the customer's resend gave is not given again by the alarm", async () => {
		await slowModel(800);
		const conversation = await startConversation();
		// Two answers owed after a restart: the first goes to Claude, the second tier 1 answers at once.
		await cutOffMessage(conversation.id, "race-claude-01", Date.now() - 1, UNMATCHED);
		const second = await cutOffMessage(conversation.id, "race-tier1-001", Date.now() - 1, "where is my order");
		const alarm = runDurableObjectAlarm(env.CONVERSATIONS.get(env.CONVERSATIONS.idFromName(conversation.id)));
		await pause(200);
		const resent = (await (await send(conversation, "where is my order", "race-tier1-001")).json()) as MessageSent;
		expect(resent.replies).toHaveLength(1);
		await alarm;
		expect((await messagesOf(conversation)).filter((message) => message.replyTo === second)).toHaveLength(1);
	});

	it("a resend while the first answer is still being written (the first stream was cut) gets that answer, once", async () => {
		await slowModel(800);
		const conversation = await startConversation();
		const first = send(conversation, UNMATCHED, "resend-while-writing");
		await pause(200);
		const resent = (await (await send(conversation, UNMATCHED, "resend-while-writing")).json()) as MessageSent;
		expect(resent).toMatchObject({ duplicate: true, replies: [expect.objectContaining({ role: "assistant", text: "We don't make gift boxes." })] });
		const original = (await (await first).json()) as MessageSent;
		expect(resent.replies.map((reply) => reply.seq)).toEqual(original.replies.map((reply) => reply.seq));
		expect((await messagesOf(conversation)).filter((message) => message.role === "assistant")).toHaveLength(1);
	});

	it("a failure storing the reply ends the customer's stream, rather than leaving it open with nothing to come", async () => {
		await slowModel(800);
		const conversation = await startConversation();
		const response = await call(`/v1/conversations/${conversation.id}/messages`, {
			method: "POST",
			headers: { Authorization: `Bearer ${conversation.token}`, Accept: "text/event-stream" },
			json: { clientMessageId: "storage-fails-01", text: UNMATCHED },
		});
		expect(response.status).toBe(200);
		// Storage fails under the answer while Claude writes it: the reply cannot be stored.
		await runInDurableObject(env.CONVERSATIONS.get(env.CONVERSATIONS.idFromName(conversation.id)), (_, state) => {
			state.storage.sql.exec("ALTER TABLE messages RENAME TO messages_unavailable");
		});
		const reader = response.body!.getReader();
		const ended = (async () => {
			for (;;) if ((await reader.read()).done) return "closed";
		})().catch(() => "failed");
		const open = pause(5_000).then(() => "still open");
		expect(await Promise.race([ended, open])).toBe("failed");
	});

	it("the alarm that would answer it after a restart is set, and moves on once the answer is stored", async () => {
		await slowModel(600);
		const conversation = await startConversation();
		const stub = env.CONVERSATIONS.get(env.CONVERSATIONS.idFromName(conversation.id));
		const alarmIn = async () => ((await runInDurableObject(stub, (_, state) => state.storage.getAlarm())) as number) - Date.now();
		const sending = send(conversation, UNMATCHED);
		await pause(300);
		expect(await alarmIn()).toBeLessThan(10_000);
		expect(((await (await sending).json()) as MessageSent).replies).toHaveLength(1);
		// Left at the answer's grace period, it would wake the object for nothing seconds later.
		expect(await alarmIn()).toBeGreaterThan(86_400_000);
	});
});

// A message whose answer asks Claude is stored only once Claude's request is wholly out (a write would hold
// the rest of it back until storage confirms it), a turn or more later: what reaches the conversation meanwhile.
describe("while a message's request to Claude goes out, before the message is stored", () => {
	it("the same message sent again at that moment waits for it: one message, one answer, given to both", async () => {
		await slowModel(300);
		const conversation = await conversationWithCallReservedAhead();
		const responses = await Promise.all([send(conversation, UNMATCHED, "same-moment-01"), send(conversation, UNMATCHED, "same-moment-01")]);
		expect(responses.map((response) => response.status).sort()).toEqual([200, 201]);
		const [first, second] = (await Promise.all(responses.map((response) => response.json()))) as MessageSent[];
		expect(second.message.seq).toBe(first.message.seq);
		expect(second.replies.map((reply) => reply.seq)).toEqual(first.replies.map((reply) => reply.seq));
		const messages = await messagesOf(conversation);
		expect(messages.filter((message) => message.role === "customer")).toHaveLength(1);
		expect(messages.filter((message) => message.role === "assistant")).toHaveLength(1);
	});

	it("messages sent right behind it are stored after it, in the order they came, whichever tier answers them", async () => {
		await slowModel(300);
		const conversation = await conversationWithCallReservedAhead();
		const texts = [UNMATCHED, ANOTHER_UNMATCHED, "where is my order"];
		const sent = (await Promise.all((await Promise.all(texts.map((text) => send(conversation, text)))).map((response) => response.json()))) as MessageSent[];
		expect(sent.map((exchange) => exchange.message.text)).toEqual(texts);
		const customers = (await messagesOf(conversation)).filter((message) => message.role === "customer");
		expect(customers.map((message) => message.text)).toEqual(texts);
		expect(sent.map((exchange) => exchange.message.seq)).toEqual(customers.map((message) => message.seq));
	});

	it("a resend right behind another message that goes to Claude finds its first: stored once, answered once", async () => {
		await slowModel(300);
		const conversation = await conversationWithCallReservedAhead();
		const responses = await Promise.all([send(conversation, UNMATCHED), send(conversation, ANOTHER_UNMATCHED, "behind-001"), send(conversation, ANOTHER_UNMATCHED, "behind-001")]);
		expect(responses.map((response) => response.status)).toEqual([201, 201, 200]);
		const messages = await messagesOf(conversation);
		expect(messages.filter((message) => message.role === "customer").map((message) => message.text)).toEqual([UNMATCHED, ANOTHER_UNMATCHED]);
		expect(messages.filter((message) => message.role === "assistant")).toHaveLength(2);
	});

	/** Calls counted in today's Claude budget, once what earlier requests left running has stopped changing it. */
	async function settledCallsCounted(): Promise<number> {
		let last = -1;
		let now = await callsCountedToday();
		while (now !== last) {
			last = now;
			await pause(300);
			now = await callsCountedToday();
		}
		return now;
	}

	// Called on the object itself, one right after the other: the second lands while the first waits for its request to go out.
	async function sendAndThen(conversation: { id: string; token: string }, then: (object: Conversation, tokenHash: string) => Promise<unknown>, sender: Sender = {}) {
		const tokenHash = await sha256(conversation.token);
		return runInDurableObject(stubOf(conversation.id), async (object: Conversation) => {
			const sending = object.send(tokenHash, { clientMessageId: "in-that-turn-01", text: UNMATCHED }, sender);
			await then(object, tokenHash);
			return sending;
		});
	}

	it("a hand-off then: the message is the person's, stored after the notice and sent on to the helpdesk, with no AI reply", async () => {
		await slowModel(300);
		const conversation = await conversationWithCallReservedAhead();
		const sent = await sendAndThen(conversation, (object, tokenHash) => object.requestHuman(tokenHash));
		expect(sent).toMatchObject({ ok: true, replies: [], message: { role: "customer", text: UNMATCHED } });
		const kinds = (await messagesOf(conversation)).map((message) => `${message.role}/${message.kind}`);
		expect(kinds).toEqual(["system/disclosure", "system/handoff_requested", "customer/text"]);
		await deliverNow(conversation.id);
		const webhooks = await processed(conversation.id);
		expect(webhooks.map((webhook) => webhook.type)).toEqual(["handoff.created", "conversation.message.created"]);
		expect(webhooks[1].data).toMatchObject({ message: { role: "customer", text: UNMATCHED } });
	});

	it("an erasure then: the message is not stored, its sender is told the conversation is gone, and its Claude call is given back", async () => {
		await slowModel(300);
		const conversation = await conversationWithCallReservedAhead();
		const counted = await settledCallsCounted();
		const clientIp = "198.51.100.61";
		const sent = await sendAndThen(conversation, (object, tokenHash) => object.erase({ role: "customer", tokenHash }), { clientIp });
		expect(sent).toEqual({ ok: false, reason: "not_found" });
		// And the Claude call taken for its answer is given back (when it was one reserved ahead, the next is reserved in its place).
		expect(await settledCallsCounted()).toBe(counted);
		// Nor is the customer's own share of Claude's calls spent on a call never made.
		expect(await clientClaudeCalls(clientIp)).toBeUndefined();
	});
});

describe("when a message whose answer asks Claude is stored", () => {
	/** Turns of the object's event loop from the message's arrival until it is stored; its answer must be Claude's. */
	async function turnsUntilStored(conversation: { id: string; token: string }, text: string): Promise<{ turns: number; stored: Promise<unknown> }> {
		const tokenHash = await sha256(conversation.token);
		return runInDurableObject(stubOf(conversation.id), async (object: Conversation) => {
			const sending = object.send(tokenHash, { clientMessageId: `stored-${crypto.randomUUID().slice(0, 8)}`, text }, {});
			const storedYet = () => {
				const transcript = object.transcript();
				return transcript.ok && transcript.messages.some((message) => message.role === "customer");
			};
			let turns = 0;
			while (!storedYet()) {
				await pause(0);
				turns++;
			}
			return { turns, stored: sending };
		});
	}

	it("once the whole request to Claude is out: a turn later for each 8 KiB more of it", async () => {
		await slowModel(300);
		const short = await turnsUntilStored(await conversationWithCallReservedAhead(), UNMATCHED);
		// Some 12 KB more of prompt: three bytes a character, up to the 4,000 characters of a message the prompt keeps.
		const long = await turnsUntilStored(await conversationWithCallReservedAhead(), `${UNMATCHED} ${"贈答用の箱の特注について".repeat(330)}`);
		for (const { stored } of [short, long]) expect(await stored).toMatchObject({ ok: true, replies: [{ explanation: { tier: "llm" } }] });
		expect(long.turns).toBeGreaterThan(short.turns);
	});

	it("at once when no call was reserved ahead, rather than after the budget's shards, slow to reserve one, answer", async () => {
		await slowModel(300);
		const conversation = await conversationWithCallReservedAhead();
		expect(await takeClaudeCall(env, Infinity, () => {})).not.toBeNull();
		let shardsBusy = true;
		const busy = holdShardsBusy(1500).then(() => {
			shardsBusy = false;
		});
		await pause(100);
		const { stored } = await turnsUntilStored(conversation, UNMATCHED);
		expect(shardsBusy).toBe(true);
		expect(await stored).toMatchObject({ ok: true, replies: [{ explanation: { tier: "llm" } }] });
		await busy;
	});
});
