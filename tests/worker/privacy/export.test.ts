// The export: everything stored about one conversation, for its customer or the site owner.
import { describe, expect, it } from "vitest";
import type { ConversationExport } from "../../../worker/privacy/conversation-export.ts";
import { call, errorOf, send, startConversation } from "../api-client.ts";
import { AGENT, deliverNow, processed } from "../handoff/receiver.ts";
import { ADMIN, bearer, DAY_MS, RETENTION_DAYS } from "./support.ts";

const exportAsCustomer = (id: string, headers: Record<string, string>) => call(`/v1/conversations/${id}/export`, { headers });
const exportAsOwner = (id: string, headers: Record<string, string> = ADMIN) => call(`/v1/admin/conversations/${id}/export`, { headers });

/** A conversation with a bit of everything: entities, explanations, a hand-off with its webhook, an agent, a rating. */
async function livedConversation() {
	const conversation = await startConversation();
	await send(conversation, "How long does delivery take?");
	await send(conversation, "I want a person, my order 00123842 is late. I'm sam@example.com");
	await call(`/v1/conversations/${conversation.id}/handoff`, { method: "POST", headers: bearer(conversation.token) });
	await deliverNow(conversation.id);
	await expect.poll(async () => (await processed(conversation.id)).length).toBeGreaterThan(0);
	await call(`/v1/agent/conversations/${conversation.id}/messages`, { method: "POST", headers: AGENT, json: { text: "It ships today.", agentName: "Alex" } });
	await call(`/v1/agent/conversations/${conversation.id}/resolve`, { method: "POST", headers: AGENT, json: {} });
	expect((await call(`/v1/conversations/${conversation.id}/rating`, { method: "POST", headers: bearer(conversation.token), json: { rating: 4, comment: "quick" } })).status).toBe(200);
	return conversation;
}

describe("the conversation export", () => {
	it("gives the customer everything stored about the conversation, as a JSON download", async () => {
		const conversation = await livedConversation();
		const response = await exportAsCustomer(conversation.id, bearer(conversation.token));
		expect(response.status).toBe(200);
		expect(response.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
		expect(response.headers.get("Content-Disposition")).toBe(`attachment; filename="frontdesk-conversation-${conversation.id}.json"`);
		expect(response.headers.get("Cache-Control")).toBe("no-store");

		const data = (await response.json()) as ConversationExport;
		expect(data.conversation).toEqual({
			id: conversation.id,
			createdAt: conversation.createdAt,
			locale: null,
			page: null,
			owner: "ai",
			status: "resolved",
			customer: { id: null, email: "sam@example.com", emailSource: "message", name: null, verified: false },
			rating: { rating: 4, comment: "quick" },
		});
		const deleteAfter = Date.parse(data.retention.deleteAfter);
		expect(data.retention.retentionDays).toBe(RETENTION_DAYS);
		expect(deleteAfter - Date.parse(data.retention.lastActivityAt)).toBe(RETENTION_DAYS * DAY_MS);
		expect(deleteAfter).toBeGreaterThan(Date.now() + (RETENTION_DAYS - 1) * DAY_MS);

		const customerMessages = data.messages.filter((message) => message.role === "customer");
		expect(customerMessages.map((message) => message.text)).toEqual(["How long does delivery take?", "I want a person, my order 00123842 is late. I'm sam@example.com"]);
		expect(customerMessages[1].entities).toEqual(expect.arrayContaining([expect.objectContaining({ type: "order_id", value: "00123842" }), expect.objectContaining({ type: "email", value: "sam@example.com" })]));
		expect(data.messages.find((message) => message.role === "assistant")?.explanation).toMatchObject({ tier: expect.any(String), intent: "delivery_time" });
		expect(data.messages.find((message) => message.role === "agent")).toMatchObject({ text: "It ships today.", author: "Alex" });
		expect(data.messages.map((message) => message.seq)).toEqual(data.messages.map((_, index) => index + 1));

		expect(data.tickets).toEqual([{ id: expect.stringMatching(/^tkt_/), reason: "customer_request", priority: "normal", createdAt: expect.any(String) }]);
		expect(data.webhooks[0]).toMatchObject({ type: "handoff.created", status: "delivered", attempts: [{ number: 1, status: 204 }] });
		// Nothing that would let someone else into the conversation.
		expect(JSON.stringify(data)).not.toContain(conversation.token);
	});

	it("gives the site owner the same with the admin token", async () => {
		const conversation = await livedConversation();
		const owner = (await (await exportAsOwner(conversation.id)).json()) as ConversationExport;
		const customer = (await (await exportAsCustomer(conversation.id, bearer(conversation.token))).json()) as ConversationExport;
		expect({ ...owner, exportedAt: null }).toEqual({ ...customer, exportedAt: null });
	});

	it("refuses a missing or wrong token, another conversation's token, and the admin token on the customer's route", async () => {
		const conversation = await startConversation();
		const other = await startConversation();
		for (const headers of [{}, bearer("x".repeat(43)), bearer(other.token), ADMIN]) {
			const response = await exportAsCustomer(conversation.id, headers);
			expect(response.status).toBe(401);
			expect((await errorOf(response)).code).toBe("unauthorized");
		}
		for (const headers of [{}, bearer("test-admin-tokem"), AGENT, bearer(conversation.token)]) expect((await exportAsOwner(conversation.id, headers)).status).toBe(401);
	});

	it("answers 404 for an unknown or erased conversation", async () => {
		const conversation = await startConversation();
		expect((await exportAsOwner("AAAAAAAAAAAAAAAAAAAAAA")).status).toBe(404);
		expect((await call(`/v1/conversations/${conversation.id}`, { method: "DELETE", headers: bearer(conversation.token) })).status).toBe(200);
		const customer = await exportAsCustomer(conversation.id, bearer(conversation.token));
		expect(customer.status).toBe(404);
		expect((await errorOf(customer)).code).toBe("not_found");
		expect((await exportAsOwner(conversation.id)).status).toBe(404);
	});
});
