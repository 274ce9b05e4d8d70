// Calls to the Frontdesk worker's agent API, the way a helpdesk answers, closes
// or hands back a conversation it was given.
import { randomUUID } from "node:crypto";
import { messageSchema, type TranscriptMessage } from "./events.ts";

export interface AgentApiConfig {
	workerUrl: string;
	agentToken: string;
}

export interface AgentApiError {
	ok: false;
	code: string;
	message: string;
}

export type AgentAction = "resolve" | "handback";

/** Long enough for a busy `wrangler dev`, short enough that the agent is not left staring at a spinner. */
const TIMEOUT_MS = 10_000;

export async function sendAgentReply(
	config: AgentApiConfig,
	conversationId: string,
	reply: { text: string; agentName: string; ticketId: string },
): Promise<{ ok: true; message: TranscriptMessage } | AgentApiError> {
	// One id for both attempts: when the worker stored the reply but its answer was lost on the way, the retry
	// gets the stored reply back instead of posting it to the customer twice.
	const body = { ...reply, clientMessageId: `inbox-${randomUUID()}` };
	let result = await post(config, conversationId, "messages", body);
	if (!result.ok && result.code === "network_error") result = await post(config, conversationId, "messages", body);
	if (!result.ok) return result;
	const parsed = messageSchema.safeParse((result.body as { message?: unknown } | null)?.message);
	if (parsed.success) return { ok: true, message: parsed.data };
	return { ok: false, code: "unexpected_response", message: "Frontdesk accepted the reply but did not send the stored message back." };
}

/** Names the ticket, so that closing an old one never ends a newer hand-off of the same conversation (409 ticket_superseded). */
export async function runAgentAction(config: AgentApiConfig, conversationId: string, ticketId: string, action: AgentAction): Promise<{ ok: true } | AgentApiError> {
	const result = await post(config, conversationId, action, { ticketId });
	return result.ok ? { ok: true } : result;
}

async function post(config: AgentApiConfig, conversationId: string, action: string, body: object): Promise<{ ok: true; body: unknown } | AgentApiError> {
	const url = `${config.workerUrl.replace(/\/+$/, "")}/v1/agent/conversations/${encodeURIComponent(conversationId)}/${action}`;
	let response: Response;
	try {
		response = await fetch(url, {
			method: "POST",
			headers: { Authorization: `Bearer ${config.agentToken}`, "Content-Type": "application/json" },
			body: JSON.stringify(body),
			signal: AbortSignal.timeout(TIMEOUT_MS),
		});
	} catch (error) {
		// fetch's own message is just "fetch failed"; the cause says why (ECONNREFUSED, timeout, …).
		const cause = (error as Error).cause instanceof Error ? ((error as Error).cause as Error) : (error as Error);
		return { ok: false, code: "network_error", message: `Could not reach Frontdesk at ${config.workerUrl}: ${cause.message}` };
	}
	const answer: unknown = await response.json().catch(() => null);
	if (response.ok) return { ok: true, body: answer };
	const error = (answer as { error?: { code?: unknown; message?: unknown } } | null)?.error;
	return {
		ok: false,
		code: typeof error?.code === "string" ? error.code : "http_error",
		message: typeof error?.message === "string" ? error.message : `Frontdesk answered ${response.status} ${response.statusText}.`,
	};
}
