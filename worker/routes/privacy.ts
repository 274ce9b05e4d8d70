// Erasure and export of one conversation: by its customer, with the
// conversation's token, and by the site owner, with the admin token.
import { type Context, Hono } from "hono";
import type { Env } from "../env.ts";
import { adminAuth } from "../http/admin-auth.ts";
import { tokenHashFrom } from "../http/conversation-token.ts";
import { readNoBody } from "../http/json-body.ts";
import { methodNotAllowed } from "../http/method-not-allowed.ts";
import type { Requester } from "../privacy/erasure.ts";
import { conversationStub, denial } from "./conversation-stub.ts";

type PrivacyContext = Context<{ Bindings: Env }>;

async function erase(c: PrivacyContext, requester: Requester) {
	await readNoBody(c);
	const result = await conversationStub(c.env, c.req.param("id") ?? "").erase(requester);
	if (!result.ok) throw denial(result);
	return c.json(result.erasure, 200, { "Cache-Control": "no-store" });
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
