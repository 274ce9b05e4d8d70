/**
 * When anything last happened in the conversation: a message from anyone, a
 * rating, a contact address. Its retention period runs from here; reading the
 * conversation does not restart it.
 */
export class LastActivity {
	readonly #sql: SqlStorage;
	constructor(sql: SqlStorage) {
		this.#sql = sql;
	}

	touch(at: Date): void {
		this.#sql.exec("UPDATE conversation SET last_activity_at = ?", at.toISOString());
	}

	/** ISO time, or null when the conversation does not exist. */
	get(): string | null {
		const row = this.#sql.exec<{ at: string }>("SELECT COALESCE(last_activity_at, created_at) AS at FROM conversation").toArray()[0];
		return row?.at ?? null;
	}
}
