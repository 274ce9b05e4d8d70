// Erasure and export of one conversation: by its customer, with the conversation's token, and by the
// site owner, with the admin token; and for the site owner, every conversation that recorded an e-mail
// address, for a customer who asks by e-mail and knows no conversation id.
import { type Context, Hono } from "hono";
import { CONVERSATIONS_PER_CALL, customerErasureSchema, customerLookupSchema } from "../../shared/request-schemas.ts";
import type { Env } from "../env.ts";
import { adminAuth } from "../http/admin-auth.ts";
import { tokenHashFrom } from "../http/conversation-token.ts";
import { readJsonBody, readNoBody } from "../http/json-body.ts";
import { methodNotAllowed } from "../http/method-not-allowed.ts";
import { customerKey, directoryOf } from "../privacy/customer-directory.ts";
import type { Erasure, Requester } from "../privacy/erasure.ts";
import { logError } from "../privacy/safe-log.ts";
import { conversationStub } from "./conversation-stub.ts";
import { denial } from "./denial.ts";
import { knownQueryParams } from "../http/known-query-params.ts";

type PrivacyContext = Context<{ Bindings: Env }>;

const NO_STORE = { "Cache-Control": "no-store" };

async function erase(c: PrivacyContext, requester: Requester) {
	await readNoBody(c);
	const result = await conversationStub(c.env, c.req.param("id") ?? "").erase(requester);
	if (!result.ok) throw denial(result);
	return c.json(result.erasure, 200, NO_STORE);
}

async function exportConversation(c: PrivacyContext, requester: Requester) {
	const id = c.req.param("id") ?? "";
	const result = await conversationStub(c.env, id).exportData(requester);
	if (!result.ok) throw denial(result);
	return c.body(`${JSON.stringify(result.data, null, "\t")}\n`, 200, {
		"Content-Type": "application/json; charset=utf-8",
		"Content-Disposition": `attachment; filename="frontdesk-conversation-${id}.json"`,
		"Cache-Control": "no-store",
	});
}

const customer = async (c: PrivacyContext): Promise<Requester> => ({ role: "customer", tokenHash: await tokenHashFrom(c.req.header("Authorization")) });
const SITE_OWNER: Requester = { role: "site_owner" };

/** Mounted at /v1/conversations, beside the conversation routes. */
export const customerPrivacy = new Hono<{ Bindings: Env }>();
customerPrivacy.delete("/:id", knownQueryParams(), async (c) => erase(c, await customer(c)));
customerPrivacy.get("/:id/export", knownQueryParams(), async (c) => exportConversation(c, await customer(c)));
customerPrivacy.all("/:id", methodNotAllowed("DELETE"));
customerPrivacy.all("/:id/export", methodNotAllowed("GET"));

/** Mounted at /v1/admin/conversations. */
export const ownerPrivacy = new Hono<{ Bindings: Env }>();
ownerPrivacy.use("*", adminAuth);
ownerPrivacy.delete("/:id", knownQueryParams(), (c) => erase(c, SITE_OWNER));
ownerPrivacy.get("/:id/export", knownQueryParams(), (c) => exportConversation(c, SITE_OWNER));
ownerPrivacy.all("/:id", methodNotAllowed("DELETE"));
ownerPrivacy.all("/:id/export", methodNotAllowed("GET"));

const directoryFor = async (c: PrivacyContext, email: string) => directoryOf(c.env, await customerKey(email));

/** Mounted at /v1/admin/customers. */
export const customerRecords = new Hono<{ Bindings: Env }>();
customerRecords.use("*", adminAuth);

// A conversation found gone (expired since its directory last checked) is dropped here and now; one that does
// not answer just now is named in `unavailable`, and the others are still shown.
customerRecords.post("/find", knownQueryParams(), async (c) => {
	const { email } = await readJsonBody(c, customerLookupSchema);
	const directory = await directoryFor(c, email);
	const listings = await directory.list();
	const conversations = [];
	const unavailable: string[] = [];
	let gone = 0;
	const found = await Promise.allSettled(listings.slice(0, CONVERSATIONS_PER_CALL).map((listing) => conversationStub(c.env, listing.conversationId).summary()));
	for (const [index, result] of found.entries()) {
		const { conversationId, source, listedAt } = listings[index];
		if (result.status === "rejected") unavailable.push(conversationId);
		else if (result.value) conversations.push({ source, listedAt, ...result.value });
		else {
			gone++;
			await directory.remove(conversationId);
		}
	}
	return c.json({ email, total: listings.length - gone, conversations, unavailable }, 200, NO_STORE);
});

// One by one, each on its own: one that fails is named in `failed` and stays listed for the next call. A conversation
// leaves the directory as it is erased; one already gone is removed from it here.
customerRecords.post("/erase", knownQueryParams(), async (c) => {
	const { email, conversationIds } = await readJsonBody(c, customerErasureSchema);
	const directory = await directoryFor(c, email);
	const listed = (await directory.list()).map((listing) => listing.conversationId);
	const chosen = conversationIds ? listed.filter((id) => conversationIds.includes(id)) : listed.slice(0, CONVERSATIONS_PER_CALL);
	// Named, but not listed under this address (a typo, another customer's, or erased already): not erased, and said so.
	const notListed = (conversationIds ?? []).filter((id) => !listed.includes(id));
	const erasures: Erasure[] = [];
	const failed: string[] = [];
	for (const conversationId of chosen) {
		try {
			const result = await conversationStub(c.env, conversationId).erase(SITE_OWNER);
			if (result.ok) erasures.push(result.erasure);
			else await directory.remove(conversationId);
		} catch (error) {
			logError("conversation not erased by the customer's e-mail address", error);
			failed.push(conversationId);
		}
	}
	return c.json({ email, erasures, failed, notListed, remaining: (await directory.list()).length }, 200, NO_STORE);
});
customerRecords.all("/find", methodNotAllowed("POST"));
customerRecords.all("/erase", methodNotAllowed("POST"));
