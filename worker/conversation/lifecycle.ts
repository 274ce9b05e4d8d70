// A conversation's lifecycle, run by its Durable Object: retention, erasure and export of its personal data, and its one alarm.
// The alarm is for everything the object must do later: delete the conversation when its retention period ends, deliver webhooks,
// retry telling the analytics to forget its texts, give an answer it owed while Claude wrote it, and
// retry listing it under a customer's e-mail address or in the open tickets. It is set to whichever is due first.
import { ERASED_CLOSE_CODE } from "../../shared/protocol.ts";
import type { AnalyticsEmitter } from "../analytics/emitter.ts";
import type { ConversationRecord, ConversationRecordStore } from "./conversation-record.ts";
import type { MessageStore } from "./message-store.ts";
import { migrate } from "./schema.ts";
import { drainOutbox, type Endpoint } from "../handoff/drain-outbox.ts";
import type { WebhookOutbox } from "../handoff/webhook-outbox.ts";
import { alarmNoLaterThan, earliest } from "../durable/alarm.ts";
import { type ConversationExport, conversationExport, type ConversationSummary, conversationSummary } from "../privacy/conversation-export.ts";
import { clearConversationData, type Erasure, type ErasureReason } from "../privacy/erasure.ts";
import { TombstoneStore } from "../privacy/erasure-tombstone.ts";
import { TicketStore } from "../handoff/ticket-store.ts";
import type { TicketListing } from "../handoff/ticket-listing.ts";
import { LastActivity } from "../privacy/last-activity.ts";
import { RETENTION_DAYS, retentionDeadline } from "../privacy/retention.ts";
import { log, logError } from "../privacy/safe-log.ts";

/** How soon the alarm tries again to reach an object that failed to answer: an Analytics object, a webhook endpoint's, the open tickets'. */
export const RETRY_MS = 60_000;

export interface LifecycleParts {
	ctx: DurableObjectState;
	record: ConversationRecordStore;
	messages: MessageStore;
	outbox: WebhookOutbox;
	analytics: AnalyticsEmitter;
	/** Where webhooks go now, or null when they are off. */
	endpoint: () => Endpoint | null;
	/** When the next answer owed to the customer falls due (see OwedAnswers), or null. */
	answerDue: () => number | null;
	/** When to send again a listing in a customer directory that failed (see DirectoryListings), or null. */
	listingRetryAt: () => number | null;
	/** The conversation's line in the open tickets: an erased one is taken out of the list before the wipe. */
	ticketListing: TicketListing;
}

export class ConversationLifecycle {
	readonly #parts: LifecycleParts;
	readonly #sql: SqlStorage;
	readonly #storage: DurableObjectStorage;
	readonly #tombstones: TombstoneStore;
	readonly #lastActivity: LastActivity;

	constructor(parts: LifecycleParts) {
		this.#parts = parts;
		this.#storage = parts.ctx.storage;
		this.#sql = parts.ctx.storage.sql;
		this.#tombstones = new TombstoneStore(this.#sql);
		this.#lastActivity = new LastActivity(this.#sql);
	}

	/**
	 * Something happened: the retention period starts again. The alarm is left
	 * where it is; ringing before the new deadline, it finds nothing due and moves on.
	 */
	touch(): void {
		this.#lastActivity.touch(new Date());
	}

	/**
	 * Makes the alarm ring no later than the next thing due; an object woken with no alarm (or a later one) gets it here.
	 * Returns that time.
	 */
	async schedule(): Promise<number | null> {
		const next = this.#nextDue();
		if (next !== null) await alarmNoLaterThan(this.#storage, next);
		return next;
	}

	/**
	 * Sends what another object must hear of (a listing in a customer directory, the line in the open tickets), whose
	 * retry its caller has recorded as due. The alarm is set to send it again first: a send cut off by a restart of
	 * the object settles nothing. Once `send` says it went through, the alarm moves back (release()).
	 */
	async sendWithRetry(send: () => Promise<boolean>): Promise<void> {
		const retryAt = await this.schedule();
		if ((await send()) && retryAt !== null) await this.release(retryAt);
	}

	/**
	 * The alarm set for `at` (an answer owed while Claude wrote it, a listing sent again should its send be cut off)
	 * has nothing left to do there: it moves on to what is due next. Left ringing, it would wake the object for
	 * nothing after every Claude reply or listing, and on a busy worker that wake takes its turn from customers
	 * waiting for an answer.
	 */
	async release(at: number): Promise<void> {
		if ((await this.#storage.getAlarm()) !== at) return;
		const next = this.#nextDue();
		if (next !== null && next > at) await this.#storage.setAlarm(next);
	}

	async alarm(): Promise<void> {
		const record = this.#parts.record.get();
		if (record && this.deadline() <= Date.now()) this.#erase(record, "retention_expired");
		await this.#forgetAnalytics();
		const delivered = await this.#deliver();
		await this.#parts.ticketListing.sendPending();
		if (await this.#wipeIfSettled()) return;
		const next = this.#nextDue(delivered ? null : Date.now() + RETRY_MS);
		if (next !== null) await this.#storage.setAlarm(next);
	}

	/**
	 * False when the outbox could not be worked through because another object failed to answer. Thrown out of
	 * the alarm, that would leave the webhooks to workerd's few retries of the alarm, and then to nothing.
	 */
	async #deliver(): Promise<boolean> {
		const endpoint = this.#parts.endpoint();
		if (!endpoint) return true;
		try {
			await drainOutbox(this.#parts.outbox, endpoint, this.#parts.ctx.id.toString());
			return true;
		} catch (error) {
			logError("webhooks not delivered: the endpoint's state could not be read; the alarm tries again", error);
			return false;
		}
	}

	/** Erases the conversation now, and does at once what it can of the work its tombstone carries. */
	async erase(record: ConversationRecord, reason: ErasureReason): Promise<Erasure> {
		const erasure = this.#erase(record, reason);
		await this.#forgetAnalytics();
		await this.#parts.ticketListing.sendPending();
		if (!(await this.#wipeIfSettled())) await this.schedule();
		return erasure;
	}

	/**
	 * Deletes the conversation's messages, record, tickets and webhooks at once,
	 * in one transaction that leaves a tombstone behind; the tombstone carries the
	 * rest (the analytics texts, the helpdesk's `conversation.erased`) through the
	 * alarm until it is done, then goes too.
	 */
	#erase(record: ConversationRecord, reason: ErasureReason): Erasure {
		const erasedAt = new Date();
		// Only the tickets a helpdesk was sent: it holds no copy of one made while no endpoint was set.
		const ticketIds = new TicketStore(this.#sql).sentIds();
		const helpdeskNotified = ticketIds.length > 0 && this.#parts.endpoint() !== null;
		this.#storage.transactionSync(() => {
			clearConversationData(this.#sql);
			this.#tombstones.insert({ conversationId: record.id, startedAt: record.createdAt, reason, erasedAt: erasedAt.toISOString() });
			if (helpdeskNotified) this.#parts.outbox.enqueue("conversation.erased", { conversationId: record.id, ticketIds, reason, erasedAt: erasedAt.toISOString() }, erasedAt);
			this.#parts.ticketListing.note(record.id, null);
		});
		this.#closeLiveChannels();
		log("info", "conversation erased", { conversationId: record.id, reason });
		return { conversationId: record.id, reason, erasedAt: erasedAt.toISOString(), helpdeskNotified };
	}

	exportOf(record: ConversationRecord): ConversationExport {
		return conversationExport(this.#sql, { record, messages: this.#parts.messages.all(), webhooks: this.#parts.outbox.list(), retention: this.#retentionOf(record) }, new Date());
	}

	summaryOf(record: ConversationRecord): ConversationSummary {
		return conversationSummary(this.#sql, record, this.#retentionOf(record));
	}

	#retentionOf(record: ConversationRecord): ConversationExport["retention"] {
		const lastActivityAt = this.#lastActivity.get() ?? record.createdAt;
		return { retentionDays: RETENTION_DAYS, lastActivityAt, deleteAfter: new Date(retentionDeadline(lastActivityAt)).toISOString() };
	}

	#closeLiveChannels(): void {
		for (const socket of this.#parts.ctx.getWebSockets()) {
			try {
				socket.close(ERASED_CLOSE_CODE, "conversation erased");
			} catch {
				// Already closing: the widget's reconnect is refused, as the conversation is gone.
			}
		}
	}

	/** When the conversation must be gone, unless something happens in it first; never for one with no activity recorded. */
	deadline(): number {
		const lastActivityAt = this.#lastActivity.get();
		return lastActivityAt === null ? Number.POSITIVE_INFINITY : retentionDeadline(lastActivityAt);
	}

	/** `deliveryRetryAt` replaces the outbox's own time when delivery failed: that time has passed already. */
	#nextDue(deliveryRetryAt: number | null = null): number | null {
		const live = this.#parts.record.get() !== null;
		const tombstone = this.#tombstones.get();
		const pending = this.#parts.endpoint() ? this.#parts.outbox.nextPending() : null;
		return earliest(
			live ? this.deadline() : null,
			pending ? (deliveryRetryAt ?? pending.nextAttemptAt) : null,
			tombstone && !tombstone.analyticsForgotten ? Date.now() + RETRY_MS : null,
			live ? this.#parts.answerDue() : null,
			live ? this.#parts.listingRetryAt() : null,
			this.#parts.ticketListing.retryAt(),
		);
	}

	async #forgetAnalytics(): Promise<void> {
		const tombstone = this.#tombstones.get();
		if (!tombstone || tombstone.analyticsForgotten) return;
		try {
			await this.#parts.analytics.forget({ id: tombstone.conversationId, createdAt: tombstone.startedAt });
			this.#tombstones.markAnalyticsForgotten();
		} catch (error) {
			logError("analytics texts of an erased conversation not deleted yet; the alarm tries again", error);
		}
	}

	/**
	 * Once the tombstone's work is done and the open tickets no longer list the conversation, nothing of it is kept:
	 * the object is left with its empty schema. An erasure notice the helpdesk has not had (its retries used up, or
	 * held by a 410) stays, to be redelivered.
	 */
	async #wipeIfSettled(): Promise<boolean> {
		const tombstone = this.#tombstones.get();
		const undelivered = this.#parts.endpoint() !== null && this.#parts.outbox.hasUndelivered();
		if (!tombstone?.analyticsForgotten || undelivered || this.#parts.ticketListing.pending()) return false;
		await this.#storage.deleteAll();
		migrate(this.#sql);
		return true;
	}
}
