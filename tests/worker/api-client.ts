import { exports } from "cloudflare:workers";
import type { ConversationCreated, ErrorBody } from "../../shared/protocol.ts";

export const ORIGIN = "http://localhost:8787";

export function call(path: string, init: RequestInit & { json?: unknown } = {}): Promise<Response> {
	const headers = new Headers(init.headers);
	if (!headers.has("Origin")) headers.set("Origin", ORIGIN);
	let body = init.body;
	if (init.json !== undefined) {
		headers.set("Content-Type", "application/json");
		body = JSON.stringify(init.json);
	}
	return exports.default.fetch(new Request(`https://frontdesk.test${path}`, { ...init, headers, body }));
}

export async function startConversation(): Promise<ConversationCreated["conversation"]> {
	const response = await call("/v1/conversations", { method: "POST", json: {} });
	if (response.status !== 201) throw new Error(`could not start a conversation: ${response.status}`);
	return ((await response.json()) as ConversationCreated).conversation;
}

/** A conversation handed to the team by the customer's button: it has a ticket, so the agent API can reply in it. */
export async function handedOffConversation(): Promise<ConversationCreated["conversation"]> {
	const conversation = await startConversation();
	const response = await call(`/v1/conversations/${conversation.id}/handoff`, { method: "POST", headers: { Authorization: `Bearer ${conversation.token}` } });
	if (response.status !== 201) throw new Error(`could not hand the conversation off: ${response.status}`);
	return conversation;
}

export function send(conversation: { id: string; token: string }, text: string, clientMessageId: string = crypto.randomUUID()) {
	return call(`/v1/conversations/${conversation.id}/messages`, {
		method: "POST",
		headers: { Authorization: `Bearer ${conversation.token}` },
		json: { clientMessageId, text },
	});
}

export async function errorOf(response: Response): Promise<ErrorBody["error"]> {
	return ((await response.json()) as ErrorBody).error;
}
