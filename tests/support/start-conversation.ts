import type { ConversationCreated } from "../../shared/protocol.ts";

export type StartedConversation = ConversationCreated["conversation"];

/** Starts a conversation as the widget does (`POST /v1/conversations`), with an error that says what the worker answered. */
export async function startConversation(url: string): Promise<StartedConversation> {
	const response = await fetch(`${url}/v1/conversations`, { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" });
	if (!response.ok) throw new Error(`POST /v1/conversations answered ${response.status}: ${await response.text()}`);
	return ((await response.json()) as ConversationCreated).conversation;
}
