// The wire protocol between the widget and the worker. Request bodies are
// validated with these schemas by the worker; the widget imports only the
// types, so zod never reaches the widget bundle.
import { z } from "zod";

export const API_VERSION = "v1";

export const LIMITS = {
	/** Bytes of a request body the worker reads at most, whatever the config says. */
	maxBodyBytes: 64 * 1024,
	clientMessageIdLength: 64,
	pageUrlLength: 2048,
	pageTitleLength: 300,
} as const;

export const pageSchema = z.strictObject({
	url: z.url({ protocol: /^https?$/ }).max(LIMITS.pageUrlLength),
	title: z.string().max(LIMITS.pageTitleLength).optional(),
});

export const createConversationSchema = z.strictObject({
	locale: z
		.string()
		.regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, "must be a BCP 47 language tag such as en or pt-BR")
		.optional(),
	page: pageSchema.optional(),
});

export const sendMessageSchema = z.strictObject({
	clientMessageId: z
		.string()
		.min(8)
		.max(LIMITS.clientMessageIdLength)
		.regex(/^[A-Za-z0-9_-]+$/, "must contain only letters, digits, '-' and '_'"),
	// The length cap comes from the site config and answers 413, so it is checked after parsing.
	text: z.string().trim().min(1, "must not be empty"),
	page: pageSchema.optional(),
});

export const readMessagesQuerySchema = z.object({
	after: z.coerce.number().int().min(0).default(0),
});

export type CreateConversationRequest = z.infer<typeof createConversationSchema>;
export type SendMessageRequest = z.infer<typeof sendMessageSchema>;
export type Page = z.infer<typeof pageSchema>;

export type Role = "customer" | "assistant" | "agent" | "system";

/** What a message is, beyond who wrote it. */
export type MessageKind = "disclosure" | "text" | "handoff_requested";

/** Which part of the reply pipeline wrote an assistant message, and why. */
export interface ReplyExplanation {
	tier: "rule" | "matcher" | "llm" | "fallback";
	intent: string | null;
	confidence: number;
	latencyMs: number;
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
}

export interface ConversationCreated {
	conversation: { id: string; token: string; createdAt: string };
	messages: Message[];
}

export interface MessageSent {
	message: Message;
	replies: Message[];
	/** True when clientMessageId had been seen before and nothing new was stored. */
	duplicate: boolean;
}

export interface MessagePage {
	messages: Message[];
	lastSeq: number;
}

/** The public part of the site config the widget needs before a conversation exists. */
export interface WidgetSettings {
	title: string;
	assistantName: string;
	disclosure: string;
	greeting: string | null;
}

export type ErrorCode =
	| "bad_json"
	| "invalid_request"
	| "unauthorized"
	| "origin_not_allowed"
	| "not_found"
	| "method_not_allowed"
	| "payload_too_large"
	| "message_too_long"
	| "unsupported_media_type"
	| "internal_error";

export interface ErrorBody {
	error: { code: ErrorCode; message: string };
}
