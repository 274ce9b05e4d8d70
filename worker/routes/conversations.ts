import { Hono } from "hono";
import type { ConversationCreated, MessagePage, MessageSent } from "../../shared/protocol.ts";
import { createConversationSchema, readMessagesQuerySchema, sendMessageSchema } from "../../shared/request-schemas.ts";
import { siteConfig } from "../config/site-config.ts";
import type { Denied } from "../conversation/conversation-object.ts";
import { CONVERSATION_ID_PATTERN, newConversationId, randomToken, sha256 } from "../conversation/secrets.ts";
import type { Env } from "../env.ts";
import { ApiError } from "../../shared/api-error.ts";
import { readJsonBody, validate } from "../http/json-body.ts";
import { methodNotAllowed } from "../http/method-not-allowed.ts";

export const conversations = new Hono<{ Bindings: Env }>();

function stubFor(env: Env, id: string) {
	if (!CONVERSATION_ID_PATTERN.test(id)) throw notFound();
	return env.CONVERSATIONS.get(env.CONVERSATIONS.idFromName(id));
}

function notFound() {
	return new ApiError(404, "not_found", "No conversation has this id.");
}

async function tokenHashFrom(authorization: string | undefined): Promise<string> {
	const token = /^Bearer ([A-Za-z0-9_-]{1,100})$/.exec(authorization ?? "")?.[1];
	if (!token) throw new ApiError(401, "unauthorized", "Send the conversation's token as Authorization: Bearer <token>.");
	return sha256(token);
}

function denial(denied: Denied): ApiError {
	if (denied.reason === "not_found") return notFound();
	return new ApiError(401, "unauthorized", "This token does not open this conversation.");
}

conversations.post("/", async (c) => {
	const request = await readJsonBody(c, createConversationSchema);
	const id = newConversationId();
	const token = randomToken(32);
	const started = await stubFor(c.env, id).start({ id, tokenHash: await sha256(token), ...request });
	const body: ConversationCreated = { conversation: { id, token, createdAt: started.createdAt }, messages: started.messages };
	return c.json(body, 201);
});

conversations.get("/:id/messages", async (c) => {
	const stub = stubFor(c.env, c.req.param("id"));
	const { after } = validate(readMessagesQuerySchema, c.req.query());
	const result = await stub.read(await tokenHashFrom(c.req.header("Authorization")), after);
	if (!result.ok) throw denial(result);
	const page: MessagePage = { messages: result.messages, lastSeq: result.lastSeq };
	return c.json(page);
});

conversations.post("/:id/messages", async (c) => {
	const stub = stubFor(c.env, c.req.param("id"));
	const tokenHash = await tokenHashFrom(c.req.header("Authorization"));
	const request = await readJsonBody(c, sendMessageSchema);
	const maxLength = siteConfig.limits.maxMessageLength;
	if (request.text.length > maxLength) {
		throw new ApiError(413, "message_too_long", `A message can be at most ${maxLength} characters; this one has ${request.text.length}.`);
	}
	if (/\btext\/event-stream\b/.test(c.req.header("Accept") ?? "")) {
		const streamed = await stub.sendStreaming(tokenHash, request);
		if (!streamed.ok) throw denial(streamed);
		return new Response(streamed.events, { headers: { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-store" } });
	}
	const result = await stub.send(tokenHash, request);
	if (!result.ok) throw denial(result);
	const sent: MessageSent = { message: result.message, replies: result.replies, duplicate: result.duplicate };
	return c.json(sent, sent.duplicate ? 200 : 201);
});

conversations.post("/:id/handoff", async (c) => {
	const stub = stubFor(c.env, c.req.param("id"));
	const result = await stub.requestHuman(await tokenHashFrom(c.req.header("Authorization")));
	if (!result.ok) throw denial(result);
	return c.json({ message: result.message }, 201);
});

conversations.all("/", methodNotAllowed);
conversations.all("/:id/messages", methodNotAllowed);
conversations.all("/:id/handoff", methodNotAllowed);
