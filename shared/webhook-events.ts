// The webhooks Frontdesk sends, defined once: the worker's payloads are checked
// against these schemas in tests, and docs/webhooks.schema.json is generated
// from them (`npm run build`).
import { z } from "zod";
import { HANDOFF_REASONS, LLM_FAILURES, MESSAGE_KINDS, REPLY_TIERS, ROLES, type ReplyExplanation } from "./protocol.ts";
import type { Is, Same } from "./type-checks.ts";

const isoTime = z.iso.datetime();
const role = z.enum(ROLES);

/** A value a customer's message named, with its canonical form ("20 GBP", "2026-11-27") where it has one. */
const entitySchema = z.object({ type: z.string(), value: z.string(), normalized: z.string().optional() });

const tier = z.enum(REPLY_TIERS);

/** Which part of the AI wrote a message, and why: as the conversation API returns it. */
const explanationSchema = z.object({
	tier,
	/** The intent answered, or null when none was. */
	intent: z.string().nullable(),
	/** 1 for an explicit rule, the matcher's calibrated confidence otherwise; for llm and fallback, what the matcher had. */
	confidence: z.number(),
	latencyMs: z.number(),
	/** For tier "rule": which rule fired, e.g. `phrase "legal action"`. */
	rule: z.string().optional(),
	/** For tier "llm": time to Claude's first token. */
	firstTokenMs: z.number().optional(),
	/** For tier "fallback" after Claude was tried: why it gave no answer. */
	llmFailure: z.enum(LLM_FAILURES).optional(),
	/** For tier "fallback": the intents the customer was asked to choose from, a button each (one, when it was a suggestion). */
	choices: z.array(z.string()).optional(),
});

const transcriptEntrySchema = z.object({
	seq: z.number().int().positive(),
	role,
	/** Which notice a system message is (the AI disclosure, the hand-off, the resolve, the hand-back); "text" for the rest. */
	kind: z.enum(MESSAGE_KINDS),
	text: z.string(),
	createdAt: isoTime,
	author: z.string().optional(),
	/** On a customer's message: what it named, less the types the ticket masks. */
	entities: z.array(entitySchema).optional(),
	/** On the AI's answers, and on a hand-off notice the answer itself gave. */
	explanation: explanationSchema.optional(),
});

export type TranscriptEntry = z.infer<typeof transcriptEntrySchema>;

/** How a conversation came to record an e-mail address: the customer's own, or one they wrote in a message (maybe someone else's). */
export const EMAIL_SOURCES = ["signed_in", "contact_form", "message"] as const;
export type EmailSource = (typeof EMAIL_SOURCES)[number];

export const customerSchema = z.object({
	id: z.string().nullable(),
	email: z.string().nullable(),
	/** Where `email` came from: the site's signed identity, the e-mail form after a hand-off, or a message (check that one is theirs). */
	emailSource: z.enum(EMAIL_SOURCES).nullable(),
	name: z.string().nullable(),
	verified: z.boolean(),
});

export type WebhookCustomer = z.infer<typeof customerSchema>;

export const handoffCreatedSchema = z.object({
	type: z.literal("handoff.created"),
	timestamp: isoTime,
	data: z.object({
		ticketId: z.string(),
		conversationId: z.string(),
		/**
		 * The conversation's ticket before this one, which this one replaces (it was handed back or resolved, and the
		 * customer asked for a person again): close it on your side if it is still open. Null for its first.
		 */
		previousTicketId: z.string().nullable(),
		reason: z.enum(HANDOFF_REASONS),
		priority: z.enum(["low", "normal", "high", "urgent"]),
		/** The intent of the AI's latest answer; null when that answer had none. */
		lastIntent: z.object({ id: z.string(), tier, confidence: z.number() }).nullable(),
		entities: z.array(entitySchema),
		customer: customerSchema,
		page: z.object({ url: z.string(), title: z.string().nullable() }).nullable(),
		locale: z.string().nullable(),
		disclosureShownAt: isoTime.nullable(),
		businessHours: z.object({ open: z.boolean(), nextOpenAt: isoTime.nullable() }),
		summary: z.string(),
		transcript: z.array(transcriptEntrySchema),
		transcriptUrl: z.url(),
		replyTo: z.object({ url: z.url(), method: z.literal("POST") }),
	}),
});

export const messageCreatedSchema = z.object({
	type: z.literal("conversation.message.created"),
	timestamp: isoTime,
	data: z.object({
		ticketId: z.string(),
		conversationId: z.string(),
		/** 1, 2, 3… per conversation: order them by this, whatever order they arrive in. */
		sequence: z.number().int().positive(),
		message: transcriptEntrySchema,
	}),
});

const contactUpdatedSchema = z.object({
	type: z.literal("conversation.contact.updated"),
	timestamp: isoTime,
	data: z.object({ ticketId: z.string(), conversationId: z.string(), customer: customerSchema }),
});

/** The customer rated the conversation your team resolved (1 to 5, with an optional comment); rating again replaces it. */
export const conversationRatedSchema = z.object({
	type: z.literal("conversation.rated"),
	timestamp: isoTime,
	data: z.object({
		ticketId: z.string(),
		conversationId: z.string(),
		rating: z.number().int().min(1).max(5),
		comment: z.string().nullable(),
		ratedAt: isoTime,
	}),
});

/** Why a conversation was erased: its customer or the site owner asked, or its retention period ran out. */
export const ERASURE_REASONS = ["customer_request", "site_owner_request", "retention_expired"] as const;

/** The conversation and everything stored with it are gone: delete your copy of its tickets and messages. */
export const conversationErasedSchema = z.object({
	type: z.literal("conversation.erased"),
	timestamp: isoTime,
	data: z.object({
		conversationId: z.string(),
		/** Every ticket of the conversation your helpdesk was sent. */
		ticketIds: z.array(z.string()),
		reason: z.enum(ERASURE_REASONS),
		erasedAt: isoTime,
	}),
});

/** Sent only when asked for (`POST /v1/agent/webhook-endpoint/test`), to check an endpoint receives and verifies webhooks; about no conversation. */
export const webhookTestSchema = z.object({
	type: z.literal("webhook.test"),
	timestamp: isoTime,
	data: z.object({ message: z.string() }),
});

export const webhookEventSchema = z.discriminatedUnion("type", [handoffCreatedSchema, messageCreatedSchema, contactUpdatedSchema, conversationRatedSchema, conversationErasedSchema, webhookTestSchema]);

export type WebhookEvent = z.input<typeof webhookEventSchema>;
export type WebhookEventType = WebhookEvent["type"];
/** What an event of a type carries: the worker's payloads are typed by the schema integrators read. */
export type WebhookData<Type extends WebhookEventType> = Extract<WebhookEvent, { type: Type }>["data"];

// A message's explanation reaches the helpdesk as the conversation API returns it: a field added to one and not the
// other would be sent to receivers that validate against docs/webhooks.schema.json (no additional properties) and refuse it.
type Explanation = z.output<typeof explanationSchema>;
export type ExplanationMatchesProtocol = [Is<Same<Explanation, ReplyExplanation>>, Is<Same<keyof Explanation, keyof ReplyExplanation>>];
