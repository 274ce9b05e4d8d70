// What a conversation tells the analytics: one small event per thing that
// happened, sent after the fact so no customer ever waits for it.
import type { HandoffReason, LlmFailure, ReplyTier } from "../../shared/protocol.ts";
import type { ReplyUsage } from "../cascade/llm/stream-reply.ts";

export type AnalyticsEvent =
	| { type: "conversation_started"; conversationId: string }
	/** A customer message, whoever answers it. */
	| { type: "message"; conversationId: string }
	/** The AI's answer to the customer message `seq`; a fallback is a reply with tier "fallback". */
	| { type: "reply"; conversationId: string; seq: number; tier: ReplyTier; intent: string | null; confidence: number; latencyMs: number; llmFailure?: LlmFailure }
	/** A call to Claude, whatever became of the answer: the tokens the API reported for it. */
	| { type: "claude_call"; conversationId: string; usage: ReplyUsage }
	| { type: "handoff"; conversationId: string; reason: HandoffReason }
	| { type: "resolved"; conversationId: string; byHuman: boolean }
	/** 1–5; rating again replaces the earlier rating. */
	| { type: "rating"; conversationId: string; rating: number }
	| ReviewEvent
	| FlagEvent;

/**
 * A customer message worth labelling: the AI fell back, was unsure, or the
 * message led to a hand-off. Unmatched (no intent answered) when `intent` is null
 * and the tier is fallback or llm. `text` is already masked.
 */
export interface ReviewEvent {
	type: "review";
	conversationId: string;
	seq: number;
	text: string;
	tier: ReplyTier;
	/** The intent the AI answered with, if any; the export's label stays null until an agent flags it. */
	intent: string | null;
	confidence: number;
	lowConfidence: boolean;
	reason: HandoffReason | null;
	createdAt: string;
}

/** An agent named the intent a customer message should have matched. `text` is already masked. */
export interface FlagEvent {
	type: "flag";
	conversationId: string;
	seq: number;
	intent: string;
	text: string;
	tier: ReplyTier | null;
	/** The intent the AI answered with, if any. */
	answeredIntent: string | null;
	confidence: number | null;
	createdAt: string;
}

export const REVIEW_KINDS = ["fallback", "low_confidence", "handoff", "flagged"] as const;
export type ReviewKind = (typeof REVIEW_KINDS)[number];

/** One line of the export, ready to label and feed to `frontdesk eval`. */
export interface ExportRow {
	text: string;
	/** The label: null until an agent flags the message. */
	intent: string | null;
	/** The intent the AI answered with; null for the fallback. */
	answeredIntent: string | null;
	conversationId: string;
	tier: ReplyTier | null;
	confidence: number | null;
	reason?: HandoffReason;
	createdAt: string;
}
