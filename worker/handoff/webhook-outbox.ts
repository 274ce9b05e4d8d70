// The outbox: a webhook is written in the same storage transaction as the
// change that caused it, and the Durable Object's alarm delivers it. Nothing
// lives only in memory, so a restart loses nothing.
import type { WebhookCustomer, WebhookData, WebhookEventType } from "../../shared/webhook-events.ts";
import { randomToken } from "../crypto/secrets.ts";
import type { Attempt } from "./deliver.ts";

export type WebhookStatus = "pending" | "delivered" | "failed" | "endpoint_disabled" | "skipped";
/** What a webhook is that the helpdesk cannot skip. */
export type UnskippableStatus = Exclude<WebhookStatus, "failed" | "endpoint_disabled">;

export interface PendingWebhook {
	id: string;
	body: string;
	/** Attempts since it was queued or last redelivered. */
	attempts: number;
	nextAttemptAt: number;
}

export interface WebhookRecord {
	id: string;
	type: string;
	/** The ticket it is about: a conversation handed off again (after a hand-back or a resolve) has several. Null for an erasure notice, which names them all. */
	ticketId: string | null;
	status: WebhookStatus;
	createdAt: string;
	nextAttemptAt: string | null;
	attempts: Array<Attempt & { number: number }>;
}

interface WebhookRow extends Record<string, SqlStorageValue> {
	id: string;
	type: string;
	body: string;
	status: string;
	attempts: number;
	next_attempt_at: number | null;
	created_at: string;
}

/** An event in the Standard Webhooks envelope, with a new id: what each of its attempts sends as `webhook-id`. */
export function newWebhook<Type extends WebhookEventType>(type: Type, data: WebhookData<Type>, now: Date): { id: string; body: string } {
	return { id: `msg_${randomToken(18)}`, body: JSON.stringify({ type, timestamp: now.toISOString(), data }) };
}

export class WebhookOutbox {
	readonly #sql: SqlStorage;
	constructor(sql: SqlStorage) {
		this.#sql = sql;
	}

	/** Queues an event; answers its id. */
	enqueue<Type extends WebhookEventType>(type: Type, data: WebhookData<Type>, now: Date): string {
		const { id, body } = newWebhook(type, data, now);
		this.#sql.exec(
			"INSERT INTO webhooks (id, type, body, status, next_attempt_at, created_at) VALUES (?, ?, ?, 'pending', ?, ?)",
			id,
			type,
			body,
			now.getTime(),
			now.toISOString(),
		);
		return id;
	}

	/** The customer as the last event about this ticket that carried them (its hand-off, or a contact update) told the helpdesk. */
	customerLastTold(ticketId: string): WebhookCustomer | null {
		const [row] = this.#sql
			.exec<{ customer: string }>(
				"SELECT json_extract(body, '$.data.customer') AS customer FROM webhooks WHERE type IN ('handoff.created', 'conversation.contact.updated') AND json_extract(body, '$.data.ticketId') = ? ORDER BY position DESC LIMIT 1",
				ticketId,
			)
			.toArray();
		return row ? (JSON.parse(row.customer) as WebhookCustomer) : null;
	}

	/** The oldest webhook still to deliver: they go out in order, so a receiver sees a conversation's events in sequence. */
	nextPending(): PendingWebhook | null {
		const row = this.#sql.exec<WebhookRow>("SELECT * FROM webhooks WHERE status = 'pending' ORDER BY position LIMIT 1").toArray()[0];
		return row ? { id: row.id, body: row.body, attempts: row.attempts, nextAttemptAt: row.next_attempt_at ?? 0 } : null;
	}

	/** Nothing for a webhook erased while it was being sent: an erasure leaves no trace of it. */
	recordAttempt(id: string, attempt: Attempt, outcome: { status: WebhookStatus; nextAttemptAt: number | null }): void {
		if (this.#sql.exec("SELECT 1 FROM webhooks WHERE id = ?", id).toArray().length === 0) return;
		const number = this.#sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM webhook_attempts WHERE webhook_id = ?", id).one().n + 1;
		this.#sql.exec(
			"INSERT INTO webhook_attempts (webhook_id, number, at, status, latency_ms, error, retry_after_ms) VALUES (?, ?, ?, ?, ?, ?, ?)",
			id,
			number,
			attempt.at,
			attempt.status,
			attempt.latencyMs,
			attempt.error,
			attempt.retryAfterMs,
		);
		this.#sql.exec("UPDATE webhooks SET attempts = attempts + 1, status = ?, next_attempt_at = ? WHERE id = ?", outcome.status, outcome.nextAttemptAt, id);
	}

	/** Every pending webhook stops when the endpoint is disabled (a 410, retries used up); they stay visible and can be redelivered. */
	disableAllPending(): void {
		this.#sql.exec("UPDATE webhooks SET status = 'endpoint_disabled', next_attempt_at = NULL WHERE status = 'pending'");
	}

	/**
	 * The endpoint is enabled again: what it held goes back in the queue, in its place, with a fresh schedule, the
	 * webhook whose failures disabled it first. True if any did.
	 */
	resumeDisabled(now: number): boolean {
		return this.#requeue("status IN ('failed', 'endpoint_disabled')", now);
	}

	/** The helpdesk says its endpoint is back: what it held, and what waits for a retry, go now with a fresh schedule. True if any. */
	resumeAll(now: number): boolean {
		return this.#requeue("status IN ('failed', 'endpoint_disabled', 'pending')", now);
	}

	/** Whether any webhook has yet to reach the helpdesk: waiting, or held while the endpoint is disabled. One it skipped never will. */
	hasUndelivered(): boolean {
		return this.#sql.exec("SELECT 1 FROM webhooks WHERE status NOT IN ('delivered', 'skipped') LIMIT 1").toArray().length > 0;
	}

	/**
	 * The helpdesk gives up on a webhook it will never accept (one whose failures disabled the endpoint, or one held
	 * behind it): it is never sent, and stays listed. Only a failed or held one: a pending one may be on its way.
	 */
	skip(id: string): { skipped: true } | { skipped: false; status: UnskippableStatus } | null {
		if (this.#sql.exec("UPDATE webhooks SET status = 'skipped', next_attempt_at = NULL WHERE id = ? AND status IN ('failed', 'endpoint_disabled') RETURNING id", id).toArray().length) return { skipped: true };
		// Any other status: the update above took the failed and held ones.
		const row = this.#sql.exec<{ status: UnskippableStatus }>("SELECT status FROM webhooks WHERE id = ?", id).toArray()[0];
		return row ? { skipped: false, status: row.status } : null;
	}

	/** Puts a webhook back in the queue with a fresh retry schedule; false when there is no such webhook. */
	redeliver(id: string, now: number): boolean {
		return this.#requeue("id = ?", now, id);
	}

	/** Back in the queue with a fresh retry schedule, due at `now`; true if any webhook matched. */
	#requeue(where: "id = ?" | "status IN ('failed', 'endpoint_disabled')" | "status IN ('failed', 'endpoint_disabled', 'pending')", now: number, ...params: string[]): boolean {
		return this.#sql.exec(`UPDATE webhooks SET status = 'pending', attempts = 0, next_attempt_at = ? WHERE ${where} RETURNING id`, now, ...params).toArray().length > 0;
	}

	list(): WebhookRecord[] {
		// Only the oldest pending webhook has a next attempt of its own; the ones behind it wait for it to go through.
		const head = this.nextPending();
		return this.#sql
			.exec<WebhookRow>("SELECT * FROM webhooks ORDER BY position")
			.toArray()
			.map((row) => ({
				id: row.id,
				type: row.type,
				ticketId: (JSON.parse(row.body) as { data: { ticketId?: string } }).data.ticketId ?? null,
				status: row.status as WebhookStatus,
				createdAt: row.created_at,
				nextAttemptAt: row.id === head?.id ? new Date(head.nextAttemptAt).toISOString() : null,
				attempts: this.#sql
					.exec<{ number: number; at: string; status: number | null; latency_ms: number; error: string | null; retry_after_ms: number | null }>(
						"SELECT * FROM webhook_attempts WHERE webhook_id = ? ORDER BY number",
						row.id,
					)
					.toArray()
					.map((attempt) => ({ number: attempt.number, at: attempt.at, status: attempt.status, latencyMs: attempt.latency_ms, error: attempt.error, retryAfterMs: attempt.retry_after_ms })),
			}));
	}
}
