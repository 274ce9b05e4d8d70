import type { Limits } from "../../shared/site-config.ts";
import { MINUTE_MS } from "../time/durations.ts";

/**
 * Changes of the contact address and the rating one conversation may make. Each is a webhook to the helpdesk (and an
 * address a directory entry), which per-client rate limits only slow: without a cap, one customer could flood the
 * helpdesk and grow the conversation's storage, and keep it from expiring, for as long as they liked.
 */
export const MAX_CUSTOMER_UPDATES = 20;

export type ConversationAllowance = { ok: true } | { ok: false; reason: "rate_limited"; retryAfterSeconds: number } | { ok: false; reason: "conversation_full" };

/** Where the per-conversation window starts, for reading the customer's recent messages. */
export function windowStart(now: number): string {
	return new Date(now - MINUTE_MS).toISOString();
}

/**
 * Whether one more customer message fits, judged from what the conversation
 * already stored: a sliding minute, so the wait it asks for is exact.
 */
export function conversationAllowance(limits: Limits, activity: { total: number; recent: string[] }, now: number): ConversationAllowance {
	if (activity.total >= limits.maxMessagesPerConversation) return { ok: false, reason: "conversation_full" };
	const { recent } = activity;
	if (recent.length < limits.conversationMessagesPerMinute) return { ok: true };
	const oldestCounted = Date.parse(recent[recent.length - limits.conversationMessagesPerMinute]);
	return { ok: false, reason: "rate_limited", retryAfterSeconds: Math.max(1, Math.ceil((oldestCounted + MINUTE_MS - now) / 1000)) };
}
