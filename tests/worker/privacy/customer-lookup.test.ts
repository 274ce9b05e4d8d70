// The site owner's lookup and erasure by a customer's e-mail address, for a request that names no conversation.
import { env } from "cloudflare:workers";
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { identityHash } from "../../../worker/http/identity.ts";
import { customerDirectory } from "../../../worker/privacy/customer-directory.ts";
import { call, errorOf, send, startConversation } from "../api-client.ts";
import { stubOf } from "../handoff/receiver.ts";
import { ADMIN, bearer, DAY_MS, lastActiveDaysAgo, RETENTION_DAYS } from "./support.ts";

interface Found {
	email: string;
	conversations: Array<{ conversation: { id: string; customer: { email: string | null } }; retention: { deleteAfter: string }; tickets: unknown[]; messages?: unknown }>;
}

const uniqueEmail = () => `sam.${crypto.randomUUID().slice(0, 8)}@example.com`;
const find = (email: string, headers: Record<string, string> = ADMIN) => call("/v1/admin/customers/find", { method: "POST", headers, json: { email } });
const eraseAll = (email: string) => call("/v1/admin/customers/erase", { method: "POST", headers: ADMIN, json: { email } });
const idsFound = async (email: string) => ((await (await find(email)).json()) as Found).conversations.map((found) => found.conversation.id);
const readable = async (conversation: { id: string; token: string }) => (await call(`/v1/conversations/${conversation.id}/messages`, { headers: bearer(conversation.token) })).status;

async function leftContact(email: string) {
	const conversation = await startConversation();
	expect((await call(`/v1/conversations/${conversation.id}/contact`, { method: "POST", headers: bearer(conversation.token), json: { email } })).status).toBe(200);
	return conversation;
}

describe("the site owner's lookup by e-mail address", () => {
	it("finds each conversation that recorded the address, however it came: left in the chat, written in a message, signed by the site", async () => {
		const email = uniqueEmail();
		const contact = await leftContact(email);
		const written = await startConversation();
		expect((await send(written, `my parcel hasn't arrived, please write to ${email.toUpperCase()}`)).status).toBe(201);
		const hash = await identityHash("test-identity-secret", { id: "cus_lookup", email });
		const signed = (await (await call("/v1/conversations", { method: "POST", json: { identity: { id: "cus_lookup", email, hash } } })).json()) as { conversation: { id: string } };
		await leftContact(uniqueEmail());

		await expect.poll(() => idsFound(` ${email.toUpperCase()} `.trim())).toHaveLength(3);
		const response = await find(email);
		expect(response.headers.get("Cache-Control")).toBe("no-store");
		const found = (await response.json()) as Found;
		expect(found.email).toBe(email);
		expect(found.conversations.map((entry) => entry.conversation.id).sort()).toEqual([contact.id, written.id, signed.conversation.id].sort());
		// What the conversation is and how long it is kept; its messages are in its export.
		for (const entry of found.conversations) {
			expect(entry.conversation.customer.email?.toLowerCase()).toBe(email);
			expect(entry.retention.deleteAfter).toEqual(expect.any(String));
			expect(entry.messages).toBeUndefined();
		}
		expect(await idsFound(uniqueEmail())).toEqual([]);
	});

	it("erases them all in one call, reporting each erasure, and finds none afterwards", async () => {
		const email = uniqueEmail();
		const first = await leftContact(email);
		const second = await leftContact(email);
		const bystander = await leftContact(uniqueEmail());

		const response = await eraseAll(email);
		expect(response.status).toBe(200);
		const { erasures } = (await response.json()) as { erasures: Array<{ conversationId: string; reason: string }> };
		expect(erasures.map((erasure) => erasure.conversationId).sort()).toEqual([first.id, second.id].sort());
		expect(erasures.every((erasure) => erasure.reason === "site_owner_request")).toBe(true);
		expect(await readable(first)).toBe(404);
		expect(await readable(second)).toBe(404);
		expect(await readable(bystander)).toBe(200);
		expect(await idsFound(email)).toEqual([]);
		expect(((await (await eraseAll(email)).json()) as { erasures: unknown[] }).erasures).toEqual([]);
	});

	it("no longer lists a conversation its customer erased", async () => {
		const email = uniqueEmail();
		const erased = await leftContact(email);
		const kept = await leftContact(email);
		expect((await call(`/v1/conversations/${erased.id}`, { method: "DELETE", headers: bearer(erased.token) })).status).toBe(200);
		expect(await runInDurableObject(await customerDirectory(env, email), (directory) => directory.list())).toEqual([kept.id]);
		expect(await idsFound(email)).toEqual([kept.id]);
	});

	it("checks each entry when its conversation's retention would have ended: drops one that is gone, keeps one still there", async () => {
		const email = uniqueEmail();
		const expired = await leftContact(email);
		const active = await leftContact(email);
		const directory = await customerDirectory(env, email);
		const alarmAt = await runInDurableObject(directory, (_instance, state) => state.storage.getAlarm());
		expect(alarmAt).toBeGreaterThan(Date.now() + RETENTION_DAYS * DAY_MS);
		expect(alarmAt).toBeLessThan(Date.now() + (RETENTION_DAYS + 1) * DAY_MS);

		// The first one's retention ends and it deletes itself, by its own alarm; then the directory's checks fall due.
		await lastActiveDaysAgo(expired.id, RETENTION_DAYS + 1);
		expect(await runDurableObjectAlarm(stubOf(expired.id))).toBe(true);
		expect(await readable(expired)).toBe(404);
		await runInDurableObject(directory, (_instance, state) => state.storage.sql.exec("UPDATE conversations SET check_at = ?", Date.now() - 1));
		expect(await runDurableObjectAlarm(directory)).toBe(true);

		expect(await runInDurableObject(directory, (instance) => instance.list())).toEqual([active.id]);
		const next = await runInDurableObject(directory, (_instance, state) => state.storage.getAlarm());
		expect(next).toBeGreaterThan(Date.now() + RETENTION_DAYS * DAY_MS);
	});

	it("needs the admin token and a valid address, sent as JSON with POST", async () => {
		const email = uniqueEmail();
		await leftContact(email);
		for (const headers of [{}, bearer("test-agent-token")]) {
			const response = await find(email, headers);
			expect(response.status).toBe(401);
			expect((await errorOf(response)).code).toBe("unauthorized");
		}
		const invalid = await call("/v1/admin/customers/find", { method: "POST", headers: ADMIN, json: { email: "not an address" } });
		expect(invalid.status).toBe(400);
		expect(await errorOf(invalid)).toEqual({ code: "invalid_request", message: expect.stringContaining("email") });
		const unknownField = await call("/v1/admin/customers/erase", { method: "POST", headers: ADMIN, json: { email, everything: true } });
		expect(unknownField.status).toBe(400);
		expect(await idsFound(email)).toHaveLength(1);
		const get = await call(`/v1/admin/customers/find?email=${email}`, { headers: ADMIN });
		expect(get.status).toBe(405);
		expect(get.headers.get("Allow")).toBe("POST");
	});
});
