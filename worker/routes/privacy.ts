// Erasure and export of one conversation: by its customer, with the conversation's token, and by the
// site owner, with the admin token; and for the site owner, every conversation that recorded an e-mail
// address, for a customer who asks by e-mail and knows no conversation id.
import { type Context, Hono } from "hono";
import { customerLookupSchema } from "../../shared/request-schemas.ts";
import type { Env } from "../env.ts";
import { adminAuth } from "../http/admin-auth.ts";
import { tokenHashFrom } from "../http/conversation-token.ts";
import { readJsonBody, readNoBody } from "../http/json-body.ts";
import { methodNotAllowed } from "../http/method-not-allowed.ts";
import { customerDirectory } from "../privacy/customer-directory.ts";
import type { Erasure, Requester } from "../privacy/erasure.ts";
import { conversationStub, denial } from "./conversation-stub.ts";

type PrivacyContext = Context<{ Bindings: Env }>;

async function erase(c: PrivacyContext, requester: Requester) {
	await readNoBody(c);
	const result = await conversationStub(c.env, c.req.param("id") ?? "").erase(requester);
	if (!result.ok) throw denial(result);
	return c.json(result.erasure, 200, NO_STORE);
}

const NO_STORE = { "Cache-Control": "no-store" };

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
customerPrivacy.delete("/:id", async (c) => erase(c, await customer(c)));
customerPrivacy.get("/:id/export", async (c) => exportConversation(c, await customer(c)));
customerPrivacy.all("/:id", methodNotAllowed("DELETE"));
customerPrivacy.all("/:id/export", methodNotAllowed("GET"));

/** Mounted at /v1/admin/conversations. */
export const ownerPrivacy = new Hono<{ Bindings: Env }>();
ownerPrivacy.use("*", adminAuth);
ownerPrivacy.delete("/:id", (c) => erase(c, SITE_OWNER));
ownerPrivacy.get("/:id/export", (c) => exportConversation(c, SITE_OWNER));
ownerPrivacy.all("/:id", methodNotAllowed("DELETE"));
ownerPrivacy.all("/:id/export", methodNotAllowed("GET"));

/** Mounted at /v1/admin/customers. */
export const customerRecords = new Hono<{ Bindings: Env }>();
customerRecords.use("*", adminAuth);
customerRecords.post("/find", async (c) => {
	const { email } = await readJsonBody(c, customerLookupSchema);
	const ids = await (await customerDirectory(c.env, email)).list();
	const summaries = await Promise.all(ids.map((id) => conversationStub(c.env, id).summary()));
	return c.json({ email, conversations: summaries.filter((summary) => summary !== null) }, 200, NO_STORE);
});
// One by one: a failure part-way answers 500 with the rest still listed, and erasing again is safe.
customerRecords.post("/erase", async (c) => {
	const { email } = await readJsonBody(c, customerLookupSchema);
	const directory = await customerDirectory(c.env, email);
	const erasures: Erasure[] = [];
	for (const id of await directory.list()) {
		const result = await conversationStub(c.env, id).erase(SITE_OWNER);
		if (result.ok) erasures.push(result.erasure);
		await directory.remove(id);
	}
	return c.json({ email, erasures }, 200, NO_STORE);
});
customerRecords.all("/find", methodNotAllowed("POST"));
customerRecords.all("/erase", methodNotAllowed("POST"));
