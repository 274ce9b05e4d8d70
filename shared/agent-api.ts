// What the agent API answers the helpdesk: its requests' schemas are in request-schemas.ts.
import type { ConversationState, HandoffReason, Message } from "./protocol.ts";
import type { TranscriptEntry, WebhookData } from "./webhook-events.ts";

/**
 * What the agent API reads of a conversation handed to the team: its messages page by page as a ticket's
 * transcript has them (masked as `handoff.maskInTicket` says), with the ticket and a transcript link signed now
 * (the ticket's own lasts 7 days).
 */
export interface AgentMessagePage {
	messages: TranscriptEntry[];
	lastSeq: number;
	state: ConversationState;
	ticketId: string;
	/** Null when no webhook secret is set to sign it with. */
	transcriptUrl: string | null;
}

/** A reply, resolve or hand-back: the message it stored, where the conversation now stands, and the current ticket. */
export interface AgentActionDone {
	message: Message;
	state: ConversationState;
	ticketId: string;
}

/** A `webhook.test` sent to the endpoint now: whether it answered 2xx, else what it answered or why nothing came. */
export interface WebhookTestResult {
	url: string;
	webhookId: string;
	delivered: boolean;
	/** The endpoint's HTTP status; null when no answer came (refused, reset, no answer within 10 s). */
	status: number | null;
	latencyMs: number;
	error: string | null;
}

/**
 * A conversation whose current ticket is not resolved: a person has it (`handed_off`), or the team handed it back
 * to the AI without resolving it (`open`). One per conversation: its latest ticket.
 */
export interface OpenTicket {
	/** Its place in the list: a later hand-off of the conversation lists it again, further on, under a new seq. */
	seq: number;
	conversationId: string;
	ticketId: string;
	reason: HandoffReason;
	priority: WebhookData<"handoff.created">["priority"];
	handedOffAt: string;
	owner: ConversationState["owner"];
	status: "handed_off" | "open";
	/** When it last changed: handed off, handed back, taken over by a reply. */
	updatedAt: string;
}

/** A page of the open tickets, by seq; `next` is the `after` of the next page, null when this one is the last. */
export interface OpenTicketPage {
	tickets: OpenTicket[];
	next: number | null;
}
