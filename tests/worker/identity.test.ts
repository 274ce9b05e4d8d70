import { env } from "cloudflare:workers";
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { ConversationCreated, ConversationState, MessagePage } from "../../shared/protocol.ts";
import { webhookEventSchema } from "../../shared/webhook-events.ts";
import { identityHash } from "../../worker/http/identity.ts";
import { MAX_CUSTOMER_UPDATES } from "../../worker/limits/conversation-limits.ts";
import { AGENT, deliverNow, processed, webhooksOf } from "./handoff/receiver.ts";
import worker from "../../worker/index.ts";
import { call, errorOf, startConversation } from "./api-client.ts";

const SECRET = "test-identity-secret";

describe("Frontdesk.identify()", () => {
	it("verifies an identity whose hash is the HMAC-SHA256 of its id, e-mail and name with the site's secret", async () => {
		const hash = await identityHash(SECRET, { id: "cus_123", name: "Sarah" });
		const response = await call("/v1/identity", { method: "POST", json: { id: "cus_123", name: "Sarah", hash } });
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ verified: true, name: "Sarah" });
	});

	it("refuses a forged hash, one made for another id, and a real one given with an e-mail or name it did not sign", async () => {
		const forged = await call("/v1/identity", { method: "POST", json: { id: "cus_123", name: "Sarah", hash: "0".repeat(64) } });
		expect(forged.status).toBe(401);
		expect(await errorOf(forged)).toMatchObject({ code: "unauthorized" });
		const other = await call("/v1/identity", { method: "POST", json: { id: "cus_999", hash: await identityHash(SECRET, { id: "cus_123" }) } });
		expect(other.status).toBe(401);
		// A customer with an account of their own, their real hash, and someone else's address.
		const own = await identityHash(SECRET, { id: "cus_123", email: "sam@example.com" });
		const claimed = await call("/v1/conversations", { method: "POST", json: { identity: { id: "cus_123", email: "ceo@example.com", name: "CEO", hash: own } } });
		expect(claimed.status).toBe(401);
		expect((await call("/v1/identity", { method: "POST", json: { id: "cus_123", email: "sam@example.com", name: "Sam", hash: own } })).status).toBe(401);
	});

	it("says identity verification is off when FRONTDESK_IDENTITY_SECRET is not set, rather than blame the hash", async () => {
		const identity = { id: "cus_123", name: "Sarah", hash: await identityHash(SECRET, { id: "cus_123", name: "Sarah" }) };
		for (const [path, body] of [["/v1/identity", identity], ["/v1/conversations", { identity }]] as const) {
			const ctx = createExecutionContext();
			const request = new Request(`https://frontdesk.test${path}`, { method: "POST", headers: { Origin: "http://localhost:8787", "Content-Type": "application/json" }, body: JSON.stringify(body) });
			const response = await worker.fetch(request, { ...env, FRONTDESK_IDENTITY_SECRET: undefined }, ctx);
			await waitOnExecutionContext(ctx);
			expect(response.status).toBe(401);
			expect(await errorOf(response)).toEqual({ code: "unauthorized", message: expect.stringMatching(/^Identity verification is off: FRONTDESK_IDENTITY_SECRET is not set/) });
		}
	});

	it("refuses a line break in the id or the name, which could make one signed text read as another identity", async () => {
		// Signed for id "42" and the name "victim@example.com\nBob": read as id "42\nme@example.com" and name "Bob", the same three lines.
		for (const identity of [{ id: "42\nme@example.com", email: "victim@example.com", name: "Bob" }, { id: "42", name: "Sam\r\nx" }]) {
			const response = await call("/v1/identity", { method: "POST", json: { ...identity, hash: await identityHash(SECRET, identity) } });
			expect(response.status).toBe(400);
			expect(await errorOf(response)).toMatchObject({ code: "invalid_request", message: expect.stringMatching(/^(id|name): must not contain line breaks/) });
		}
	});

	it("puts a verified customer on the ticket as verified, and refuses to start a conversation as a forged one", async () => {
		const identity = { id: "cus_42", email: "sarah@example.com", name: "Sarah", hash: await identityHash(SECRET, { id: "cus_42", email: "sarah@example.com", name: "Sarah" }) };
		const created = (await (await call("/v1/conversations", { method: "POST", json: { identity } })).json()) as ConversationCreated;
		const { id, token } = created.conversation;
		await call(`/v1/conversations/${id}/handoff`, { method: "POST", headers: { Authorization: `Bearer ${token}` } });
		await deliverNow(id);
		const [ticket] = await processed(id);
		expect(ticket.data.customer).toEqual({ id: "cus_42", email: "sarah@example.com", emailSource: "signed_in", name: "Sarah", verified: true });

		const forged = await call("/v1/conversations", { method: "POST", json: { identity: { ...identity, hash: "1".repeat(64) } } });
		expect(forged.status).toBe(401);
	});

	it("keeps a verified customer's e-mail address the one the site signed: none from the chat reaches the ticket as theirs", async () => {
		const identity = { id: "cus_43", name: "Sam", hash: await identityHash(SECRET, { id: "cus_43", name: "Sam" }) };
		const created = (await (await call("/v1/conversations", { method: "POST", json: { identity } })).json()) as ConversationCreated;
		const { id, token } = created.conversation;
		const auth = { Authorization: `Bearer ${token}` };
		await call(`/v1/conversations/${id}/messages`, { method: "POST", headers: auth, json: { clientMessageId: "verified-0001", text: "write to ceo@example.com please" } });
		const handoff = (await (await call(`/v1/conversations/${id}/handoff`, { method: "POST", headers: auth })).json()) as { state: { contactRequested: boolean } };
		expect(handoff.state.contactRequested).toBe(false);
		const contact = await call(`/v1/conversations/${id}/contact`, { method: "POST", headers: auth, json: { email: "ceo@example.com" } });
		expect(contact.status).toBe(409);
		expect(await errorOf(contact)).toMatchObject({ code: "conflict" });
		await deliverNow(id);
		const tickets = (await processed(id)).filter((webhook) => webhook.type === "handoff.created");
		expect(tickets[0].data.customer).toEqual({ id: "cus_43", email: null, emailSource: null, name: "Sam", verified: true });
		expect(tickets[0].data.entities).toContainEqual({ type: "email", value: "ceo@example.com" });
		expect((await processed(id)).filter((webhook) => webhook.type === "conversation.contact.updated")).toEqual([]);
	});
});

describe("rating a conversation", () => {
	it("is stored once the conversation is resolved, and refused before", async () => {
		const conversation = await startConversation();
		const auth = { Authorization: `Bearer ${conversation.token}` };
		const early = await call(`/v1/conversations/${conversation.id}/rating`, { method: "POST", headers: auth, json: { rating: 5 } });
		expect(early.status).toBe(409);
		await call(`/v1/conversations/${conversation.id}/handoff`, { method: "POST", headers: auth });
		expect((await call(`/v1/agent/conversations/${conversation.id}/resolve`, { method: "POST", headers: AGENT, json: {} })).status).toBe(200);
		const bad = await call(`/v1/conversations/${conversation.id}/rating`, { method: "POST", headers: auth, json: { rating: 9 } });
		expect(bad.status).toBe(400);
		const rated = await call(`/v1/conversations/${conversation.id}/rating`, { method: "POST", headers: auth, json: { rating: 4, comment: "Quick and kind" } });
		expect(await rated.json()).toEqual({ rating: 4, state: { owner: "ai", status: "resolved", contactRequested: false, rated: true } });
		// After a reload, the widget reads that the customer rated it, and thanks them rather than ask again.
		const read = await call(`/v1/conversations/${conversation.id}/messages`, { headers: auth });
		expect(((await read.json()) as MessagePage).state.rated).toBe(true);
	});

	it("tells the helpdesk that resolved it, the comment masked as in tickets; rating again tells it again", async () => {
		const conversation = await startConversation();
		const auth = { Authorization: `Bearer ${conversation.token}` };
		await call(`/v1/conversations/${conversation.id}/handoff`, { method: "POST", headers: auth });
		await call(`/v1/agent/conversations/${conversation.id}/resolve`, { method: "POST", headers: AGENT });
		const rate = (json: object) => call(`/v1/conversations/${conversation.id}/rating`, { method: "POST", headers: auth, json });
		await rate({ rating: 2, comment: "slow, and I gave card 4111 1111 1111 1111 for nothing" });
		await rate({ rating: 4 });
		await deliverNow(conversation.id);
		const events = await processed(conversation.id);
		const ticketId = events.find((webhook) => webhook.type === "handoff.created")?.data.ticketId;
		expect(events.filter((webhook) => webhook.type === "conversation.rated").map((webhook) => webhook.data)).toEqual([
			{ ticketId, conversationId: conversation.id, rating: 2, comment: "slow, and I gave card [card] for nothing", ratedAt: expect.any(String) },
			{ ticketId, conversationId: conversation.id, rating: 4, comment: null, ratedAt: expect.any(String) },
		]);
		for (const webhook of events) expect(webhookEventSchema.safeParse({ type: webhook.type, timestamp: new Date().toISOString(), data: webhook.data }).success).toBe(true);
	});

	it("asks again for a rating once a later hand-off is resolved, and sends it to that ticket; the same rating then is no repeat", async () => {
		const conversation = await startConversation();
		const auth = { Authorization: `Bearer ${conversation.token}` };
		const stateOf = async (response: Promise<Response>) => ((await (await response).json()) as { state: ConversationState }).state;
		const handOffAndResolve = async () => {
			expect((await stateOf(call(`/v1/conversations/${conversation.id}/handoff`, { method: "POST", headers: auth }))).rated).toBe(false);
			return stateOf(call(`/v1/agent/conversations/${conversation.id}/resolve`, { method: "POST", headers: AGENT }));
		};
		const rate = () => stateOf(call(`/v1/conversations/${conversation.id}/rating`, { method: "POST", headers: auth, json: { rating: 5 } }));
		expect((await handOffAndResolve()).rated).toBe(false);
		expect((await rate()).rated).toBe(true);
		expect((await handOffAndResolve()).rated).toBe(false);
		expect((await rate()).rated).toBe(true);
		await deliverNow(conversation.id);
		const events = await processed(conversation.id);
		const tickets = events.filter((webhook) => webhook.type === "handoff.created").map((webhook) => webhook.data.ticketId);
		expect(tickets).toHaveLength(2);
		expect(events.filter((webhook) => webhook.type === "conversation.rated").map((webhook) => webhook.data.ticketId)).toEqual(tickets);
	});

	it("sends a rating again only when it changed, and takes only so many changes of rating and address from one conversation", async () => {
		const conversation = await startConversation();
		const auth = { Authorization: `Bearer ${conversation.token}` };
		await call(`/v1/conversations/${conversation.id}/handoff`, { method: "POST", headers: auth });
		await call(`/v1/agent/conversations/${conversation.id}/resolve`, { method: "POST", headers: AGENT });
		const rate = (rating: number) => call(`/v1/conversations/${conversation.id}/rating`, { method: "POST", headers: auth, json: { rating } });
		const setContact = (email: string) => call(`/v1/conversations/${conversation.id}/contact`, { method: "POST", headers: auth, json: { email } });
		expect((await rate(5)).status).toBe(200);
		expect((await rate(5)).status).toBe(200);
		const sentOf = async (type: string) => (await webhooksOf(conversation.id)).webhooks.filter((webhook) => webhook.type === type).length;
		expect(await sentOf("conversation.rated")).toBe(1);

		// The first rating was one change; each new rating or address is another.
		let rating = 5;
		for (let change = 2; change <= MAX_CUSTOMER_UPDATES; change++) {
			rating = change % 2 ? 6 - rating : rating;
			const response = change % 2 ? await rate(rating) : await setContact(`kim${change}@example.com`);
			expect(response.status).toBe(200);
		}
		for (const refused of [await rate(6 - rating), await setContact("last@example.com")]) {
			expect(refused.status).toBe(409);
			expect(await errorOf(refused)).toMatchObject({ code: "conflict" });
		}
		// What was already given may be given again.
		expect((await rate(rating)).status).toBe(200);
		expect(await sentOf("conversation.rated")).toBe(MAX_CUSTOMER_UPDATES / 2);
	});
});
