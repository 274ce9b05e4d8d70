// What the integrator's helpdesk receives: everything a person needs to pick the conversation up
// without asking the customer to repeat themselves.
import type { HandoffReason, Message, MessageEntity, ReplyExplanation } from "../../shared/protocol.ts";
import type { SiteConfig } from "../../shared/site-config.ts";
import type { TranscriptEntry, WebhookCustomer, WebhookData } from "../../shared/webhook-events.ts";
import { maskPersonalData } from "../cascade/pii/mask-personal-data.ts";
import type { Availability } from "./business-hours.ts";
import { cutToLength } from "../text/cut.ts";

/** As the published schema has it: `low` and `urgent` are allowed there, and not sent today. */
type Priority = WebhookData<"handoff.created">["priority"];

// A ticket is one webhook body; of a conversation longer than this (only with limits raised far above
// the defaults) it carries the newest messages, and its transcript link has every one.
const TRANSCRIPT_LIMIT = 1000;
// And no more of them than this much JSON: text that JSON escapes (control characters take six bytes each) made
// 200 messages within the default limits a body of 2.5 MB, more than a Durable Object row or many helpdesks take.
const TRANSCRIPT_BYTES = 512 * 1024;
const utf8 = new TextEncoder();

/** The newest messages' entries, at most TRANSCRIPT_LIMIT of them and TRANSCRIPT_BYTES of JSON, oldest first. */
function transcriptOf(messages: readonly Message[], mask: SiteConfig["handoff"]["maskInTicket"]) {
	const entries: ReturnType<typeof transcriptEntry>[] = [];
	let bytes = 0;
	for (const message of messages.slice(-TRANSCRIPT_LIMIT).reverse()) {
		const entry = transcriptEntry(message, mask);
		bytes += utf8.encode(JSON.stringify(entry)).byteLength;
		if (bytes > TRANSCRIPT_BYTES) break;
		entries.push(entry);
	}
	return entries.reverse();
}

export interface TicketInput {
	ticketId: string;
	/** The ticket it replaces, if the helpdesk was sent one. */
	previousTicketId: string | null;
	conversationId: string;
	reason: HandoffReason;
	/** The whole conversation: the summary and entities draw on all of it. */
	messages: Message[];
	customer: WebhookCustomer;
	page: { url: string; title: string | null } | null;
	locale: string | null;
	availability: Availability;
	transcriptUrl: string;
	replyUrl: string;
}

const REASON_TEXT: Record<HandoffReason, string> = {
	customer_request: "The customer asked for a person",
	sensitive: "The conversation touched a sensitive topic",
	repeated_failure: "The AI could not help several times in a row",
	negative_sentiment: "The customer is upset",
};

export function priorityFor(reason: HandoffReason): Priority {
	return reason === "sensitive" || reason === "negative_sentiment" ? "high" : "normal";
}

const quote = (text: string) => `"${text.length > 160 ? `${cutToLength(text, 157)}…` : text}"`;

type LastIntent = { id: string; tier: ReplyExplanation["tier"]; confidence: number };

/**
 * The intent of the AI's latest answer; none when that answer had none (a fallback, Claude naming no intent): an intent
 * answered before the AI failed would give the agent the wrong topic. An answer that only passed the customer on ("can
 * I talk to a person?") is no topic: the answer before it names one, as when the customer pressed the button instead.
 * The transcript has every answer's explanation.
 */
function lastIntent(messages: Message[], intents: SiteConfig["intents"]): LastIntent | null {
	const passesOn = (id: string | null) => intents.some((intent) => intent.id === id && intent.action === "handoff" && !intent.sensitive);
	const explanation = messages.findLast((message) => message.explanation && !passesOn(message.explanation.intent))?.explanation;
	return explanation?.intent ? { id: explanation.intent, tier: explanation.tier, confidence: explanation.confidence } : null;
}

/** What the helpdesk may read of a customer's message: the types in `handoff.maskInTicket` masked. */
export const forTicket = (text: string, mask: SiteConfig["handoff"]["maskInTicket"]) => maskPersonalData(text, mask).text;

/** An entity of a masked type, or whose value holds masked data (an id read as a phone number), stays out of the ticket. */
function shownInTicket(entity: MessageEntity, mask: SiteConfig["handoff"]["maskInTicket"]): boolean {
	return !(mask as readonly string[]).includes(entity.type) && maskPersonalData(entity.value, mask).found.length === 0;
}

function summarize(reason: HandoffReason, intent: LastIntent | null, messages: Message[], config: SiteConfig): string {
	const asked = messages.filter((message) => message.role === "customer").map((message) => forTicket(message.text, config.handoff.maskInTicket));
	const topic = intent ? config.intents.find((candidate) => candidate.id === intent.id)?.description : undefined;
	const parts = [`${REASON_TEXT[reason]}.`];
	if (topic) parts.push(`Topic: ${topic}.`);
	if (asked.length) parts.push(`First message: ${quote(asked[0])}.`);
	if (asked.length > 1) parts.push(`Latest: ${quote(asked[asked.length - 1])}.`);
	return parts.join(" ");
}

type TicketEntity = { type: string; value: string; normalized?: string };

/** A message's entities as the helpdesk gets them: without offsets, which a masked text no longer matches. */
function entitiesForTicket(message: Message, mask: SiteConfig["handoff"]["maskInTicket"]): TicketEntity[] {
	return (message.entities ?? []).filter((entity) => shownInTicket(entity, mask)).map(({ type, value, normalized }) => (normalized === undefined ? { type, value } : { type, value, normalized }));
}

export function transcriptEntry(message: Message, mask: SiteConfig["handoff"]["maskInTicket"]): TranscriptEntry {
	const entities = entitiesForTicket(message, mask);
	return {
		seq: message.seq,
		role: message.role,
		kind: message.kind,
		// Every role: a reply can quote what the customer wrote (an order number that was a card, say).
		text: forTicket(message.text, mask),
		createdAt: message.createdAt,
		...(message.author ? { author: message.author } : {}),
		...(entities.length ? { entities } : {}),
		// Why the AI said what it said: which answers were guesses or fallbacks, which rule sent the conversation on.
		...(message.explanation ? { explanation: message.explanation } : {}),
	};
}

/** Each value once, as first mentioned, with its canonical form ("20 GBP") where it has one. */
function ticketEntities(messages: Message[], mask: SiteConfig["handoff"]["maskInTicket"]): TicketEntity[] {
	const seen = new Set<string>();
	return messages
		.flatMap((message) => entitiesForTicket(message, mask))
		.filter(({ type, value, normalized }) => {
			const key = JSON.stringify([type, normalized ?? value]);
			if (seen.has(key)) return false;
			seen.add(key);
			return true;
		});
}

export function handoffTicket(input: TicketInput, config: SiteConfig): WebhookData<"handoff.created"> {
	const { messages } = input;
	const intent = lastIntent(messages, config.intents);
	const entities = ticketEntities(messages, config.handoff.maskInTicket);
	return {
		ticketId: input.ticketId,
		conversationId: input.conversationId,
		previousTicketId: input.previousTicketId,
		reason: input.reason,
		priority: priorityFor(input.reason),
		lastIntent: intent,
		entities,
		customer: input.customer,
		// A page's address can hold what its query string was given (an account number, an e-mail address).
		page: input.page && { url: forTicket(input.page.url, config.handoff.maskInTicket), title: input.page.title === null ? null : forTicket(input.page.title, config.handoff.maskInTicket) },
		locale: input.locale,
		disclosureShownAt: messages.find((message) => message.kind === "disclosure")?.createdAt ?? null,
		businessHours: input.availability,
		summary: summarize(input.reason, intent, messages, config),
		transcript: transcriptOf(messages, config.handoff.maskInTicket),
		transcriptUrl: input.transcriptUrl,
		replyTo: { url: input.replyUrl, method: "POST" as const },
	};
}
