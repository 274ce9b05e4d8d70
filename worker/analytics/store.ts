// One day's analytics in SQLite: counters for what only needs counting, one
// row per conversation for what depends on the whole conversation (containment,
// first reply, the latest rating), and the messages to review for the export.
// The messages' texts are personal data: they go when their conversation is
// erased, and at the latest when the retention period has passed since they were written.
import type { HandoffReason, LlmFailure, ReplyTier } from "../../shared/protocol.ts";
import type { ReplyUsage } from "../cascade/llm/stream-reply.ts";
import { bucketOf, CLAUDE_COUNTS, type ClaudeCount, type DayAggregate, emptyAggregate, type Rating } from "./aggregate.ts";
import type { AnalyticsEvent, ExportRow, FlagEvent, ReviewEvent, ReviewKind } from "./events.ts";
import { normalizeMessage } from "./normalize.ts";

const SCHEMA = `
	CREATE TABLE IF NOT EXISTS analytics_counts (metric TEXT PRIMARY KEY, count INTEGER NOT NULL);
	CREATE TABLE IF NOT EXISTS analytics_conversations (
		id TEXT PRIMARY KEY,
		started INTEGER NOT NULL DEFAULT 0,
		human INTEGER NOT NULL DEFAULT 0,
		first_reply_seq INTEGER,
		first_reply_tier TEXT,
		first_reply_ms REAL,
		rating INTEGER
	);
	-- Unmatched texts were once counted with no link to their message, so they could not be erased.
	DROP TABLE IF EXISTS analytics_unmatched;
	CREATE TABLE IF NOT EXISTS analytics_unmatched_messages (
		conversation_id TEXT NOT NULL,
		seq INTEGER NOT NULL,
		normalized TEXT NOT NULL,
		created_at TEXT NOT NULL,
		PRIMARY KEY (conversation_id, seq)
	);
	CREATE INDEX IF NOT EXISTS analytics_unmatched_created ON analytics_unmatched_messages (created_at);
	CREATE TABLE IF NOT EXISTS analytics_review (
		conversation_id TEXT NOT NULL,
		seq INTEGER NOT NULL,
		text TEXT NOT NULL,
		tier TEXT,
		confidence REAL,
		low_confidence INTEGER NOT NULL DEFAULT 0,
		reason TEXT,
		label TEXT,
		answered_intent TEXT,
		created_at TEXT NOT NULL,
		PRIMARY KEY (conversation_id, seq)
	);
	CREATE INDEX IF NOT EXISTS analytics_review_created ON analytics_review (created_at);`;

/** Enough of a day's unmatched messages that the top 20 over many days comes out right in practice. */
const UNMATCHED_PER_DAY = 200;
// The tables holding customers' (masked) texts, each row with its conversation and the time it was written.
const TEXT_TABLES = ["analytics_review", "analytics_unmatched_messages"] as const;

/** Rows of the export per call to a day's object: what one call holds in memory, however many the day has. */
const EXPORT_PAGE_ROWS = 500;

/** Where a page of the export ended; the next page starts after it. */
export interface ReviewCursor {
	createdAt: string;
	conversationId: string;
	seq: number;
}

// Constant SQL per kind; the export ORs the requested ones.
const KIND_CONDITIONS: Record<ReviewKind, string> = {
	fallback: "tier = 'fallback'",
	low_confidence: "low_confidence = 1",
	handoff: "reason IS NOT NULL",
	flagged: "label IS NOT NULL",
};

interface ReviewRow extends Record<string, SqlStorageValue> {
	conversation_id: string;
	seq: number;
	text: string;
	tier: string | null;
	confidence: number | null;
	reason: string | null;
	label: string | null;
	answered_intent: string | null;
	created_at: string;
}

function toExportRow(row: ReviewRow): ExportRow {
	const exported: ExportRow = {
		text: row.text,
		intent: row.label,
		answeredIntent: row.answered_intent,
		conversationId: row.conversation_id,
		tier: row.tier as ReplyTier | null,
		confidence: row.confidence,
		createdAt: row.created_at,
	};
	if (row.reason !== null) exported.reason = row.reason as HandoffReason;
	return exported;
}

const isUnmatched = (event: ReviewEvent) => event.intent === null && (event.tier === "fallback" || event.tier === "llm");

export class AnalyticsStore {
	readonly #sql: SqlStorage;
	#ready = false;
	constructor(sql: SqlStorage) {
		this.#sql = sql;
	}

	record(events: readonly AnalyticsEvent[]): void {
		this.#ensureSchema();
		for (const event of events) this.#apply(event);
	}

	aggregate(): DayAggregate {
		const aggregate = emptyAggregate();
		if (!this.#hasSchema()) return aggregate;
		this.#readCounts(aggregate);
		this.#readConversations(aggregate);
		aggregate.unmatched = this.#sql
			.exec<{ text: string; count: number }>(
				"SELECT normalized AS text, COUNT(*) AS count FROM analytics_unmatched_messages GROUP BY normalized ORDER BY count DESC, normalized LIMIT ?",
				UNMATCHED_PER_DAY,
			)
			.toArray()
			.map(({ text, count }) => ({ text, count }));
		return aggregate;
	}

	/** A page of the messages of any of `kinds`, oldest first, labelled where an agent flagged them; `next` is null on the last page. */
	review(kinds: readonly ReviewKind[], after: ReviewCursor | null = null, limit = EXPORT_PAGE_ROWS): { rows: ExportRow[]; next: ReviewCursor | null } {
		if (kinds.length === 0 || !this.#hasSchema()) return { rows: [], next: null };
		const where = kinds.map((kind) => KIND_CONDITIONS[kind]).join(" OR ");
		const start = after ?? { createdAt: "", conversationId: "", seq: 0 };
		const page = this.#sql
			.exec<ReviewRow>(
				`SELECT * FROM analytics_review WHERE (${where}) AND (created_at, conversation_id, seq) > (?, ?, ?) ORDER BY created_at, conversation_id, seq LIMIT ?`,
				start.createdAt,
				start.conversationId,
				start.seq,
				limit,
			)
			.toArray();
		const last = page.at(-1);
		const next = last && page.length === limit ? { createdAt: last.created_at, conversationId: last.conversation_id, seq: last.seq } : null;
		return { rows: page.map(toExportRow), next };
	}

	/** Deletes every text kept from the conversation; its counts stay, as they name no one. */
	forget(conversationId: string): void {
		if (!this.#hasSchema()) return;
		for (const table of TEXT_TABLES) this.#sql.exec(`DELETE FROM ${table} WHERE conversation_id = ?`, conversationId);
	}

	/** Deletes the texts written at or before `cutoff` (ISO). */
	forgetTextsUntil(cutoff: string): void {
		if (!this.#hasSchema()) return;
		for (const table of TEXT_TABLES) this.#sql.exec(`DELETE FROM ${table} WHERE created_at <= ?`, cutoff);
	}

	/** When the oldest text kept was written (ISO), or null when none is. */
	oldestText(): string | null {
		if (!this.#hasSchema()) return null;
		// Every unmatched text has its review row, written with it.
		return this.#sql.exec<{ oldest: string | null }>("SELECT MIN(created_at) AS oldest FROM analytics_review").one().oldest;
	}

	#apply(event: AnalyticsEvent): void {
		switch (event.type) {
			case "conversation_started":
				return this.#updateConversation(event.conversationId, "started = 1");
			case "message":
				return this.#count("messages");
			case "reply":
				this.#count(`replies:${event.tier}`);
				if (event.llmFailure) this.#count(`claude_failures:${event.llmFailure}`);
				this.#conversation(event.conversationId);
				// Events may arrive out of order: the first reply is the one to the earliest message.
				this.#sql.exec(
					"UPDATE analytics_conversations SET first_reply_seq = ?, first_reply_tier = ?, first_reply_ms = ? WHERE id = ? AND (first_reply_seq IS NULL OR first_reply_seq > ?)",
					event.seq,
					event.tier,
					event.latencyMs,
					event.conversationId,
					event.seq,
				);
				return;
			case "handoff":
				this.#count(`handoffs:${event.reason}`);
				return this.#updateConversation(event.conversationId, "human = 1");
			case "resolved":
				if (event.byHuman) this.#updateConversation(event.conversationId, "human = 1");
				return;
			case "rating":
				this.#conversation(event.conversationId);
				this.#sql.exec("UPDATE analytics_conversations SET rating = ? WHERE id = ?", event.rating, event.conversationId);
				return;
			case "claude_call":
				return this.#countClaudeCall(event.usage);
			case "review":
				return this.#review(event);
			case "flag":
				return this.#flag(event);
		}
	}

	#review(event: ReviewEvent): void {
		this.#sql.exec(
			`INSERT INTO analytics_review (conversation_id, seq, text, tier, confidence, low_confidence, reason, answered_intent, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
			 ON CONFLICT DO UPDATE SET tier = excluded.tier, confidence = excluded.confidence, low_confidence = excluded.low_confidence, reason = excluded.reason, answered_intent = excluded.answered_intent`,
			event.conversationId,
			event.seq,
			event.text,
			event.tier,
			event.confidence,
			event.lowConfidence ? 1 : 0,
			event.reason,
			event.intent,
			event.createdAt,
		);
		const normalized = normalizeMessage(event.text);
		// A message of only punctuation or emoji normalises to nothing: a blank entry would tell the owner nothing.
		if (isUnmatched(event) && normalized) {
			this.#sql.exec(
				"INSERT OR IGNORE INTO analytics_unmatched_messages (conversation_id, seq, normalized, created_at) VALUES (?, ?, ?, ?)",
				event.conversationId,
				event.seq,
				normalized,
				event.createdAt,
			);
		}
	}

	/** The label wins whatever order the flag and the message's review arrive in. */
	#flag(event: FlagEvent): void {
		this.#sql.exec(
			`INSERT INTO analytics_review (conversation_id, seq, text, tier, confidence, answered_intent, label, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
			 ON CONFLICT DO UPDATE SET label = excluded.label`,
			event.conversationId,
			event.seq,
			event.text,
			event.tier,
			event.confidence,
			event.answeredIntent,
			event.intent,
			event.createdAt,
		);
	}

	#count(metric: string, by = 1): void {
		this.#sql.exec("INSERT INTO analytics_counts (metric, count) VALUES (?, ?) ON CONFLICT DO UPDATE SET count = count + excluded.count", metric, by);
	}

	#countClaudeCall(usage: ReplyUsage): void {
		const counts: Record<ClaudeCount, number> = {
			calls: 1,
			inputTokens: usage.inputTokens,
			outputTokens: usage.outputTokens,
			cacheWriteTokens: usage.cacheCreationInputTokens,
			cacheReadTokens: usage.cacheReadInputTokens,
		};
		for (const count of CLAUDE_COUNTS) this.#count(`claude:${count}`, counts[count]);
	}

	#conversation(id: string): void {
		this.#sql.exec("INSERT OR IGNORE INTO analytics_conversations (id) VALUES (?)", id);
	}

	#updateConversation(id: string, assignment: "started = 1" | "human = 1"): void {
		this.#conversation(id);
		this.#sql.exec(`UPDATE analytics_conversations SET ${assignment} WHERE id = ?`, id);
	}

	#readCounts(aggregate: DayAggregate): void {
		for (const { metric, count } of this.#sql.exec<{ metric: string; count: number }>("SELECT metric, count FROM analytics_counts")) {
			const [group, key] = metric.split(":");
			if (group === "messages") aggregate.messages = count;
			else if (group === "replies") aggregate.replies[key as ReplyTier] = count;
			else if (group === "handoffs") aggregate.handoffs[key as HandoffReason] = count;
			else if (group === "claude") aggregate.claude[key as ClaudeCount] = count;
			else if (group === "claude_failures") aggregate.claudeFailures[key as LlmFailure] = count;
		}
	}

	#readConversations(aggregate: DayAggregate): void {
		const totals = this.#sql
			.exec<{ conversations: number; contained: number }>("SELECT COUNT(*) AS conversations, COALESCE(SUM(human = 0), 0) AS contained FROM analytics_conversations WHERE started = 1")
			.one();
		aggregate.conversations = totals.conversations;
		aggregate.contained = totals.contained;
		const firstReplies = this.#sql.exec<{ tier: ReplyTier; ms: number }>("SELECT first_reply_tier AS tier, first_reply_ms AS ms FROM analytics_conversations WHERE first_reply_tier IS NOT NULL");
		for (const { tier, ms } of firstReplies) aggregate.firstReply[tier][bucketOf(ms)]++;
		const ratings = this.#sql.exec<{ rating: number; count: number }>("SELECT rating, COUNT(*) AS count FROM analytics_conversations WHERE rating IS NOT NULL GROUP BY rating");
		for (const { rating, count } of ratings) aggregate.ratings[String(rating) as Rating] = count;
	}

	/**
	 * Reading a day nobody wrote to creates no tables, so asking about empty days stores nothing. A day
	 * written under an earlier schema is brought up to date the first time it is read, not only written to.
	 */
	#hasSchema(): boolean {
		if (this.#ready) return true;
		const written = this.#sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'analytics_review'").toArray().length > 0;
		if (written) this.#ensureSchema();
		return written;
	}

	#ensureSchema(): void {
		if (this.#ready) return;
		this.#sql.exec(SCHEMA);
		// Days written before the export said which intent the AI answered with.
		if (!this.#sql.exec("SELECT * FROM analytics_review LIMIT 0").columnNames.includes("answered_intent")) this.#sql.exec("ALTER TABLE analytics_review ADD COLUMN answered_intent TEXT");
		this.#ready = true;
	}
}
