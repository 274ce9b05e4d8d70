// A day's numbers in a form that adds up across days (counts and histograms,
// never averages or percentiles), and the KPIs computed from any such sum.
import { HANDOFF_REASONS, type HandoffReason, LLM_FAILURES, type LlmFailure, REPLY_TIERS, type ReplyTier } from "../../shared/protocol.ts";

const RATINGS = ["1", "2", "3", "4", "5"] as const;
export type Rating = (typeof RATINGS)[number];

/**
 * Exclusive upper bounds of the first-reply latency buckets, in ms; one more
 * bucket holds everything from the last bound on. 500 is a bound, so the share
 * under 500 ms is exact; percentiles are only as fine as the buckets.
 */
export const LATENCY_BUCKETS_MS = [50, 100, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000, 10000, 20000, 30000, 60000] as const;
const FAST_MS = 500;
const TOP_UNMATCHED = 20;

/** What a day's calls to Claude added up to; tokens as the API reported them (input excludes the cached part). */
export const CLAUDE_COUNTS = ["calls", "inputTokens", "outputTokens", "cacheWriteTokens", "cacheReadTokens"] as const;
export type ClaudeCount = (typeof CLAUDE_COUNTS)[number];

export interface UnmatchedCount {
	text: string;
	count: number;
}

export interface DayAggregate {
	/** Conversations started that day. */
	conversations: number;
	/** Of those, the ones no person took part in. */
	contained: number;
	/** Customer messages in those conversations. */
	messages: number;
	replies: Record<ReplyTier, number>;
	handoffs: Record<HandoffReason, number>;
	/** Per tier of the first reply: how many conversations' first reply fell in each latency bucket. */
	firstReply: Record<ReplyTier, number[]>;
	ratings: Record<Rating, number>;
	claude: Record<ClaudeCount, number>;
	/** Fallbacks after Claude was tried (or refused by the site's budget), by why it gave no answer. */
	claudeFailures: Record<LlmFailure, number>;
	/** The day's most frequent unmatched messages, normalised; enough of them that the top 20 of a sum stays right. */
	unmatched: UnmatchedCount[];
}

export interface LatencySummary {
	count: number;
	/** Upper bound of the bucket holding the median first reply; null without replies. */
	p50Ms: number | null;
	p95Ms: number | null;
	/** Share of first replies faster than 500 ms. */
	under500Ms: number | null;
	histogram: number[];
}

export interface KpiReport {
	conversations: number;
	contained: number;
	containment: number | null;
	messages: number;
	replies: Record<ReplyTier, number>;
	fallbackRate: number | null;
	handoffs: Record<HandoffReason, number>;
	firstReply: { all: LatencySummary; byTier: Record<ReplyTier, LatencySummary> };
	csat: { count: number; average: number | null; distribution: Record<Rating, number> };
	claude: {
		calls: number;
		tokens: { input: number; output: number; cacheWrite: number; cacheRead: number };
		/** Share of the prompt tokens read from Anthropic's prompt cache; null without any. */
		cacheReadShare: number | null;
		failures: Record<LlmFailure, number>;
	};
	topUnmatched: UnmatchedCount[];
}

function countsOf<K extends string>(keys: readonly K[], value: (key: K) => number): Record<K, number> {
	return Object.fromEntries(keys.map((key) => [key, value(key)])) as Record<K, number>;
}

const emptyHistogram = () => new Array<number>(LATENCY_BUCKETS_MS.length + 1).fill(0);

export function emptyAggregate(): DayAggregate {
	return {
		conversations: 0,
		contained: 0,
		messages: 0,
		replies: countsOf(REPLY_TIERS, () => 0),
		handoffs: countsOf(HANDOFF_REASONS, () => 0),
		firstReply: Object.fromEntries(REPLY_TIERS.map((tier) => [tier, emptyHistogram()])) as Record<ReplyTier, number[]>,
		ratings: countsOf(RATINGS, () => 0),
		claude: countsOf(CLAUDE_COUNTS, () => 0),
		claudeFailures: countsOf(LLM_FAILURES, () => 0),
		unmatched: [],
	};
}

/** The bucket a latency falls in: the first whose bound is above it, or the last. */
export function bucketOf(latencyMs: number): number {
	const index = LATENCY_BUCKETS_MS.findIndex((bound) => latencyMs < bound);
	return index === -1 ? LATENCY_BUCKETS_MS.length : index;
}

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);
const addArrays = (a: readonly number[], b: readonly number[]) => a.map((value, index) => value + b[index]);

function mergeUnmatched(a: readonly UnmatchedCount[], b: readonly UnmatchedCount[]): UnmatchedCount[] {
	const counts = new Map<string, number>();
	for (const { text, count } of [...a, ...b]) counts.set(text, (counts.get(text) ?? 0) + count);
	return [...counts].map(([text, count]) => ({ text, count }));
}

export function mergeAggregates(a: DayAggregate, b: DayAggregate): DayAggregate {
	return {
		conversations: a.conversations + b.conversations,
		contained: a.contained + b.contained,
		messages: a.messages + b.messages,
		replies: countsOf(REPLY_TIERS, (tier) => a.replies[tier] + b.replies[tier]),
		handoffs: countsOf(HANDOFF_REASONS, (reason) => a.handoffs[reason] + b.handoffs[reason]),
		firstReply: Object.fromEntries(REPLY_TIERS.map((tier) => [tier, addArrays(a.firstReply[tier], b.firstReply[tier])])) as Record<ReplyTier, number[]>,
		ratings: countsOf(RATINGS, (rating) => a.ratings[rating] + b.ratings[rating]),
		claude: countsOf(CLAUDE_COUNTS, (count) => a.claude[count] + b.claude[count]),
		claudeFailures: countsOf(LLM_FAILURES, (failure) => a.claudeFailures[failure] + b.claudeFailures[failure]),
		unmatched: mergeUnmatched(a.unmatched, b.unmatched),
	};
}

const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole);

/** Nearest-rank percentile, read off the histogram as the upper bound of the bucket that holds it. */
function percentileMs(histogram: readonly number[], percentile: number): number | null {
	const total = sum(histogram);
	if (total === 0) return null;
	const rank = Math.ceil(percentile * total);
	let seen = 0;
	const index = histogram.findIndex((count) => (seen += count) >= rank);
	// The overflow bucket has no upper bound: report where it starts.
	return LATENCY_BUCKETS_MS[Math.min(index, LATENCY_BUCKETS_MS.length - 1)];
}

function latencySummary(histogram: readonly number[]): LatencySummary {
	const count = sum(histogram);
	const fast = sum(histogram.slice(0, bucketOf(FAST_MS)));
	return { count, p50Ms: percentileMs(histogram, 0.5), p95Ms: percentileMs(histogram, 0.95), under500Ms: ratio(fast, count), histogram: [...histogram] };
}

function topUnmatched(unmatched: readonly UnmatchedCount[]): UnmatchedCount[] {
	return [...unmatched].sort((a, b) => b.count - a.count || (a.text < b.text ? -1 : 1)).slice(0, TOP_UNMATCHED);
}

function claudeReport({ claude, claudeFailures }: DayAggregate): KpiReport["claude"] {
	const promptTokens = claude.inputTokens + claude.cacheWriteTokens + claude.cacheReadTokens;
	return {
		calls: claude.calls,
		tokens: { input: claude.inputTokens, output: claude.outputTokens, cacheWrite: claude.cacheWriteTokens, cacheRead: claude.cacheReadTokens },
		cacheReadShare: ratio(claude.cacheReadTokens, promptTokens),
		failures: { ...claudeFailures },
	};
}

export function kpiReport(aggregate: DayAggregate): KpiReport {
	const allFirstReplies = REPLY_TIERS.map((tier) => aggregate.firstReply[tier]).reduce(addArrays);
	const rated = sum(RATINGS.map((rating) => aggregate.ratings[rating]));
	const stars = sum(RATINGS.map((rating) => Number(rating) * aggregate.ratings[rating]));
	return {
		conversations: aggregate.conversations,
		contained: aggregate.contained,
		containment: ratio(aggregate.contained, aggregate.conversations),
		messages: aggregate.messages,
		replies: { ...aggregate.replies },
		fallbackRate: ratio(aggregate.replies.fallback, sum(REPLY_TIERS.map((tier) => aggregate.replies[tier]))),
		handoffs: { ...aggregate.handoffs },
		firstReply: {
			all: latencySummary(allFirstReplies),
			byTier: Object.fromEntries(REPLY_TIERS.map((tier) => [tier, latencySummary(aggregate.firstReply[tier])])) as Record<ReplyTier, LatencySummary>,
		},
		csat: { count: rated, average: ratio(stars, rated), distribution: { ...aggregate.ratings } },
		claude: claudeReport(aggregate),
		topUnmatched: topUnmatched(aggregate.unmatched),
	};
}
