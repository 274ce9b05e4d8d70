import { describe, expect, it } from "vitest";
import type { ConversationCreated } from "../../shared/protocol.ts";
import { identityHash } from "../../worker/http/identity.ts";
import { AGENT, deliverNow, processed } from "./handoff/receiver.ts";
import { call, errorOf, startConversation } from "./api-client.ts";

const SECRET = "test-identity-secret";

describe("Frontdesk.identify()", () => {
	it("verifies an identity whose hash is the HMAC-SHA256 of its id with the site's secret", async () => {
		const hash = await identityHash(SECRET, "cus_123");
		const response = await call("/v1/identity", { method: "POST", json: { id: "cus_123", name: "Sarah", hash } });
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ verified: true, name: "Sarah" });
	});

	it("refuses a forged hash, and one made for another id", async () => {
		const forged = await call("/v1/identity", { method: "POST", json: { id: "cus_123", name: "Sarah", hash: "0".repeat(64) } });
		expect(forged.status).toBe(401);
		expect(await errorOf(forged)).toMatchObject({ code: "unauthorized" });
		const other = await call("/v1/identity", { method: "POST", json: { id: "cus_999", hash: await identityHash(SECRET, "cus_123") } });
		expect(other.status).toBe(401);
	});

	it("puts a verified customer on the ticket as verified, and refuses to start a conversation as a forged one", async () => {
		const identity = { id: "cus_42", email: "sarah@example.com", name: "Sarah", hash: await identityHash(SECRET, "cus_42") };
		const created = (await (await call("/v1/conversations", { method: "POST", json: { identity } })).json()) as ConversationCreated;
		const { id, token } = created.conversation;
		await call(`/v1/conversations/${id}/handoff`, { method: "POST", headers: { Authorization: `Bearer ${token}` } });
		await deliverNow(id);
		const [ticket] = await processed(id);
		expect(ticket.data.customer).toEqual({ id: "cus_42", email: "sarah@example.com", name: "Sarah", verified: true });

		const forged = await call("/v1/conversations", { method: "POST", json: { identity: { ...identity, hash: "1".repeat(64) } } });
		expect(forged.status).toBe(401);
	});
});

describe("rating a conversation", () => {
	it("is stored once the conversation is resolved, and refused before", async () => {
		const conversation = await startConversation();
		const auth = { Authorization: `Bearer ${conversation.token}` };
		const early = await call(`/v1/conversations/${conversation.id}/rating`, { method: "POST", headers: auth, json: { rating: 5 } });
		expect(early.status).toBe(409);
		await call(`/v1/agent/conversations/${conversation.id}/resolve`, { method: "POST", headers: AGENT, json: {} });
		const bad = await call(`/v1/conversations/${conversation.id}/rating`, { method: "POST", headers: auth, json: { rating: 9 } });
		expect(bad.status).toBe(400);
		const rated = await call(`/v1/conversations/${conversation.id}/rating`, { method: "POST", headers: auth, json: { rating: 4, comment: "Quick and kind" } });
		expect(await rated.json()).toEqual({ rating: 4 });
	});
});
