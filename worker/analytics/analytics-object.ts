import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env.ts";
import type { DayAggregate } from "./aggregate.ts";
import type { AnalyticsEvent, ExportRow, ReviewKind } from "./events.ts";
import { AnalyticsStore } from "./store.ts";

/**
 * One per UTC day (`idFromName("2026-11-30")`), holding the events of the
 * conversations started that day, so a conversation's containment, first reply
 * and rating land in one place. Conversations send to it without waiting; the
 * admin API reads one object per day of the range.
 */
export class Analytics extends DurableObject<Env> {
	readonly #store: AnalyticsStore;
	constructor(ctx: DurableObjectState, env: Env) {
		super(ctx, env);
		this.#store = new AnalyticsStore(ctx.storage.sql);
	}

	record(events: AnalyticsEvent[]): void {
		this.#store.record(events);
	}

	aggregate(): DayAggregate {
		return this.#store.aggregate();
	}

	review(kinds: ReviewKind[]): ExportRow[] {
		return this.#store.review(kinds);
	}
}
