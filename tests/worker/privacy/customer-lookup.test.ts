// The site owner's lookup and erasure by a customer's e-mail address, for a request that names no conversation.
import { env } from "cloudflare:workers";
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it, onTestFinished, vi } from "vitest";
import { identityHash } from "../../../worker/http/identity.ts";
import { CustomerDirectory, customerKey, directoryOf } from "../../../worker/privacy/customer-directory.ts";
import { call, errorOf, send, startConversation } from "../api-client.ts";
import { stubOf } from "../handoff/receiver.ts";
import { ADMIN, alarmOf, bearer, DAY_MS, lastActiveDaysAgo, RETENTION_DAYS } from "./support.ts";

interface Found {
	email: string;
	total: number;
	unavailable: string[];
	conversations: Array<{ source: string; listedAt: string; conversation: { id: string; customer: { email: string | null } }; retention: { deleteAfter: string }; tickets: unknown[]; messages?: unknown }>;
}

const uniqueEmail = () => `sam.${crypto.randomUUID().slice(0, 8)}@example.com`;
const find = (email: string, headers: Record<string, string> = ADMIN) => call("/v1/admin/customers/find", { method: "POST", headers, json: { email } });
const eraseAll = (email: string, conversationIds?: string[]) => call("/v1/admin/customers/erase", { method: "POST", headers: ADMIN, json: { email, conversationIds } });
const sourcesFound = async (email: string) => Object.fromEntries(((await (await find(email)).json()) as Found).conversations.map((entry) => [entry.conversation.id, entry.source]));
const idsFound = async (email: string) => ((await (await find(email)).json()) as Found).conversations.map((found) => found.conversation.id);
const readable = async (conversation: { id: string; token: string }) => (await call(`/v1/conversations/${conversation.id}/messages`, { headers: bearer(conversation.token) })).status;
const directory = async (email: string) => directoryOf(env, await customerKey(email));
/** What the directory object stores, straight from its storage. */
const storedIn = async (email: string) => runInDurableObject(await directory(email), (_instance, state) => [...state.storage.kv.list<{ checkAt: number }>()]);

/** Takes the conversation out of the address's directory, and runs `ownSide` on the conversation's record of its listings. */
async function unlist(conversationId: string, email: string, ownSide: string) {
	await runInDurableObject(stubOf(conversationId), (_instance, state) => state.storage.sql.exec(ownSide));
	await runInDurableObject(await directory(email), (_instance, state) => state.storage.kv.delete(conversationId));
	expect(await idsFound(email)).toEqual([]);
}

async function leftContact(email: string, conversation?: { id: string; token: string }) {
	const chat = conversation ?? (await startConversation());
	expect((await call(`/v1/conversations/${chat.id}/contact`, { method: "POST", headers: bearer(chat.token), json: { email } })).status).toBe(200);
	return chat;
}

describe("the site owner's lookup by e-mail address", () => {
	it("finds each conversation that recorded the address, and says how: signed in by the site, left in the chat's form, written in a message", async () => {
		const email = uniqueEmail();
		const contact = await leftContact(email);
		const written = await startConversation();
		expect((await send(written, `my parcel hasn't arrived, please write to ${email.toUpperCase()}`)).status).toBe(201);
		const hash = await identityHash("test-identity-secret", { id: "cus_lookup", email });
		const signed = (await (await call("/v1/conversations", { method: "POST", json: { identity: { id: "cus_lookup", email, hash } } })).json()) as { conversation: { id: string } };
		await leftContact(uniqueEmail());

		// Written in a message, it is listed once the reply has gone.
		await expect.poll(() => idsFound(`  ${email.toUpperCase()}  `)).toHaveLength(3);
		const response = await find(email);
		expect(response.headers.get("Cache-Control")).toBe("no-store");
		const found = (await response.json()) as Found;
		expect(found.email).toBe(email);
		expect(found.total).toBe(3);
		expect(found.unavailable).toEqual([]);
		const sources = Object.fromEntries(found.conversations.map((entry) => [entry.conversation.id, entry.source]));
		expect(sources).toEqual({ [contact.id]: "contact_form", [written.id]: "message", [signed.conversation.id]: "signed_in" });
		// What the conversation is and how long it is kept; its messages are in its export.
		for (const entry of found.conversations) {
			expect(entry.conversation.customer.email?.toLowerCase()).toBe(email);
			expect(entry.retention.deleteAfter).toEqual(expect.any(String));
			expect(entry.messages).toBeUndefined();
		}
		expect(await idsFound(uniqueEmail())).toEqual([]);
	});

	it("finds an address in any script, as the chat recorded it, however its letters are composed or cased", async () => {
		const email = `josé.${crypto.randomUUID().slice(0, 6)}@bücher.de`;
		const written = await startConversation();
		expect((await send(written, `schreiben Sie an ${email}`)).status).toBe(201);
		const decomposed = email.normalize("NFD").toUpperCase();
		expect(decomposed).not.toBe(email.toUpperCase());
		await expect.poll(() => idsFound(decomposed)).toEqual([written.id]);
		expect(((await (await eraseAll(decomposed)).json()) as { erasures: unknown[] }).erasures).toHaveLength(1);
		expect(await readable(written)).toBe(404);
	});

	it("lists every address written in the conversation's messages, not only the first, and up to ten, which never crowd out the customer's own", async () => {
		const [first, later, colleague] = [uniqueEmail(), uniqueEmail(), uniqueEmail()];
		const chat = await leftContact(first);
		expect((await send(chat, `or write to ${later}, or to my colleague ${colleague}`)).status).toBe(201);
		await expect.poll(() => idsFound(colleague)).toEqual([chat.id]);
		expect(await idsFound(later)).toEqual([chat.id]);
		expect(await sourcesFound(first)).toEqual({ [chat.id]: "contact_form" });

		const many = Array.from({ length: 12 }, uniqueEmail);
		const pasted = await startConversation();
		expect((await send(pasted, many.join(", "))).status).toBe(201);
		await expect.poll(() => idsFound(many[9])).toEqual([pasted.id]);
		expect(await idsFound(many[10])).toEqual([]);
		expect(await runInDurableObject(stubOf(pasted.id), (_instance, state) => state.storage.sql.exec("SELECT COUNT(*) AS count FROM directory_listings").one().count)).toBe(10);

		// The customer's own address is listed all the same: the list counts against addresses written in messages only.
		const own = uniqueEmail();
		await leftContact(own, pasted);
		await expect.poll(() => sourcesFound(own)).toEqual({ [pasted.id]: "contact_form" });
	});

	it("marks an address first written in a message as the customer's own once they leave it in the form", async () => {
		const email = uniqueEmail();
		const chat = await startConversation();
		expect((await send(chat, `it's ${email}`)).status).toBe(201);
		await expect.poll(() => sourcesFound(email)).toEqual({ [chat.id]: "message" });
		await leftContact(email.toUpperCase(), chat);
		expect(await sourcesFound(email)).toEqual({ [chat.id]: "contact_form" });
	});

	it("finds a domain written in Unicode by its punycode, as browsers' e-mail fields send it, and the other way round", async () => {
		const local = `jo.${crypto.randomUUID().slice(0, 6)}`;
		const written = await startConversation();
		expect((await send(written, `${local}@bücher.de`)).status).toBe(201);
		const left = await leftContact(`${local}@xn--bcher-kva.de`);
		await expect.poll(() => idsFound(`${local}@xn--bcher-kva.de`)).toHaveLength(2);
		expect((await idsFound(`${local}@BÜCHER.de`)).sort()).toEqual([written.id, left.id].sort());
	});

	it("erases only the conversations named, when the request names them, and leaves the rest listed", async () => {
		const email = uniqueEmail();
		const own = await leftContact(email);
		const mentioned = await startConversation();
		expect((await send(mentioned, `cc my husband at ${email}`)).status).toBe(201);
		await expect.poll(() => idsFound(email)).toHaveLength(2);

		const response = await eraseAll(email, [own.id, "AAAAAAAAAAAAAAAAAAAAAA"]);
		const body = (await response.json()) as { erasures: Array<{ conversationId: string }>; failed: string[]; remaining: number };
		expect(body.erasures.map((erasure) => erasure.conversationId)).toEqual([own.id]);
		// Named but not listed under the address: left alone, and said so rather than passed over in silence.
		expect(body).toMatchObject({ failed: [], notListed: ["AAAAAAAAAAAAAAAAAAAAAA"], remaining: 1 });
		expect(await readable(own)).toBe(404);
		expect(await readable(mentioned)).toBe(200);
		expect(await idsFound(email)).toEqual([mentioned.id]);
		const tooMany = await call("/v1/admin/customers/erase", { method: "POST", headers: ADMIN, json: { email, conversationIds: Array.from({ length: 26 }, () => own.id) } });
		expect(tooMany.status).toBe(400);
	});

	it("sends a listing again from the conversation's alarm when it did not reach its directory", async () => {
		const email = uniqueEmail();
		const chat = await leftContact(email);
		// As if the directory had not answered: the listing waits unsent.
		await unlist(chat.id, email, "UPDATE directory_listings SET sent = 0");
		expect(await runDurableObjectAlarm(stubOf(chat.id))).toBe(true);
		expect(await idsFound(email)).toEqual([chat.id]);
		expect(await runInDurableObject(stubOf(chat.id), (_instance, state) => state.storage.sql.exec("SELECT sent FROM directory_listings").one().sent)).toBe(1);
	});

	it("has the alarm set to send a listing again before the listing is on its way, which a restart of the object would cut off", async () => {
		const email = uniqueEmail();
		const chat = await startConversation();
		expect(await alarmOf(chat.id)).toBeGreaterThan(Date.now() + DAY_MS);
		// The directory never answers: the listing of the address written below stays on its way.
		const add = vi.spyOn(CustomerDirectory.prototype, "add").mockImplementation(() => new Promise(() => {}));
		onTestFinished(() => add.mockRestore());
		expect((await send(chat, `my address is ${email}`)).status).toBe(201);
		await vi.waitFor(() => expect(add).toHaveBeenCalledWith(chat.id, "message", expect.any(Number)));
		expect(await alarmOf(chat.id)).toBeLessThanOrEqual(Date.now() + 60 * 60 * 1000);
		// The object restarts with the listing unsent; its alarm sends it.
		await runInDurableObject(stubOf(chat.id), (_instance, state) => state.abort("restarted by the test")).catch(() => {});
		add.mockRestore();
		expect(await runDurableObjectAlarm(stubOf(chat.id))).toBe(true);
		expect(await idsFound(email)).toEqual([chat.id]);
	});

	it("leaves the alarm where it was once the directory has the listing: it was set to send it again, and would wake the object for nothing", async () => {
		const chat = await leftContact(uniqueEmail());
		expect(await alarmOf(chat.id)).toBeGreaterThan(Date.now() + DAY_MS);
	});

	it("erases them all in one call, reporting each erasure, and then keeps nothing of the address", async () => {
		const email = uniqueEmail();
		const first = await leftContact(email);
		const second = await leftContact(email);
		const bystander = await leftContact(uniqueEmail());

		const response = await eraseAll(email);
		expect(response.status).toBe(200);
		const body = (await response.json()) as { erasures: Array<{ conversationId: string; reason: string }>; failed: string[]; remaining: number };
		expect(body.erasures.map((erasure) => erasure.conversationId).sort()).toEqual([first.id, second.id].sort());
		expect(body.erasures.every((erasure) => erasure.reason === "site_owner_request")).toBe(true);
		expect(body).toMatchObject({ failed: [], notListed: [], remaining: 0 });
		expect(await readable(first)).toBe(404);
		expect(await readable(second)).toBe(404);
		expect(await readable(bystander)).toBe(200);
		expect(await storedIn(email)).toEqual([]);
		expect(await runInDurableObject(await directory(email), (_instance, state) => state.storage.getAlarm())).toBeNull();
		expect(((await (await eraseAll(email)).json()) as { erasures: unknown[] }).erasures).toEqual([]);
	});

	it("takes a conversation its customer erased out of every address it was listed under, an address since replaced included", async () => {
		const first = uniqueEmail();
		const second = uniqueEmail();
		const changed = await leftContact(second, await leftContact(first));
		const kept = await leftContact(first);
		expect(await idsFound(first)).toEqual([changed.id, kept.id]);
		expect(await idsFound(second)).toEqual([changed.id]);

		expect((await call(`/v1/conversations/${changed.id}`, { method: "DELETE", headers: bearer(changed.token) })).status).toBe(200);
		expect((await storedIn(first)).map(([id]) => id)).toEqual([kept.id]);
		expect(await storedIn(second)).toEqual([]);
	});

	it("asks each conversation an hour after its retention would end: drops one that is gone, and checks one still there after its new deadline", async () => {
		const email = uniqueEmail();
		const expired = await leftContact(email);
		const active = await leftContact(email);
		const overdue = await leftContact(email);
		const alarmAt = await runInDurableObject(await directory(email), (_instance, state) => state.storage.getAlarm());
		const deadline = Date.now() + RETENTION_DAYS * DAY_MS;
		expect(alarmAt).toBeGreaterThan(deadline + 59 * 60_000);
		expect(alarmAt).toBeLessThan(deadline + 61 * 60_000);

		// The first one's retention ends and it deletes itself, by its own alarm; then both checks fall due.
		await lastActiveDaysAgo(expired.id, RETENTION_DAYS + 1);
		expect(await runDurableObjectAlarm(stubOf(expired.id))).toBe(true);
		expect(await readable(expired)).toBe(404);
		// Past its deadline, but its own alarm has not deleted it yet: asked again in an hour, not at once and again.
		await lastActiveDaysAgo(overdue.id, RETENTION_DAYS + 1);
		await runInDurableObject(await directory(email), (_instance, state) => {
			for (const [id, listing] of state.storage.kv.list<object>()) state.storage.kv.put(id, { ...listing, checkAt: Date.now() - 1 });
		});
		expect(await runDurableObjectAlarm(await directory(email))).toBe(true);

		const stored = Object.fromEntries(await storedIn(email));
		expect(Object.keys(stored).sort()).toEqual([active.id, overdue.id].sort());
		expect(stored[active.id].checkAt).toBeGreaterThan(deadline);
		expect(stored[overdue.id].checkAt).toBeGreaterThan(Date.now() + 59 * 60_000);
		expect(stored[overdue.id].checkAt).toBeLessThan(Date.now() + 61 * 60_000);
	});

	it("lists, once its object wakes, a conversation that recorded an address before it could be listed", async () => {
		const email = uniqueEmail();
		const earlier = await leftContact(email);
		// As a conversation stored before directories existed: an address, and no listing on either side.
		await unlist(earlier.id, email, "DELETE FROM directory_listings");

		await runInDurableObject(stubOf(earlier.id), (_instance, state) => state.abort("restarted by the test")).catch(() => {});
		expect(await readable(earlier)).toBe(200);
		await expect.poll(() => idsFound(email)).toEqual([earlier.id]);
		expect(((await (await find(email)).json()) as Found).conversations[0].source).toBe("message");
	});

	it("needs the admin token and an address, sent as JSON with POST", async () => {
		const email = uniqueEmail();
		await leftContact(email);
		for (const headers of [{}, bearer("test-agent-token")]) {
			const response = await find(email, headers);
			expect(response.status).toBe(401);
			expect((await errorOf(response)).code).toBe("unauthorized");
		}
		for (const invalid of ["not an address", "", "a@b@c", "x".repeat(250) + "@b.de"]) {
			const response = await call("/v1/admin/customers/find", { method: "POST", headers: ADMIN, json: { email: invalid } });
			expect(response.status, invalid).toBe(400);
			expect(await errorOf(response)).toEqual({ code: "invalid_request", message: expect.stringContaining("email") });
		}
		const unknownField = await call("/v1/admin/customers/erase", { method: "POST", headers: ADMIN, json: { email, everything: true } });
		expect(unknownField.status).toBe(400);
		expect(await idsFound(email)).toHaveLength(1);
		const get = await call(`/v1/admin/customers/find?email=${email}`, { headers: ADMIN });
		expect(get.status).toBe(405);
		expect(get.headers.get("Allow")).toBe("POST");
	});
});
