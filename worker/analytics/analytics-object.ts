import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env.ts";
import { alarmNoLaterThan } from "../durable/alarm.ts";
import { retentionCutoff, retentionDeadline } from "../privacy/retention.ts";
import { DAY_MS } from "../time/durations.ts";
import type { DayAggregate } from "./aggregate.ts";
import type { AnalyticsEvent, ExportRow, ReviewKind } from "./events.ts";
import { AnalyticsStore, type ReviewCursor } from "./store.ts";

const carriesText = (event: AnalyticsEvent) => event.type === "review" || event.type === "flag";

/**
 * One per UTC day (`idFromName("2026-11-30")`), holding the events of the
 * conversations started that day, so a conversation's containment, first reply
 * and rating land in one place. Conversations send to it without waiting; the
 * admin API reads one object per day of the range. Its alarm deletes each
 * customer text once the retention period has passed since it was written.
 */
export class Analytics extends DurableObject<Env> {
	readonly #store: AnalyticsStore;
	constructor(ctx: DurableObjectState, env: Env) {
		super(ctx, env);
		this.#store = new AnalyticsStore(ctx.storage.sql);
		// A day written before texts expired (an earlier version) has texts and no alarm yet.
		ctx.blockConcurrencyWhile(() => this.#scheduleExpiry());
	}

	async record(events: AnalyticsEvent[]): Promise<void> {
		this.#store.record(events);
		if (events.some(carriesText)) await this.#scheduleExpiry();
	}

	aggregate(): DayAggregate {
		return this.#store.aggregate();
	}

	review(kinds: ReviewKind[], after: ReviewCursor | null): { rows: ExportRow[]; next: ReviewCursor | null } {
		return this.#store.review(kinds, after);
	}

	/** The conversation was erased: its texts go now. */
	forget(conversationId: string): void {
		this.#store.forget(conversationId);
	}

	async alarm(): Promise<void> {
		this.#store.forgetTextsUntil(retentionCutoff(Date.now()));
		await this.#scheduleExpiry();
	}

	/** At least daily, so a retention period shortened in the site config applies within a day to texts already kept. */
	async #scheduleExpiry(): Promise<void> {
		const oldest = this.#store.oldestText();
		if (oldest !== null) await alarmNoLaterThan(this.ctx.storage, Math.min(retentionDeadline(oldest), Date.now() + DAY_MS));
	}
}
