// A restart while the AI is still writing an answer (a deploy, a crash) must
// not leave the customer's message unanswered. Inside one workerd the restart
// is simulated by what it leaves behind: the stored message and its record
// that an answer is owed, with nobody answering it.
import { env } from "cloudflare:workers";
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { MessagePage, MessageSent } from "../../shared/protocol.ts";
import { call, send, startConversation } from "./api-client.ts";
import { cutOffMessage } from "./cut-off-message.ts";

const TEXT = "where is my order";

/** The owed answer of a message stored with this test's text. */
const cutOff = (conversationId: string, clientMessageId: string, dueAt: number) => cutOffMessage(conversationId, clientMessageId, dueAt, TEXT);

async function repliesTo(conversation: { id: string; token: string }, seq: number) {
	const response = await call(`/v1/conversations/${conversation.id}/messages`, { headers: { Authorization: `Bearer ${conversation.token}` } });
	return ((await response.json()) as MessagePage).messages.filter((message) => message.replyTo === seq);
}

describe("an answer cut off by a restart", () => {
	it("is given when the customer resends the message", async () => {
		const conversation = await startConversation();
		const seq = await cutOff(conversation.id, "cut-off-0001", Date.now() + 60_000);
		const resent = await send(conversation, TEXT, "cut-off-0001");
		expect(resent.status).toBe(200);
		const body = (await resent.json()) as MessageSent;
		expect(body).toMatchObject({ duplicate: true, message: { seq } });
		expect(body.replies).toEqual([expect.objectContaining({ role: "assistant", replyTo: seq })]);
		const again = (await (await send(conversation, TEXT, "cut-off-0001")).json()) as MessageSent;
		expect(again.replies.map((reply) => reply.seq)).toEqual(body.replies.map((reply) => reply.seq));
	});

	it("is given by the alarm once overdue, even if the customer never comes back", async () => {
		const conversation = await startConversation();
		const seq = await cutOff(conversation.id, "cut-off-0002", Date.now() - 1);
		expect(await repliesTo(conversation, seq)).toEqual([]);
		await runDurableObjectAlarm(env.CONVERSATIONS.get(env.CONVERSATIONS.idFromName(conversation.id)));
		expect(await repliesTo(conversation, seq)).toEqual([expect.objectContaining({ role: "assistant", explanation: expect.objectContaining({ intent: "order_status" }) })]);
	});

	it("counts its latency from the customer's message, not from the second attempt", async () => {
		const conversation = await startConversation();
		const seq = await cutOff(conversation.id, "cut-off-0005", Date.now() - 1);
		const stub = env.CONVERSATIONS.get(env.CONVERSATIONS.idFromName(conversation.id));
		// Written 30 seconds before the restart that cut its answer off.
		await runInDurableObject(stub, (_instance, state) => state.storage.sql.exec("UPDATE messages SET created_at = ? WHERE seq = ?", new Date(Date.now() - 30_000).toISOString(), seq));
		await runDurableObjectAlarm(stub);
		const [reply] = await repliesTo(conversation, seq);
		expect(reply.explanation?.latencyMs).toBeGreaterThanOrEqual(30_000);
	});

	it("is left to the person once the conversation is handed off: no AI reply, no second copy to the helpdesk", async () => {
		const conversation = await startConversation();
		const seq = await cutOff(conversation.id, "cut-off-0003", Date.now() - 1);
		const handoff = await call(`/v1/conversations/${conversation.id}/handoff`, { method: "POST", headers: { Authorization: `Bearer ${conversation.token}` } });
		expect(handoff.status).toBe(201);
		const stub = env.CONVERSATIONS.get(env.CONVERSATIONS.idFromName(conversation.id));
		await runDurableObjectAlarm(stub);
		expect(await repliesTo(conversation, seq)).toEqual([]);
		const left = await runInDurableObject(stub, (_instance, state) => ({
			owed: state.storage.sql.exec("SELECT seq FROM owed_answers").toArray(),
			forwarded: state.storage.sql.exec("SELECT 1 FROM webhooks WHERE type = 'conversation.message.created'").toArray(),
		}));
		expect(left).toEqual({ owed: [], forwarded: [] });
	});

	it("is not owed once the answer is stored", async () => {
		const conversation = await startConversation();
		const sent = (await (await send(conversation, TEXT)).json()) as MessageSent;
		const stub = env.CONVERSATIONS.get(env.CONVERSATIONS.idFromName(conversation.id));
		const owed = await runInDurableObject(stub, (_instance, state) => state.storage.sql.exec("SELECT seq FROM owed_answers").toArray());
		expect(sent.replies).toHaveLength(1);
		expect(owed).toEqual([]);
	});
});
