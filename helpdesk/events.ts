// The Frontdesk webhook events the inbox acts on, parsed after the signature checks out.
// Only the ids and messages the inbox keys on are strict; display fields are lenient
// (`nullish`, plain strings instead of enums), so a worker that adds a reason or leaves
// out a page still gets its ticket shown instead of a 400.
import { z } from "zod";

export const messageSchema = z.object({
	seq: z.number().int().nonnegative(),
	role: z.string(),
	text: z.string(),
	createdAt: z.string(),
	// An agent's name, on their replies.
	author: z.string().optional(),
	// Why the AI said what it said, shown under its answer.
	explanation: z.object({ tier: z.string(), intent: z.string().nullish(), confidence: z.number().nullish(), rule: z.string().nullish(), llmFailure: z.string().nullish() }).nullish(),
});

const conversationRef = {
	ticketId: z.string().min(1),
	conversationId: z.string().min(1),
};

const customerSchema = z.object({ id: z.string().nullish(), email: z.string().nullish(), emailSource: z.string().nullish(), name: z.string().nullish(), verified: z.boolean().nullish() });

const handoffSchema = z.object({
	...conversationRef,
	reason: z.string(),
	priority: z.string(),
	lastIntent: z.object({ id: z.string(), tier: z.string(), confidence: z.number() }).nullish(),
	entities: z.array(z.object({ type: z.string(), value: z.string() })).nullish(),
	customer: customerSchema.nullish(),
	page: z.object({ url: z.string(), title: z.string().nullish() }).nullish(),
	locale: z.string().nullish(),
	disclosureShownAt: z.string().nullish(),
	businessHours: z.object({ open: z.boolean(), nextOpenAt: z.string().nullish() }).nullish(),
	summary: z.string().nullish(),
	transcript: z.array(messageSchema),
	transcriptUrl: z.string().nullish(),
});

const eventSchema = z.discriminatedUnion("type", [
	z.object({ type: z.literal("handoff.created"), data: handoffSchema }),
	z.object({
		type: z.literal("conversation.message.created"),
		data: z.object({ ...conversationRef, sequence: z.number().int().optional(), message: messageSchema }),
	}),
	z.object({ type: z.literal("conversation.contact.updated"), data: z.object({ ...conversationRef, customer: customerSchema }) }),
	z.object({ type: z.literal("conversation.rated"), data: z.object({ ...conversationRef, rating: z.number(), comment: z.string().nullish() }) }),
	z.object({ type: z.literal("conversation.erased"), data: z.object({ conversationId: z.string().min(1), ticketIds: z.array(z.string()) }) }),
]);

export type TranscriptMessage = z.output<typeof messageSchema>;
export type Handoff = z.output<typeof handoffSchema>;
export type InboxEvent = z.output<typeof eventSchema>;

export type ParsedEvent = { kind: "event"; event: InboxEvent } | { kind: "ignored"; type: string } | { kind: "invalid"; problem: string };

const KNOWN_TYPES = new Set(["handoff.created", "conversation.message.created", "conversation.contact.updated", "conversation.rated", "conversation.erased"]);

/** Sorts a verified Standard Webhooks body into an event to apply, one to ignore, or a malformed one. */
export function parseEvent(body: unknown): ParsedEvent {
	const type = typeof body === "object" && body !== null && "type" in body ? body.type : undefined;
	if (typeof type !== "string") return { kind: "invalid", problem: "type: must be a string" };
	if (!KNOWN_TYPES.has(type)) return { kind: "ignored", type };
	const result = eventSchema.safeParse(body);
	if (result.success) return { kind: "event", event: result.data };
	const issue = result.error.issues[0];
	return { kind: "invalid", problem: `${issue.path.join(".")}: ${issue.message}` };
}
