// The wire protocol between the widget and the worker: types and limits only,
// so the widget can import it without pulling zod into its bundle. The worker
// validates requests with the schemas in request-schemas.ts.

/** The languages the widget speaks. */
export const WIDGET_LOCALES = ["en", "es", "fr", "de", "ar"] as const;

export const LIMITS = {
	/** Bytes of a request body the worker reads at most, whatever the config says. */
	maxBodyBytes: 64 * 1024,
	clientMessageIdLength: 64,
	/** Characters of an agent's reply; a customer's message has the site's own limit (`limits.maxMessageLength`). */
	agentReplyLength: 10_000,
	pageUrlLength: 2048,
	pageTitleLength: 300,
	ratingCommentLength: 2000,
} as const;

export interface Page {
	url: string;
	title?: string;
}

/** From `Frontdesk.identify()`; `hash` is the hex HMAC-SHA256, with the site's identity secret, of `id`, `email` and `name` on three lines. */
export interface Identity {
	id: string;
	email?: string;
	name?: string;
	hash: string;
}

export interface CreateConversationRequest {
	locale?: string;
	page?: Page;
	identity?: Identity;
}

export interface SendMessageRequest {
	clientMessageId: string;
	text: string;
	page?: Page;
}

export const ROLES = ["customer", "assistant", "agent", "system"] as const;
export type Role = (typeof ROLES)[number];

/** What a message is, beyond who wrote it: a system message's kind says which notice it is. */
export const MESSAGE_KINDS = ["disclosure", "text", "handoff_requested", "resolved", "handed_back", "contact_saved"] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** Why a conversation went to a person; the ticket's `reason`. */
export const HANDOFF_REASONS = ["customer_request", "sensitive", "repeated_failure", "negative_sentiment"] as const;
export type HandoffReason = (typeof HANDOFF_REASONS)[number];

/** Who answers the customer now, and whether the widget should ask for an e-mail address. */
export interface ConversationState {
	owner: "ai" | "human";
	status: "open" | "handed_off" | "resolved";
	/** Handed to a person with no way to reach the customer yet: the widget asks for an e-mail address. */
	contactRequested: boolean;
	/** The customer has rated the conversation: the widget thanks them rather than ask again, after a reload too. */
	rated: boolean;
}

/** A value found in a customer message; `start`/`end` are UTF-16 offsets into its text, end exclusive. */
export interface MessageEntity {
	type: string;
	/** The text exactly as written: `text.slice(start, end)`. */
	value: string;
	start: number;
	end: number;
	/**
	 * A canonical form when one exists: the list's value for value lists, "45.99 USD" for amounts, "2026-11-27" for a
	 * date that names its day, "12345" for "#12345" and "INV-00123" for "inv-00123".
	 */
	normalized?: string;
}

export const REPLY_TIERS = ["rule", "matcher", "llm", "fallback"] as const;
export type ReplyTier = (typeof REPLY_TIERS)[number];

/**
 * The WebSocket subprotocols the live channel is opened with: Frontdesk's own, which the worker echoes, and the
 * conversation token as `token.<token>`. A browser sets no other header on a WebSocket, and a URL is what logs keep.
 */
export const LIVE_PROTOCOL = "frontdesk";
export const LIVE_TOKEN_PREFIX = "token.";
export const liveProtocols = (token: string) => [LIVE_PROTOCOL, LIVE_TOKEN_PREFIX + token];

/** The live channel's close code for a conversation erased: there is nothing left to reconnect to. */
export const ERASED_CLOSE_CODE = 4410;

/** Why Claude gave no answer: the API's failures first, then the site's budget and what the reply itself was. */
export const LLM_FAILURES = [
	"timeout",
	"rate_limited",
	"overloaded",
	"server_error",
	"auth",
	"bad_request",
	"network",
	"cancelled",
	"over_budget",
	"client_over_budget",
	"refusal",
	"unsafe_output",
	"cut_off",
	"empty_reply",
] as const;
export type LlmFailure = (typeof LLM_FAILURES)[number];

/** Which part of the reply pipeline wrote an assistant message, and why. */
export interface ReplyExplanation {
	tier: ReplyTier;
	/** The intent answered, or null when none was. */
	intent: string | null;
	/** 1 for an explicit rule, the matcher's calibrated confidence otherwise; for llm and fallback, what the matcher had. */
	confidence: number;
	/** Time from the customer's message to this reply being ready. */
	latencyMs: number;
	/** For tier "rule": which rule fired, e.g. `phrase "legal action"`. */
	rule?: string;
	/** For tier "llm": time to Claude's first token. */
	firstTokenMs?: number;
	/** For tier "fallback" after Claude was tried: why it gave no answer (timeout, overloaded, …). */
	llmFailure?: LlmFailure;
	/** For tier "fallback": the intents the customer was asked to choose from, a button each (one, when it was a suggestion). */
	choices?: string[];
}

export interface ResponseLink {
	label: string;
	url: string;
}

export interface Message {
	seq: number;
	role: Role;
	kind: MessageKind;
	text: string;
	createdAt: string;
	clientMessageId?: string;
	/** The customer message this one answers. */
	replyTo?: number;
	explanation?: ReplyExplanation;
	/** On agent messages: the person's name as the helpdesk gave it. */
	author?: string;
	/** On customer messages: order numbers, amounts, e-mails… found in the text. */
	entities?: MessageEntity[];
	/** On assistant messages: suggested answers the customer can send with one tap. */
	quickReplies?: string[];
	link?: ResponseLink;
}

/** Server-sent events of a streamed send (`Accept: text/event-stream`), in this order. */
export type SendEvent =
	| { event: "message"; data: Message }
	| { event: "delta"; data: { text: string } }
	| { event: "reply"; data: Message }
	| { event: "done"; data: { duplicate: boolean; state: ConversationState } };

export interface ConversationCreated {
	conversation: { id: string; token: string; createdAt: string };
	messages: Message[];
}

export interface MessageSent {
	message: Message;
	replies: Message[];
	/** True when clientMessageId had been seen before and nothing new was stored. */
	duplicate: boolean;
	state: ConversationState;
}

export interface MessagePage {
	messages: Message[];
	lastSeq: number;
	state: ConversationState;
}

/** `POST /v1/conversations/:id/handoff`: the hand-off notice stored, and where the conversation now stands. */
export interface HandoffRequested {
	message: Message;
	state: ConversationState;
}

/** `POST /v1/conversations/:id/contact`. */
export interface ContactSaved {
	state: ConversationState;
}

/** `POST /v1/conversations/:id/rating`. */
export interface RatingSaved {
	rating: number;
	state: ConversationState;
}

/** `POST /v1/identity`: only a verified identity is answered 200. */
export interface IdentityVerified {
	verified: true;
	name: string | null;
}

/** What the live channel (a WebSocket at /v1/conversations/:id/live) pushes to the widget. */
export type LiveEvent = { type: "message"; message: Message } | { type: "state"; state: ConversationState };

/** The public part of the site config the widget needs before a conversation exists. */
export interface WidgetSettings {
	title: string;
	assistantName: string;
	disclosure: string;
	greeting: string | null;
	pageGreetings: Array<{ path: string; text: string }>;
	color: string;
	position: "right" | "left";
	zIndex: number;
	locale: string | null;
	avatarUrl: string | null;
}

export type ErrorCode =
	| "bad_json"
	| "invalid_request"
	| "unauthorized"
	| "origin_not_allowed"
	| "invalid_link"
	| "not_found"
	| "conflict"
	| "ticket_superseded"
	| "method_not_allowed"
	| "payload_too_large"
	| "message_too_long"
	| "rate_limited"
	| "conversation_full"
	| "unsupported_media_type"
	| "internal_error";

/** What an error names besides its message, for a program to act on without reading the message's words. */
export interface ErrorDetails {
	/** With `ticket_superseded`: the conversation's current ticket. */
	ticketId?: string;
}

export interface ErrorBody {
	error: { code: ErrorCode; message: string } & ErrorDetails;
}
