import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Message } from "../../../shared/protocol.ts";
import type { Analytics } from "../../../worker/analytics/analytics-object.ts";
import { AnalyticsEmitter } from "../../../worker/analytics/emitter.ts";
import type { AnalyticsEvent } from "../../../worker/analytics/events.ts";

/**
 * The real Analytics namespace, with each `record` call it receives written down on the way through:
 * the day's object still gets and stores every event.
 */
function watchedDays() {
	const calls: AnalyticsEvent[][] = [];
	const days = {
		idFromName: (name: string) => env.ANALYTICS.idFromName(name),
		get: (id: DurableObjectId) => {
			const day = env.ANALYTICS.get(id);
			return {
				record: (events: AnalyticsEvent[]) => {
					calls.push(events);
					return day.record(events);
				},
				forget: (conversationId: string) => day.forget(conversationId),
			};
		},
	} as unknown as DurableObjectNamespace<Analytics>;
	return { days, calls };
}

/** An emitter as a conversation's object holds one, and a way to wait for everything it sent. */
function emitter() {
	const { days, calls } = watchedDays();
	const pending: Promise<unknown>[] = [];
	const emitting = new AnalyticsEmitter({ waitUntil: (promise) => void pending.push(promise) }, days);
	const settled = async () => {
		while (pending.length) await pending.shift();
	};
	return { emitting, calls, settled };
}

// A day of its own per test, so that no other test's events are counted in it.
const conversation = (id: string, day: string) => ({ id, createdAt: `${day}T09:00:00.000Z` });
const customerMessage = (day: string, text = "my cat ate the parcel, what now"): Message => ({ seq: 2, role: "customer", kind: "text", text, createdAt: `${day}T09:01:00.000Z` });
const usage = { inputTokens: 900, outputTokens: 40, cacheCreationInputTokens: 0, cacheReadInputTokens: 800 };

describe("the analytics a conversation reports", () => {
	it("reach the day's object in one call per turn: Claude's call and the answer to the conversation's first message together", async () => {
		const day = "2031-03-04";
		const { emitting, calls, settled } = emitter();
		const ref = conversation("emitter-one-call", day);
		emitting.calledClaude(ref, usage);
		emitting.answered(ref, customerMessage(day), { tier: "llm", intent: null, confidence: 0.4, latencyMs: 420 }, null, true);
		await settled();
		expect(calls.map((events) => events.map((event) => event.type))).toEqual([["claude_call", "conversation_started", "message", "reply", "review"]]);
		const aggregate = await env.ANALYTICS.get(env.ANALYTICS.idFromName(day)).aggregate();
		expect(aggregate).toMatchObject({ conversations: 1, messages: 1, replies: { llm: 1 }, claude: { calls: 1, inputTokens: 900, outputTokens: 40, cacheReadTokens: 800 } });
	});

	it("send what is reported after a call has left in a call of its own", async () => {
		const day = "2031-03-05";
		const { emitting, calls, settled } = emitter();
		const ref = conversation("emitter-later-call", day);
		emitting.answered(ref, customerMessage(day), { tier: "matcher", intent: "order_status", confidence: 0.97, latencyMs: 12 }, null, true);
		await settled();
		emitting.resolved(ref, false);
		emitting.rated(ref, 5);
		await settled();
		expect(calls.map((events) => events.map((event) => event.type))).toEqual([
			["conversation_started", "message", "reply"],
			["resolved", "rating"],
		]);
		expect(await env.ANALYTICS.get(env.ANALYTICS.idFromName(day)).aggregate()).toMatchObject({ conversations: 1, replies: { matcher: 1 }, ratings: { 5: 1 } });
	});

	it("are forgotten with the conversation even when erased before they were sent, so no text comes back after the erasure", async () => {
		const day = "2031-03-06";
		const { emitting, calls, settled } = emitter();
		const ref = conversation("emitter-forget", day);
		emitting.answered(ref, customerMessage(day, "call me on +44 20 7946 0958 about the gnome"), { tier: "fallback", intent: null, confidence: 0.2, latencyMs: 30 }, null, true);
		await emitting.forget(ref);
		await settled();
		expect(calls).toHaveLength(1);
		const dayObject = env.ANALYTICS.get(env.ANALYTICS.idFromName(day));
		expect(await dayObject.review(["fallback"], null)).toEqual({ rows: [], next: null });
		expect(await dayObject.aggregate()).toMatchObject({ replies: { fallback: 1 } });
	});
});
