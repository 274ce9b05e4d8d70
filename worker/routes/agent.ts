// The helpdesk's side: reply into a conversation, resolve it, hand it back to
// the AI, list the open tickets, and inspect or retry the webhooks sent about it.
import { Hono } from "hono";
import { ApiError } from "../../shared/api-error.ts";
import { LIMITS } from "../../shared/protocol.ts";
import { agentActionSchema, agentMessageSchema, flagSchema, readMessagesQuerySchema, readOpenTicketsQuerySchema } from "../../shared/request-schemas.ts";
import type { AgentActionDone, AgentMessagePage, WebhookTestResult } from "../../shared/agent-api.ts";
import type { Env } from "../env.ts";
import { agentAuth } from "../http/agent-auth.ts";
import { readJsonBody, readNoBody, validate } from "../http/json-body.ts";
import { methodNotAllowed } from "../http/method-not-allowed.ts";
import { ENABLED, webhookEndpointOf } from "../handoff/webhook-endpoint.ts";
import { deliverWebhook, succeeded } from "../handoff/deliver.ts";
import { endpointOf } from "../handoff/drain-outbox.ts";
import { newWebhook } from "../handoff/webhook-outbox.ts";
import { openTicketsOf } from "../handoff/open-tickets.ts";
import { conversationStub } from "./conversation-stub.ts";
import { denial } from "./denial.ts";
import { knownQueryParams } from "../http/known-query-params.ts";
import { assertMessageLength } from "../http/message-length.ts";

export const agent = new Hono<{ Bindings: Env }>();

/** A message's seq from the path; anything else names no message. */
function messageSeq(value: string): number {
	if (!/^[1-9]\d{0,8}$/.test(value)) throw denial({ ok: false, reason: "no_such_customer_message" });
	return Number(value);
}

/** What a reply, resolve or hand-back answers, and no more of the object's result. */
const actionDone = ({ message, state, ticketId }: AgentActionDone): AgentActionDone => ({ message, state, ticketId });

agent.use("*", agentAuth);

agent.post("/conversations/:id/messages", knownQueryParams(), async (c) => {
	const stub = conversationStub(c.env, c.req.param("id"));
	const { text, agentName, clientMessageId, ticketId } = await readJsonBody(c, agentMessageSchema);
	assertMessageLength(text, LIMITS.agentReplyLength, "An agent's reply");
	const result = await stub.agentReply(text, agentName, clientMessageId, ticketId);
	if (!result.ok) throw denial(result);
	return c.json(actionDone(result), result.duplicate ? 200 : 201);
});

agent.get("/conversations/:id/messages", knownQueryParams("after"), async (c) => {
	const { after } = validate(readMessagesQuerySchema, c.req.query());
	const result = await conversationStub(c.env, c.req.param("id")).agentRead(after);
	if (!result.ok) throw denial(result);
	const page: AgentMessagePage = { messages: result.messages, lastSeq: result.lastSeq, state: result.state, ticketId: result.ticketId, transcriptUrl: result.transcriptUrl };
	return c.json(page);
});

agent.post("/conversations/:id/resolve", knownQueryParams(), async (c) => {
	const { ticketId } = await readJsonBody(c, agentActionSchema, { optional: true });
	const result = await conversationStub(c.env, c.req.param("id")).resolve(ticketId);
	if (!result.ok) throw denial(result);
	return c.json(actionDone(result));
});

agent.post("/conversations/:id/handback", knownQueryParams(), async (c) => {
	const { ticketId } = await readJsonBody(c, agentActionSchema, { optional: true });
	const result = await conversationStub(c.env, c.req.param("id")).handBack(ticketId);
	if (!result.ok) throw denial(result);
	return c.json(actionDone(result));
});

/** The intent a customer message should have matched: the review export carries it as the label. */
agent.post("/conversations/:id/messages/:seq/flag", knownQueryParams(), async (c) => {
	const stub = conversationStub(c.env, c.req.param("id"));
	const seq = messageSeq(c.req.param("seq"));
	const { intent } = await readJsonBody(c, flagSchema);
	const result = await stub.flagMessage(seq, intent);
	if (!result.ok) throw denial(result);
	return c.json({ conversationId: c.req.param("id"), seq, intent });
});

agent.get("/conversations/:id/webhooks", knownQueryParams(), async (c) => {
	const result = await conversationStub(c.env, c.req.param("id")).deliveries();
	if (!result.ok) throw denial(result);
	return c.json({ ticketId: result.ticketId, webhooks: result.webhooks });
});

agent.post("/conversations/:id/webhooks/:webhookId/redeliver", knownQueryParams(), async (c) => {
	await readNoBody(c);
	const result = await conversationStub(c.env, c.req.param("id")).redeliver(c.req.param("webhookId"));
	if (!result.ok) throw denial(result);
	return c.json({ webhooks: result.webhooks }, 202);
});

/** A webhook the helpdesk will never accept would disable the endpoint again and again: it can be given up on. */
agent.post("/conversations/:id/webhooks/:webhookId/skip", knownQueryParams(), async (c) => {
	await readNoBody(c);
	const result = await conversationStub(c.env, c.req.param("id")).skip(c.req.param("webhookId"));
	if (!result.ok) throw denial(result);
	return c.json({ webhooks: result.webhooks });
});

/** Every conversation whose ticket is not resolved, for a helpdesk reconciling its queue with ours, a page at a time. */
agent.get("/tickets", knownQueryParams("after"), async (c) => {
	const { after } = validate(readOpenTicketsQuerySchema, c.req.query());
	return c.json(await openTicketsOf(c.env).list(after));
});

agent.get("/webhook-endpoint", knownQueryParams(), async (c) => {
	const url = c.env.FRONTDESK_WEBHOOK_URL;
	if (!url) return c.json({ url: null, ...ENABLED });
	return c.json({ url, ...(await webhookEndpointOf(c.env).status(url)) });
});

/** After a 410 Gone or a webhook's retries used up, the integrator turns the endpoint back on; every conversation then sends what it held. */
agent.post("/webhook-endpoint/enable", knownQueryParams(), async (c) => {
	await readNoBody(c);
	const url = c.env.FRONTDESK_WEBHOOK_URL;
	if (url) await webhookEndpointOf(c.env).enable();
	return c.json({ url: url ?? null, ...ENABLED });
});

/**
 * Sends a signed `webhook.test` now, once, and says how the endpoint answered: an integrator checks its receiver before
 * the first hand-off depends on it. Outside every conversation's outbox, so it is never retried, and a failure disables nothing.
 */
agent.post("/webhook-endpoint/test", knownQueryParams(), async (c) => {
	await readNoBody(c);
	const endpoint = endpointOf(c.env);
	if (!endpoint) throw new ApiError(409, "conflict", "No webhook can be sent: set FRONTDESK_WEBHOOK_URL and FRONTDESK_WEBHOOK_SECRET.");
	const webhook = newWebhook("webhook.test", { message: "A test from Frontdesk: your endpoint receives its webhooks. Answer any 2xx once you have verified the signature." }, new Date());
	const attempt = await deliverWebhook(endpoint, webhook);
	const result: WebhookTestResult = { url: endpoint.url, webhookId: webhook.id, delivered: succeeded(attempt), status: attempt.status, latencyMs: attempt.latencyMs, error: attempt.error };
	return c.json(result);
});

agent.all("/conversations/:id/messages", methodNotAllowed("GET", "POST"));
agent.all("/conversations/:id/resolve", methodNotAllowed("POST"));
agent.all("/conversations/:id/handback", methodNotAllowed("POST"));
agent.all("/conversations/:id/webhooks", methodNotAllowed("GET"));
agent.all("/conversations/:id/messages/:seq/flag", methodNotAllowed("POST"));
agent.all("/conversations/:id/webhooks/:webhookId/redeliver", methodNotAllowed("POST"));
agent.all("/conversations/:id/webhooks/:webhookId/skip", methodNotAllowed("POST"));
agent.all("/tickets", methodNotAllowed("GET"));
agent.all("/webhook-endpoint", methodNotAllowed("GET"));
agent.all("/webhook-endpoint/enable", methodNotAllowed("POST"));
agent.all("/webhook-endpoint/test", methodNotAllowed("POST"));
