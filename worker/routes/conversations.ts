import { type Context, Hono } from "hono";
import { ApiError } from "../../shared/api-error.ts";
import { type ContactSaved, type ConversationCreated, type HandoffRequested, LIVE_PROTOCOL, type MessagePage, type MessageSent, type RatingSaved } from "../../shared/protocol.ts";
import { contactSchema, createConversationSchema, ratingSchema, readMessagesQuerySchema, sendMessageSchema } from "../../shared/request-schemas.ts";
import { newConversationId, randomToken, sha256 } from "../crypto/secrets.ts";
import { siteConfig } from "../config/site-config.ts";
import type { Sender } from "../conversation/question.ts";
import type { Env } from "../env.ts";
import { liveTokenHash, protocolsOffered, tokenHashFrom } from "../http/conversation-token.ts";
import { identitySecretOf, isVerifiedIdentity } from "../http/identity.ts";
import { knownQueryParams } from "../http/known-query-params.ts";
import { assertMessageLength } from "../http/message-length.ts";
import { readJsonBody, readNoBody, validate } from "../http/json-body.ts";
import { methodNotAllowed } from "../http/method-not-allowed.ts";
import { assertPageOnSite } from "../http/origin-guard.ts";
import { publicOrigin } from "../http/public-origin.ts";
import { effectiveLimits } from "../limits/effective-limits.ts";
import { giveBackMessageAllowance, type IpAction, ipAllowance, messageAllowance } from "../limits/ip-limits.ts";
import { conversationStub } from "./conversation-stub.ts";
import { denial } from "./denial.ts";

export const conversations = new Hono<{ Bindings: Env }>();

/** Counts the request against its network's allowance for `action`, and refuses it with the 429 above it. */
async function requireIpAllowance(c: Context<{ Bindings: Env }>, action: IpAction): Promise<void> {
	const throttled = await ipAllowance(c.env, c.req.header("CF-Connecting-IP"), action);
	if (throttled) throw throttled;
}

conversations.post("/", knownQueryParams(), async (c) => {
	const { identity, ...request } = await readJsonBody(c, createConversationSchema, { optional: true });
	const workerOrigin = publicOrigin(c.env, c.req.url);
	assertPageOnSite(siteConfig.allowedOrigins, request.page, workerOrigin);
	await requireIpAllowance(c, "conversation");
	if (identity && !(await isVerifiedIdentity(identitySecretOf(c.env.FRONTDESK_IDENTITY_SECRET), identity))) {
		throw new ApiError(401, "unauthorized", "This identity's hash does not match, so the conversation was not started as this customer.");
	}
	const id = newConversationId();
	const token = randomToken(32);
	const customer = identity ? { id: identity.id, email: identity.email ?? null, name: identity.name ?? null } : undefined;
	const started = await conversationStub(c.env, id).start({ id, tokenHash: await sha256(token), publicOrigin: workerOrigin, customer, ...request });
	const body: ConversationCreated = { conversation: { id, token, createdAt: started.createdAt }, messages: started.messages };
	return c.json(body, 201);
});

conversations.get("/:id/messages", knownQueryParams("after"), async (c) => {
	const stub = conversationStub(c.env, c.req.param("id"));
	const { after } = validate(readMessagesQuerySchema, c.req.query());
	await requireIpAllowance(c, "read");
	const result = await stub.read(await tokenHashFrom(c.req.header("Authorization")), after);
	if (!result.ok) throw denial(result);
	const page: MessagePage = { messages: result.messages, lastSeq: result.lastSeq, state: result.state };
	return c.json(page);
});

conversations.post("/:id/messages", knownQueryParams(), async (c) => {
	const stub = conversationStub(c.env, c.req.param("id"));
	const tokenHash = await tokenHashFrom(c.req.header("Authorization"));
	const request = await readJsonBody(c, sendMessageSchema);
	assertPageOnSite(siteConfig.allowedOrigins, request.page, publicOrigin(c.env, c.req.url));
	assertMessageLength(request.text, effectiveLimits(c.env.FRONTDESK_LIMITS).maxMessageLength, "A message");
	const clientIp = c.req.header("CF-Connecting-IP");
	const { refusal: throttled, windows, claudeRoom } = await messageAllowance(c.env, clientIp);
	// A resend is answered from storage whatever the limits: it is the widget retrying after a dropped connection.
	if (throttled && !(await stub.isResend(tokenHash, request))) throw throttled;
	// Nor does it count: known a resend only once the conversation has looked, it gives back what it was counted.
	const giveBackIfResend = (duplicate: boolean) => {
		if (duplicate && windows) c.executionCtx.waitUntil(giveBackMessageAllowance(c.env, clientIp, windows));
	};
	const sender: Sender = { timeZone: typeof c.req.raw.cf?.timezone === "string" ? c.req.raw.cf.timezone : undefined, clientIp, claudeRoom };
	if (/\btext\/event-stream\b/.test(c.req.header("Accept") ?? "")) {
		const streamed = await stub.sendStreaming(tokenHash, request, sender);
		if (!streamed.ok) throw denial(streamed);
		giveBackIfResend(streamed.duplicate);
		return new Response(streamed.events, { headers: { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-store" } });
	}
	const result = await stub.send(tokenHash, request, sender);
	if (!result.ok) throw denial(result);
	giveBackIfResend(result.duplicate);
	const sent: MessageSent = { message: result.message, replies: result.replies, duplicate: result.duplicate, state: result.state };
	return c.json(sent, sent.duplicate ? 200 : 201);
});

conversations.post("/:id/handoff", knownQueryParams(), async (c) => {
	await readNoBody(c);
	const stub = conversationStub(c.env, c.req.param("id"));
	const result = await stub.requestHuman(await tokenHashFrom(c.req.header("Authorization")));
	if (!result.ok) throw denial(result);
	const body: HandoffRequested = { message: result.message, state: result.state };
	return c.json(body, 201);
});

conversations.post("/:id/contact", knownQueryParams(), async (c) => {
	const stub = conversationStub(c.env, c.req.param("id"));
	const tokenHash = await tokenHashFrom(c.req.header("Authorization"));
	const { email } = await readJsonBody(c, contactSchema);
	// Each new address is a webhook to the helpdesk: counted like a message, so none can be flooded.
	await requireIpAllowance(c, "message");
	const result = await stub.setContact(tokenHash, email);
	if (!result.ok) throw denial(result);
	const body: ContactSaved = { state: result.state };
	return c.json(body);
});

conversations.post("/:id/rating", knownQueryParams(), async (c) => {
	const stub = conversationStub(c.env, c.req.param("id"));
	const tokenHash = await tokenHashFrom(c.req.header("Authorization"));
	const { rating, comment } = await readJsonBody(c, ratingSchema);
	// Each new rating is a webhook to the helpdesk: counted like a message, as an address is.
	await requireIpAllowance(c, "message");
	const result = await stub.rate(tokenHash, rating, comment ?? null);
	if (!result.ok) throw denial(result);
	const body: RatingSaved = { rating: result.rating, state: result.state };
	return c.json(body);
});

// The widget sends its token as a subprotocol, out of the URL; clients built on the query string's token still work.
conversations.get("/:id/live", knownQueryParams("token", "after"), async (c) => {
	if (c.req.header("Upgrade")?.toLowerCase() !== "websocket") {
		throw new ApiError(400, "invalid_request", "This is a WebSocket endpoint: connect with Upgrade: websocket.");
	}
	const stub = conversationStub(c.env, c.req.param("id"));
	const { after } = validate(readMessagesQuerySchema, { after: c.req.query("after") });
	await requireIpAllowance(c, "read");
	const offered = protocolsOffered(c.req.header("Sec-WebSocket-Protocol"));
	const tokenHash = await liveTokenHash(offered, c.req.query("token"));
	const response = await stub.fetch(new Request(`https://conversation/live?after=${after}`, { headers: { Upgrade: "websocket", "X-Token-Hash": tokenHash } }));
	if (response.status !== 101) throw denial({ ok: false, reason: response.status === 404 ? "not_found" : "unauthorized" });
	// A browser drops a socket whose server did not choose one of the subprotocols it offered.
	if (!offered.includes(LIVE_PROTOCOL)) return response;
	return new Response(null, { status: 101, webSocket: response.webSocket, headers: { "Sec-WebSocket-Protocol": LIVE_PROTOCOL } });
});

conversations.all("/", methodNotAllowed("POST"));
conversations.all("/:id/messages", methodNotAllowed("GET", "POST"));
conversations.all("/:id/handoff", methodNotAllowed("POST"));
conversations.all("/:id/contact", methodNotAllowed("POST"));
conversations.all("/:id/rating", methodNotAllowed("POST"));
conversations.all("/:id/live", methodNotAllowed("GET"));
