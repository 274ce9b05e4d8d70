// What the conversation Durable Object calls to report a turn: builds the
// events, masks personal data before any text leaves the conversation, and
// sends them to the day's Analytics object without making anyone wait.
import type { HandoffReason, Message, ReplyExplanation } from "../../shared/protocol.ts";
import type { ReplyUsage } from "../cascade/llm/stream-reply.ts";
import { maskPersonalData } from "../cascade/pii/mask-personal-data.ts";
import { DEFAULT_THRESHOLD } from "../cascade/matcher/index.ts";
import { compiledSite } from "../config/compiled-site.ts";
import { logError } from "../privacy/safe-log.ts";
import type { Analytics } from "./analytics-object.ts";
import { dayOf } from "./day-range.ts";
import type { AnalyticsEvent } from "./events.ts";

/** The conversation as the analytics know it: its id, and the day it started, which picks the Analytics object. */
export interface ConversationRef {
	id: string;
	createdAt: string;
}

/**
 * Matcher confidence under which an answer is worth a look: below the threshold
 * Claude answered in the matcher's place; just above it the matcher was barely sure.
 */
const LOW_CONFIDENCE_MARGIN = 0.1;
const lowConfidenceBelow = (compiledSite.config.cascade.threshold ?? DEFAULT_THRESHOLD) + LOW_CONFIDENCE_MARGIN;

const masked = (text: string) => maskPersonalData(text).text;

/** The events of one customer message the AI answered, with `handoff` when it also went to a person. */
export function turnEvents(conversationId: string, message: Message, explanation: ReplyExplanation, handoff: HandoffReason | null, lowBelow: number): AnalyticsEvent[] {
	const { tier, intent, confidence, latencyMs, llmFailure } = explanation;
	const events: AnalyticsEvent[] = [
		{ type: "message", conversationId },
		{ type: "reply", conversationId, seq: message.seq, tier, intent, confidence, latencyMs, llmFailure },
	];
	const lowConfidence = (tier === "matcher" || tier === "llm") && confidence < lowBelow;
	if (tier === "fallback" || lowConfidence || handoff !== null) {
		events.push({ type: "review", conversationId, seq: message.seq, text: masked(message.text), tier, intent, confidence, lowConfidence, reason: handoff, createdAt: message.createdAt });
	}
	return events;
}

/** How long after a turn its events are sent: longer than a reply takes to leave the runtime. */
const SEND_AFTER_MS = 100;

const startedEvent = (conversation: ConversationRef): AnalyticsEvent => ({ type: "conversation_started", conversationId: conversation.id });

export class AnalyticsEmitter {
	readonly #ctx: Pick<DurableObjectState, "waitUntil">;
	readonly #days: DurableObjectNamespace<Analytics>;
	readonly #inFlight = new Set<Promise<void>>();
	/** The events waiting to be sent to their day's object, which take any reported before they leave. */
	#batch: { day: string; events: AnalyticsEvent[] } | null = null;
	constructor(ctx: Pick<DurableObjectState, "waitUntil">, days: DurableObjectNamespace<Analytics>) {
		this.#ctx = ctx;
		this.#days = days;
	}

	started(conversation: ConversationRef): void {
		this.#send(conversation, [startedEvent(conversation)]);
	}

	/**
	 * A customer message the AI answered (and maybe handed off because of). The conversation's first starts it,
	 * counted here, once the answer is out, rather than while the customer waits for it.
	 */
	answered(conversation: ConversationRef, message: Message, explanation: ReplyExplanation, handoff: HandoffReason | null, first: boolean): void {
		const turn = turnEvents(conversation.id, message, explanation, handoff, lowConfidenceBelow);
		this.#send(conversation, first ? [startedEvent(conversation), ...turn] : turn);
	}

	/** Claude was called: counted even when no answer came of it, as the call is billed all the same. */
	calledClaude(conversation: ConversationRef, usage: ReplyUsage): void {
		this.#send(conversation, [{ type: "claude_call", conversationId: conversation.id, usage }]);
	}

	/** A customer message that went to the person who owns the conversation. */
	forwarded(conversation: ConversationRef): void {
		this.#send(conversation, [{ type: "message", conversationId: conversation.id }]);
	}

	handedOff(conversation: ConversationRef, reason: HandoffReason): void {
		this.#send(conversation, [{ type: "handoff", conversationId: conversation.id, reason }]);
	}

	resolved(conversation: ConversationRef, byHuman: boolean): void {
		this.#send(conversation, [{ type: "resolved", conversationId: conversation.id, byHuman }]);
	}

	rated(conversation: ConversationRef, rating: number): void {
		this.#send(conversation, [{ type: "rating", conversationId: conversation.id, rating }]);
	}

	/** An agent's label for a customer message; `explanation` is the AI's answer to it, if it had one. */
	flagged(conversation: ConversationRef, message: Message, explanation: ReplyExplanation | undefined, intent: string): void {
		this.#send(conversation, [
			{
				type: "flag",
				conversationId: conversation.id,
				seq: message.seq,
				intent,
				text: masked(message.text),
				tier: explanation?.tier ?? null,
				answeredIntent: explanation?.intent ?? null,
				confidence: explanation?.confidence ?? null,
				createdAt: message.createdAt,
			},
		]);
	}

	/**
	 * Deletes the conversation's texts from its day, once the events already on
	 * their way have landed, so none of them brings a text back. Throws when the
	 * day cannot be reached, for the caller to try again.
	 */
	async forget(conversation: ConversationRef): Promise<void> {
		await Promise.all(this.#inFlight);
		await this.#dayObject(dayOf(conversation.createdAt)).forget(conversation.id);
	}

	// Fire and forget: a lost event costs a count, never a customer's reply. Sent a moment later, once the reply
	// is on its way: the day's object may run on the same machine, and its work would hold the reply up. The events
	// reported meanwhile (a turn's Claude call and its answer, say) go with them, in one call instead of several: each
	// call to the day's object costs the runtime about as much whatever it carries, and every conversation of the day
	// calls that one object.
	#send(conversation: ConversationRef, events: AnalyticsEvent[]): void {
		const day = dayOf(conversation.createdAt);
		if (this.#batch?.day === day) {
			this.#batch.events.push(...events);
			return;
		}
		const batch = { day, events: [...events] };
		this.#batch = batch;
		const sent = new Promise((resolve) => setTimeout(resolve, SEND_AFTER_MS))
			.then(() => {
				if (this.#batch === batch) this.#batch = null;
				return this.#dayObject(day).record(batch.events);
			})
			.catch((error: unknown) => logError("analytics events lost", error))
			.finally(() => this.#inFlight.delete(sent));
		this.#inFlight.add(sent);
		this.#ctx.waitUntil(sent);
	}

	#dayObject(day: string) {
		return this.#days.get(this.#days.idFromName(day));
	}
}
