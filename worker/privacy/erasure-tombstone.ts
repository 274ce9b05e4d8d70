import type { ErasureReason } from "./erasure.ts";

/**
 * What is left of an erased conversation until the work its erasure started is
 * done (the analytics texts deleted, the helpdesk told): ids and times, nothing
 * about the customer.
 */
export interface Tombstone {
	conversationId: string;
	/** When the conversation started: it names the Analytics day object holding its texts. */
	startedAt: string;
	reason: ErasureReason;
	erasedAt: string;
	analyticsForgotten: boolean;
}

interface Row extends Record<string, SqlStorageValue> {
	conversation_id: string;
	started_at: string;
	reason: string;
	erased_at: string;
	analytics_forgotten: number;
}

export class TombstoneStore {
	readonly #sql: SqlStorage;
	constructor(sql: SqlStorage) {
		this.#sql = sql;
	}

	get(): Tombstone | null {
		const row = this.#sql.exec<Row>("SELECT * FROM erasure").toArray()[0];
		if (!row) return null;
		return {
			conversationId: row.conversation_id,
			startedAt: row.started_at,
			reason: row.reason as ErasureReason,
			erasedAt: row.erased_at,
			analyticsForgotten: row.analytics_forgotten === 1,
		};
	}

	insert(tombstone: Omit<Tombstone, "analyticsForgotten">): void {
		this.#sql.exec(
			"INSERT INTO erasure (singleton, conversation_id, started_at, reason, erased_at) VALUES (1, ?, ?, ?, ?)",
			tombstone.conversationId,
			tombstone.startedAt,
			tombstone.reason,
			tombstone.erasedAt,
		);
	}

	markAnalyticsForgotten(): void {
		this.#sql.exec("UPDATE erasure SET analytics_forgotten = 1");
	}
}
