import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { type HandoffReason, LLM_FAILURES, type Message, type ReplyExplanation } from "../../../shared/protocol.ts";
import type { ReplyUsage } from "../../../worker/cascade/llm/stream-reply.ts";
import { type DayAggregate, emptyAggregate, kpiReport, mergeAggregates } from "../../../worker/analytics/aggregate.ts";
import { turnEvents } from "../../../worker/analytics/emitter.ts";
import type { AnalyticsEvent, ExportRow, ReviewKind } from "../../../worker/analytics/events.ts";
import { AnalyticsStore } from "../../../worker/analytics/store.ts";

// The analytics tables are prefixed, so any SQLite-backed object's storage can host a store under test.
async function withStore<R>(name: string, use: (store: AnalyticsStore, sql: SqlStorage) => R): Promise<R> {
	const stub = env.CONVERSATIONS.get(env.CONVERSATIONS.idFromName(`analytics-test:${name}`));
	return runInDurableObject(stub, (_, state) => use(new AnalyticsStore(state.storage.sql), state.storage.sql));
}

const LOW_BELOW = 0.9;

function customer(seq: number, text: string, minute: number): Message {
	return { seq, role: "customer", kind: "text", text, createdAt: `2026-11-30T10:${String(minute).padStart(2, "0")}:00.000Z` };
}

/** A customer message and the AI's answer to it, after a call to Claude when `claude` is given. */
function turn(conversationId: string, message: Message, explanation: ReplyExplanation, handoff: HandoffReason | null = null, claude?: ReplyUsage): AnalyticsEvent[] {
	const call: AnalyticsEvent[] = claude ? [{ type: "claude_call", conversationId, usage: claude }] : [];
	return [...call, ...turnEvents(conversationId, message, explanation, handoff, LOW_BELOW)];
}

const usage = (inputTokens: number, outputTokens: number, cacheCreationInputTokens: number, cacheReadInputTokens: number): ReplyUsage => ({ inputTokens, outputTokens, cacheCreationInputTokens, cacheReadInputTokens });

const started = (conversationId: string): AnalyticsEvent => ({ type: "conversation_started", conversationId });

/** Five conversations of one day, with the numbers worked out by hand in the test below. */
function scriptedDay(): AnalyticsEvent[] {
	return [
		...["c1", "c2", "c3", "c4", "c5"].map(started),
		// c1: answered twice by the matcher, the second reply arriving first; resolved by no one in particular; rated 4 then 5.
		...turn("c1", customer(4, "and to Spain?", 2), { tier: "matcher", intent: "delivery_time", confidence: 0.95, latencyMs: 700 }),
		...turn("c1", customer(2, "how long does delivery take", 1), { tier: "matcher", intent: "delivery_time", confidence: 0.97, latencyMs: 40 }),
		{ type: "resolved", conversationId: "c1", byHuman: false },
		{ type: "rating", conversationId: "c1", rating: 4 },
		{ type: "rating", conversationId: "c1", rating: 5 },
		// c2: two fallbacks (Claude timed out having read the prompt; then the site's Claude budget was spent), then a
		// hand-off for repeated failure; a person resolves it; rated 2.
		...turn("c2", customer(2, "Do you sell garden gnomes?", 3), { tier: "fallback", intent: null, confidence: 0.31, latencyMs: 120, llmFailure: "timeout" }, null, usage(1500, 0, 0, 0)),
		...turn("c2", customer(4, "do you SELL gärden gnomes!!", 4), { tier: "fallback", intent: null, confidence: 0.29, latencyMs: 90, llmFailure: "over_budget" }, "repeated_failure"),
		{ type: "handoff", conversationId: "c2", reason: "repeated_failure" },
		{ type: "resolved", conversationId: "c2", byHuman: true },
		{ type: "rating", conversationId: "c2", rating: 2 },
		// c3: a rule hands off at the customer's request; the next message goes to the person.
		...turn("c3", customer(2, "I want to talk to a person", 5), { tier: "rule", intent: "talk_to_human", confidence: 1, latencyMs: 480 }, "customer_request"),
		{ type: "handoff", conversationId: "c3", reason: "customer_request" },
		{ type: "message", conversationId: "c3" },
		// c4: Claude answers with no intent, so the matcher's 0.4 makes it unmatched and low-confidence.
		...turn("c4", customer(2, "What's your opinion on gnomes? Call me on +44 20 7946 0958", 6), { tier: "llm", intent: null, confidence: 0.4, latencyMs: 2500 }, null, usage(1200, 80, 0, 3000)),
		// c5 started and never wrote.
	];
}

const noFailures = Object.fromEntries(LLM_FAILURES.map((failure) => [failure, 0]));

const tiers = (rule: number, matcher: number, llm: number, fallback: number) => ({ rule, matcher, llm, fallback });

describe("a day's KPIs", () => {
	it("match the numbers worked out by hand from a scripted day", async () => {
		const report = await withStore("scripted", (store) => {
			store.record(scriptedDay());
			return kpiReport(store.aggregate());
		});
		expect(report).toMatchObject({
			conversations: 5,
			contained: 3, // c1, c4, c5: no hand-off and no person resolving
			containment: 3 / 5,
			messages: 7,
			replies: tiers(1, 2, 1, 2),
			fallbackRate: 2 / 6,
			handoffs: { customer_request: 1, sensitive: 0, repeated_failure: 1, negative_sentiment: 0 },
			csat: { count: 2, average: 3.5, distribution: { "1": 0, "2": 1, "3": 0, "4": 0, "5": 1 } },
			// Two calls (the budget refused the third); 3,000 of the 5,700 prompt tokens came from the cache.
			claude: {
				calls: 2,
				tokens: { input: 2700, output: 80, cacheWrite: 0, cacheRead: 3000 },
				cacheReadShare: 3000 / 5700,
				failures: { ...noFailures, timeout: 1, over_budget: 1 },
			},
			topUnmatched: [
				{ text: "do you sell garden gnomes", count: 2 },
				{ text: "whats your opinion on gnomes call me on [phone]", count: 1 },
			],
		});
		// First replies: c1 40 ms (the earlier message's reply, though it arrived second), c2 120, c3 480, c4 2500.
		expect(report.firstReply.all).toMatchObject({ count: 4, p50Ms: 200, p95Ms: 3000, under500Ms: 3 / 4 });
		expect(report.firstReply.byTier.matcher).toMatchObject({ count: 1, p50Ms: 50, p95Ms: 50, under500Ms: 1 });
		expect(report.firstReply.byTier.rule).toMatchObject({ count: 1, p50Ms: 500, under500Ms: 1 });
		expect(report.firstReply.byTier.llm).toMatchObject({ count: 1, p50Ms: 3000, under500Ms: 0 });
		expect(report.firstReply.byTier.fallback.histogram).toEqual([0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
	});

	it("are empty for a day nobody wrote to, and reading it creates no tables", async () => {
		const { aggregate, tables } = await withStore("empty", (store, sql) => ({
			aggregate: store.aggregate(),
			tables: sql.exec<{ name: string }>("SELECT name FROM sqlite_master WHERE name LIKE 'analytics_%'").toArray(),
			rows: store.review(["fallback"]).rows,
		}));
		expect(aggregate).toEqual(emptyAggregate());
		expect(tables).toEqual([]);
		expect(kpiReport(aggregate)).toMatchObject({
			containment: null,
			fallbackRate: null,
			csat: { count: 0, average: null },
			firstReply: { all: { count: 0, p50Ms: null, under500Ms: null } },
			claude: { calls: 0, tokens: { input: 0, output: 0, cacheWrite: 0, cacheRead: 0 }, cacheReadShare: null, failures: noFailures },
		});
	});

	it("count a conversation that started on an earlier day in its replies but not in the day's conversations", async () => {
		const report = await withStore("late", (store) => {
			store.record([...turn("older", customer(9, "hello", 1), { tier: "matcher", intent: "greeting", confidence: 0.99, latencyMs: 10 }), { type: "handoff", conversationId: "older", reason: "sensitive" }]);
			return kpiReport(store.aggregate());
		});
		expect(report).toMatchObject({ conversations: 0, contained: 0, containment: null, messages: 1, replies: tiers(0, 1, 0, 0), handoffs: { sensitive: 1 } });
	});
});

describe("days merged", () => {
	it("add counts, histograms, ratings and unmatched messages, and compute the KPIs from the sums", async () => {
		const first = await withStore("merge-1", (store) => {
			store.record(scriptedDay());
			return store.aggregate();
		});
		const second = await withStore("merge-2", (store) => {
			store.record([
				started("d1"),
				started("d2"),
				...turn("d1", customer(2, "DO YOU SELL GARDEN GNOMES", 1), { tier: "fallback", intent: null, confidence: 0.2, latencyMs: 600 }),
				...turn("d2", customer(2, "where is order 12345", 2), { tier: "matcher", intent: "order_status", confidence: 0.99, latencyMs: 60 }),
				...turn("d2", customer(4, "and can you gift wrap it", 3), { tier: "llm", intent: null, confidence: 0.3, latencyMs: 900 }, null, usage(200, 50, 4000, 0)),
				...turn("d2", customer(6, "hello??", 4), { tier: "fallback", intent: null, confidence: 0.1, latencyMs: 4100, llmFailure: "timeout" }, null, usage(0, 0, 0, 0)),
				{ type: "handoff", conversationId: "d1", reason: "negative_sentiment" },
				{ type: "rating", conversationId: "d2", rating: 1 },
			]);
			return store.aggregate();
		});
		const merged: DayAggregate = [first, second].reduce(mergeAggregates, emptyAggregate());
		const report = kpiReport(merged);
		expect(report).toMatchObject({
			conversations: 7,
			contained: 4,
			containment: 4 / 7,
			messages: 11,
			replies: tiers(1, 3, 2, 4),
			fallbackRate: 4 / 10,
			handoffs: { customer_request: 1, sensitive: 0, repeated_failure: 1, negative_sentiment: 1 },
			csat: { count: 3, average: 8 / 3, distribution: { "1": 1, "2": 1, "3": 0, "4": 0, "5": 1 } },
			claude: {
				calls: 4,
				tokens: { input: 2900, output: 130, cacheWrite: 4000, cacheRead: 3000 },
				cacheReadShare: 3000 / 9900,
				failures: { ...noFailures, timeout: 2, over_budget: 1 },
			},
			topUnmatched: [
				{ text: "do you sell garden gnomes", count: 3 },
				{ text: "and can you gift wrap it", count: 1 },
				{ text: "hello", count: 1 },
				{ text: "whats your opinion on gnomes call me on [phone]", count: 1 },
			],
		});
		// First replies 40, 60, 120, 480, 600, 2500 ms: the 3rd is in the 100–200 bucket, the 6th in 2000–3000; four under 500 ms.
		expect(report.firstReply.all).toMatchObject({ count: 6, p50Ms: 200, p95Ms: 3000, under500Ms: 4 / 6 });
		expect(report.firstReply.byTier.matcher).toMatchObject({ count: 2, p50Ms: 50, p95Ms: 100 });
		expect(merged.conversations).toBe(first.conversations + second.conversations);
	});

	it("keep only the 20 most frequent unmatched messages, ties in text order", () => {
		const day = (texts: string[]): DayAggregate => ({ ...emptyAggregate(), unmatched: texts.map((text, index) => ({ text, count: index + 1 })) });
		const texts = Array.from({ length: 25 }, (_, index) => `message ${String.fromCharCode(97 + index)}`);
		const report = kpiReport(mergeAggregates(day(texts), day([...texts].reverse())));
		expect(report.topUnmatched).toHaveLength(20);
		expect(report.topUnmatched.every((entry) => entry.count === 26)).toBe(true);
		expect(report.topUnmatched[0].text).toBe("message a");
	});
});

describe("the review export of a day", () => {
	async function exported(kinds: ReviewKind[]): Promise<ExportRow[]> {
		return withStore(`export-${kinds.join("-")}`, (store) => {
			store.record(scriptedDay());
			// An agent says c1's second message was about shipping abroad, and c2's first one about the catalogue.
			store.record([
				{ type: "flag", conversationId: "c1", seq: 4, intent: "international_shipping", text: "and to Spain?", tier: "matcher", answeredIntent: "delivery_time", confidence: 0.95, createdAt: "2026-11-30T10:02:00.000Z" },
				{ type: "flag", conversationId: "c2", seq: 2, intent: "product_catalog", text: "Do you sell garden gnomes?", tier: "fallback", answeredIntent: null, confidence: 0.31, createdAt: "2026-11-30T10:03:00.000Z" },
			]);
			return store.review(kinds).rows;
		});
	}

	it("lists every message to review once, oldest first, masked, labelled only where flagged", async () => {
		expect(await exported(["fallback", "low_confidence", "handoff", "flagged"])).toEqual([
			{ text: "and to Spain?", intent: "international_shipping", answeredIntent: "delivery_time", conversationId: "c1", tier: "matcher", confidence: 0.95, createdAt: "2026-11-30T10:02:00.000Z" },
			{ text: "Do you sell garden gnomes?", intent: "product_catalog", answeredIntent: null, conversationId: "c2", tier: "fallback", confidence: 0.31, createdAt: "2026-11-30T10:03:00.000Z" },
			{ text: "do you SELL gärden gnomes!!", intent: null, answeredIntent: null, conversationId: "c2", tier: "fallback", confidence: 0.29, reason: "repeated_failure", createdAt: "2026-11-30T10:04:00.000Z" },
			// The AI's answer was right here: its intent is the label to give.
			{ text: "I want to talk to a person", intent: null, answeredIntent: "talk_to_human", conversationId: "c3", tier: "rule", confidence: 1, reason: "customer_request", createdAt: "2026-11-30T10:05:00.000Z" },
			{ text: "What's your opinion on gnomes? Call me on [phone]", intent: null, answeredIntent: null, conversationId: "c4", tier: "llm", confidence: 0.4, createdAt: "2026-11-30T10:06:00.000Z" },
		]);
	});

	it("filters by kind", async () => {
		const texts = async (kinds: ReviewKind[]) => (await exported(kinds)).map((row) => `${row.conversationId}:${row.text.slice(0, 12)}`);
		expect(await texts(["fallback"])).toEqual(["c2:Do you sell ", "c2:do you SELL "]);
		expect(await texts(["low_confidence"])).toEqual(["c4:What's your "]);
		expect(await texts(["handoff"])).toEqual(["c2:do you SELL ", "c3:I want to ta"]);
		expect(await texts(["flagged"])).toEqual(["c1:and to Spain", "c2:Do you sell "]);
	});

	it("comes in pages that, read one after another, hold every message once, in order", async () => {
		const { paged, whole } = await withStore("pages", (store) => {
			store.record(scriptedDay());
			// Two messages written at the same moment in two conversations: the order still settles which comes first.
			for (const id of ["c9", "c8"]) store.record(turn(id, customer(2, "do you sell gnomes", 4), { tier: "fallback", intent: null, confidence: 0.2, latencyMs: 30 }));
			const all = ["fallback", "low_confidence", "handoff", "flagged"] as ReviewKind[];
			const pages = [];
			for (let page = store.review(all, null, 2); ; page = store.review(all, page.next, 2)) {
				pages.push(page.rows);
				if (!page.next) break;
			}
			return { paged: pages, whole: store.review(all).rows };
		});
		expect(paged.length).toBeGreaterThan(2);
		expect(paged.every((page) => page.length <= 2)).toBe(true);
		expect(paged.flat()).toEqual(whole);
		const sameMoment = whole.filter((row) => row.createdAt === "2026-11-30T10:04:00.000Z").map((row) => row.conversationId);
		expect(sameMoment).toEqual(["c2", "c8", "c9"]);
	});

	it("exports a day written before it said which intent the AI answered with, with null there, and records it from then on", async () => {
		const rows = await withStore("before-answered-intent", (_, sql) => {
			sql.exec(`CREATE TABLE analytics_review (conversation_id TEXT NOT NULL, seq INTEGER NOT NULL, text TEXT NOT NULL, tier TEXT, confidence REAL,
				low_confidence INTEGER NOT NULL DEFAULT 0, reason TEXT, label TEXT, created_at TEXT NOT NULL, PRIMARY KEY (conversation_id, seq))`);
			sql.exec("INSERT INTO analytics_review (conversation_id, seq, text, tier, confidence, created_at) VALUES ('old', 2, 'an old question', 'fallback', 0.2, '2026-11-30T09:00:00.000Z')");
			const store = new AnalyticsStore(sql);
			store.record(turn("new", customer(2, "I want to talk to a person", 5), { tier: "rule", intent: "talk_to_human", confidence: 1, latencyMs: 5 }, "customer_request"));
			return store.review(["fallback", "handoff"]).rows;
		});
		expect(rows.map((row) => [row.conversationId, row.answeredIntent])).toEqual([
			["old", null],
			["new", "talk_to_human"],
		]);
	});

	it("keeps a flag that arrives before the message's review", async () => {
		const rows = await withStore("flag-first", (store) => {
			store.record([{ type: "flag", conversationId: "e1", seq: 2, intent: "returns", text: "can I send it back", tier: "fallback", answeredIntent: null, confidence: 0.2, createdAt: "2026-11-30T11:00:00.000Z" }]);
			store.record(turn("e1", customer(2, "can I send it back", 0), { tier: "fallback", intent: null, confidence: 0.2, latencyMs: 30 }, "repeated_failure"));
			return store.review(["handoff"]).rows;
		});
		expect(rows).toEqual([expect.objectContaining({ intent: "returns", reason: "repeated_failure", tier: "fallback" })]);
	});
});

describe("the events of a turn", () => {
	const message = customer(2, "my card is 4111 1111 1111 1111, mail me at ana@example.com", 0);

	it("are a message and a reply for a sure answer", () => {
		expect(turn("x", message, { tier: "matcher", intent: "returns", confidence: 0.95, latencyMs: 5 })).toEqual([
			{ type: "message", conversationId: "x" },
			{ type: "reply", conversationId: "x", seq: 2, tier: "matcher", intent: "returns", confidence: 0.95, latencyMs: 5 },
		]);
	});

	it("add a review, with personal data masked, for a fallback, an unsure answer or a hand-off", () => {
		const review = (explanation: ReplyExplanation, handoff: HandoffReason | null = null) => turn("x", message, explanation, handoff).find((event) => event.type === "review");
		expect(review({ tier: "fallback", intent: null, confidence: 0.1, latencyMs: 5 })).toMatchObject({ text: "my card is [card], mail me at [email]", lowConfidence: false, reason: null });
		expect(review({ tier: "matcher", intent: "returns", confidence: 0.85, latencyMs: 5 })).toMatchObject({ lowConfidence: true });
		expect(review({ tier: "rule", intent: "legal", confidence: 1, latencyMs: 5 }, "sensitive")).toMatchObject({ reason: "sensitive", lowConfidence: false });
	});
});
