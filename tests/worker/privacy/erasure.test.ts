// Erasure on request: by the customer with the conversation's token, or by the site owner with the admin token.
import { env } from "cloudflare:workers";
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it, onTestFinished } from "vitest";
import type { LiveEvent } from "../../../shared/protocol.ts";
import { conversationErasedSchema } from "../../../shared/webhook-events.ts";
import { webhookEndpointOf } from "../../../worker/handoff/webhook-endpoint.ts";
import { call, errorOf, send, startConversation } from "../api-client.ts";
import { AGENT, attempts, deliverNow, processed, script, timePasses } from "../handoff/receiver.ts";
import { ADMIN, alarmOf, bearer, conversationWithReviewText, isEmpty, reviewTextsOf, storedRows, topUnmatchedTexts } from "./support.ts";

const UNKNOWN_ID = "AAAAAAAAAAAAAAAAAAAAAA";
const eraseAsCustomer = (id: string, headers: Record<string, string> = {}) => call(`/v1/conversations/${id}`, { method: "DELETE", headers });
const eraseAsOwner = (id: string, headers: Record<string, string> = ADMIN) => call(`/v1/admin/conversations/${id}`, { method: "DELETE", headers });
const readable = async (conversation: { id: string; token: string }) => (await call(`/v1/conversations/${conversation.id}/messages`, { headers: bearer(conversation.token) })).status;

async function handedOff() {
	const conversation = await startConversation();
	await send(conversation, "my order 00123842 hasn't arrived, write to sam@example.com");
	expect((await call(`/v1/conversations/${conversation.id}/handoff`, { method: "POST", headers: bearer(conversation.token) })).status).toBe(201);
	await deliverNow(conversation.id);
	await expect.poll(async () => (await processed(conversation.id)).map((webhook) => webhook.type)).toEqual(["handoff.created"]);
	return conversation;
}

describe("erasure by the customer", () => {
	it("deletes everything with the conversation's own token: it reads as 404 afterwards, even to a second DELETE", async () => {
		const conversation = await startConversation();
		await send(conversation, "How long does delivery take? I'm sam@example.com");
		expect((await storedRows(conversation.id)).messages).toBe(3);

		const response = await eraseAsCustomer(conversation.id, bearer(conversation.token));
		expect(response.status).toBe(200);
		expect(response.headers.get("Cache-Control")).toBe("no-store");
		expect(await response.json()).toEqual({ conversationId: conversation.id, reason: "customer_request", erasedAt: expect.any(String), helpdeskNotified: false });

		expect(isEmpty(await storedRows(conversation.id))).toBe(true);
		expect(await alarmOf(conversation.id)).toBeNull();
		expect(await readable(conversation)).toBe(404);
		expect((await send(conversation, "hello?")).status).toBe(404);
		const again = await eraseAsCustomer(conversation.id, bearer(conversation.token));
		expect(again.status).toBe(404);
		expect(await errorOf(again)).toEqual({ code: "not_found", message: "No conversation has this id." });
	});

	it("refuses a missing, malformed or wrong token, and another conversation's token, and keeps the conversation", async () => {
		const conversation = await startConversation();
		const other = await startConversation();
		for (const headers of [{}, { Authorization: conversation.token }, { Authorization: "Bearer not a token" }, bearer("x".repeat(43)), bearer(other.token), ADMIN]) {
			const response = await eraseAsCustomer(conversation.id, headers);
			expect(response.status).toBe(401);
			expect((await errorOf(response)).code).toBe("unauthorized");
		}
		expect(await readable(conversation)).toBe(200);
		expect(await readable(other)).toBe(200);
	});

	it("answers 404 for a conversation that does not exist or a malformed id", async () => {
		const conversation = await startConversation();
		for (const id of [UNKNOWN_ID, "not-an-id"]) {
			const response = await eraseAsCustomer(id, bearer(conversation.token));
			expect(response.status).toBe(404);
			expect((await errorOf(response)).code).toBe("not_found");
		}
	});

	it("is refused from a page whose origin the site does not allow, and allowed from one it does (with CORS)", async () => {
		const conversation = await startConversation();
		const foreign = await eraseAsCustomer(conversation.id, { ...bearer(conversation.token), Origin: "https://evil.example" });
		expect(foreign.status).toBe(403);
		expect((await errorOf(foreign)).code).toBe("origin_not_allowed");
		expect(await readable(conversation)).toBe(200);

		const preflight = await call(`/v1/conversations/${conversation.id}`, { method: "OPTIONS", headers: { "Access-Control-Request-Method": "DELETE", "Access-Control-Request-Headers": "authorization" } });
		expect(preflight.headers.get("Access-Control-Allow-Methods")).toContain("DELETE");
	});

	it("answers other methods on the conversation with 405", async () => {
		const conversation = await startConversation();
		const response = await call(`/v1/conversations/${conversation.id}`, { headers: bearer(conversation.token) });
		expect(response.status).toBe(405);
		expect((await errorOf(response)).code).toBe("method_not_allowed");
	});

	it("closes the open live channel with code 4410", async () => {
		const conversation = await startConversation();
		const response = await call(`/v1/conversations/${conversation.id}/live?token=${conversation.token}`, { headers: { Upgrade: "websocket" } });
		expect(response.status).toBe(101);
		const socket = response.webSocket as WebSocket;
		const events: LiveEvent[] = [];
		const closed = new Promise<CloseEvent>((resolve) => socket.addEventListener("close", resolve));
		socket.addEventListener("message", (event) => void events.push(JSON.parse(event.data as string)));
		socket.accept();
		await expect.poll(() => events.length).toBeGreaterThan(0);

		expect((await eraseAsCustomer(conversation.id, bearer(conversation.token))).status).toBe(200);
		expect((await closed).code).toBe(4410);
	});

	it("deletes the conversation's texts from the analytics at once", async () => {
		const { conversation, unmatched } = await conversationWithReviewText();
		expect((await eraseAsCustomer(conversation.id, bearer(conversation.token))).status).toBe(200);
		expect(await reviewTextsOf(conversation.id)).toEqual([]);
		expect(await topUnmatchedTexts()).not.toContain(unmatched);
	});

	it("tells the helpdesk of a handed-off conversation with a signed conversation.erased, then keeps nothing", async () => {
		const conversation = await handedOff();
		const ticketId = (await processed(conversation.id))[0].data.ticketId;

		const response = await eraseAsCustomer(conversation.id, bearer(conversation.token));
		expect(await response.json()).toMatchObject({ reason: "customer_request", helpdeskNotified: true });
		await deliverNow(conversation.id);
		await expect.poll(async () => (await processed(conversation.id)).map((webhook) => webhook.type)).toEqual(["handoff.created", "conversation.erased"]);

		const erased = (await attempts(conversation.id)).filter((attempt) => JSON.parse(attempt.rawBody).type === "conversation.erased");
		expect(erased).toHaveLength(1);
		expect(erased[0].verified).toBe(true);
		const body = conversationErasedSchema.parse(JSON.parse(erased[0].rawBody));
		expect(body.data).toEqual({ conversationId: conversation.id, ticketIds: [ticketId], reason: "customer_request", erasedAt: expect.any(String) });
		// No personal data in the notice: not the address, not the order number.
		expect(erased[0].rawBody).not.toMatch(/sam@example\.com|00123842/);

		await expect.poll(async () => isEmpty(await storedRows(conversation.id))).toBe(true);
		expect((await call(`/v1/agent/conversations/${conversation.id}/webhooks`, { headers: AGENT })).status).toBe(404);
	});

	it("sends no webhook it was about to send once the conversation is erased meanwhile", async () => {
		const conversation = await handedOff();
		// The endpoint's state is slow to read (its object busy), so a delivery waits with the next webhook's body in hand.
		const endpoint = webhookEndpointOf(env);
		const busy = runInDurableObject(endpoint, (_instance, state) => state.blockConcurrencyWhile(() => new Promise((resolve) => setTimeout(resolve, 1000))));
		await send(conversation, "are you there? my number is +44 20 7946 0958");
		const delivering = deliverNow(conversation.id);
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect((await eraseAsCustomer(conversation.id, bearer(conversation.token))).status).toBe(200);
		await Promise.all([delivering, busy]);
		await deliverNow(conversation.id);
		const sent = (await attempts(conversation.id)).map((attempt) => JSON.parse(attempt.rawBody).type);
		expect(sent).not.toContain("conversation.message.created");
		expect(isEmpty(await storedRows(conversation.id))).toBe(true);
	});

	it("keeps no trace of a webhook erased while it was being sent", async () => {
		const conversation = await handedOff();
		await script(conversation.id, [{ kind: "slow", ms: 800 }]);
		await send(conversation, "are you there?");
		const delivering = deliverNow(conversation.id);
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect((await eraseAsCustomer(conversation.id, bearer(conversation.token))).status).toBe(200);
		await delivering;
		const rows = await storedRows(conversation.id);
		expect(isEmpty(rows), JSON.stringify(rows)).toBe(true);
	});

	/** An erased conversation whose notice used up its retries: kept, with the notice, as its tombstone. */
	async function undeliveredErasureNotice() {
		const endpoint = webhookEndpointOf(env);
		const conversation = await handedOff();
		await script(conversation.id, Array.from({ length: 8 }, () => ({ kind: "status" as const, status: 502 })));
		expect((await eraseAsOwner(conversation.id)).status).toBe(200);
		await deliverNow(conversation.id);
		for (let attempt = 1; attempt < 8; attempt++) await timePasses(conversation.id);
		onTestFinished(() => endpoint.enable());

		const listed = await call(`/v1/agent/conversations/${conversation.id}/webhooks`, { headers: AGENT });
		expect(listed.status).toBe(200);
		const { webhooks } = (await listed.json()) as { webhooks: Array<{ id: string; type: string; status: string; ticketId: string | null }> };
		// The notice is about every ticket of the conversation (its body's ticketIds), no one of them.
		expect(webhooks).toEqual([expect.objectContaining({ type: "conversation.erased", status: "failed", ticketId: null })]);
		const rows = await storedRows(conversation.id);
		expect(rows).toMatchObject({ conversation: 0, messages: 0, erasure: 1, webhooks: 1 });
		return { endpoint, conversation, notice: webhooks[0] };
	}

	it("keeps an erasure notice the helpdesk never got, retries used up, until the endpoint is enabled again; then keeps nothing", async () => {
		const { endpoint, conversation } = await undeliveredErasureNotice();
		// The endpoint is disabled, so that nothing is skipped: enabling it wakes the tombstone, which sends the notice.
		expect((await call("/v1/agent/webhook-endpoint/enable", { method: "POST", headers: AGENT })).status).toBe(200);
		expect(await runDurableObjectAlarm(endpoint)).toBe(true);
		await deliverNow(conversation.id);
		expect((await processed(conversation.id)).map((webhook) => webhook.type)).toEqual(["handoff.created", "conversation.erased"]);
		expect(isEmpty(await storedRows(conversation.id))).toBe(true);
		expect((await call(`/v1/agent/conversations/${conversation.id}/webhooks`, { headers: AGENT })).status).toBe(404);
	});

	it("keeps nothing once the helpdesk skips an erasure notice it never got", async () => {
		const { conversation, notice } = await undeliveredErasureNotice();
		const skipped = await call(`/v1/agent/conversations/${conversation.id}/webhooks/${notice.id}/skip`, { method: "POST", headers: AGENT });
		expect(skipped.status).toBe(200);
		await deliverNow(conversation.id);
		expect((await processed(conversation.id)).map((webhook) => webhook.type)).toEqual(["handoff.created"]);
		expect(isEmpty(await storedRows(conversation.id))).toBe(true);
		expect((await call(`/v1/agent/conversations/${conversation.id}/webhooks`, { headers: AGENT })).status).toBe(404);
	});

	it("sends no webhook for a conversation that never reached the helpdesk", async () => {
		const conversation = await startConversation();
		await send(conversation, "How long does delivery take?");
		const response = await eraseAsCustomer(conversation.id, bearer(conversation.token));
		expect(await response.json()).toMatchObject({ helpdeskNotified: false });
		await deliverNow(conversation.id);
		expect(await attempts(conversation.id)).toEqual([]);
	});
});

describe("erasure by the site owner", () => {
	it("deletes any conversation with the admin token", async () => {
		const conversation = await handedOff();
		const response = await eraseAsOwner(conversation.id);
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ conversationId: conversation.id, reason: "site_owner_request", erasedAt: expect.any(String), helpdeskNotified: true });
		expect(await readable(conversation)).toBe(404);
		await deliverNow(conversation.id);
		await expect.poll(async () => (await processed(conversation.id)).find((webhook) => webhook.type === "conversation.erased")?.data.reason).toBe("site_owner_request");
		expect((await eraseAsOwner(conversation.id)).status).toBe(404);
	});

	it("refuses a missing or wrong admin token, the agent token and the conversation's own token", async () => {
		const conversation = await startConversation();
		for (const headers of [{}, bearer("test-admin-tokem"), AGENT, bearer(conversation.token)]) {
			const response = await eraseAsOwner(conversation.id, headers);
			expect(response.status).toBe(401);
			expect((await errorOf(response)).code).toBe("unauthorized");
		}
		expect(await readable(conversation)).toBe(200);
	});

	it("answers 404 for a conversation that does not exist", async () => {
		const response = await eraseAsOwner(UNKNOWN_ID);
		expect(response.status).toBe(404);
		expect((await errorOf(response)).code).toBe("not_found");
	});
});
