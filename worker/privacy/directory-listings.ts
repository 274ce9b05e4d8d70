// The customer directories (customer-directory.ts) a conversation is listed in, kept in the conversation's
// own storage: its erasure takes it out of every one, and a listing that failed to reach its directory is
// sent again by the object's alarm, within the hour.
import type { Env } from "../env.ts";
import { directoryOf, type ListingSource } from "./customer-directory.ts";
import { logError } from "./safe-log.ts";

const RETRY_MS = 60 * 60 * 1000;

export class DirectoryListings {
	readonly #sql: SqlStorage;
	readonly #env: Env;

	constructor(sql: SqlStorage, env: Env) {
		this.#sql = sql;
		this.#env = env;
	}

	/**
	 * A listing to send under the address's key (customerKey). An address only written in a message so far, then
	 * left in the form or signed by the site, is the customer's own after all: its source is sent again.
	 */
	record(key: string, source: ListingSource): void {
		this.#sql.exec(
			"INSERT INTO directory_listings (email_key, source, sent) VALUES (?, ?, 0) ON CONFLICT (email_key) DO UPDATE SET source = excluded.source, sent = 0 WHERE source = 'message' AND excluded.source != 'message'",
			key,
			source,
		);
	}

	async sendPending(conversationId: string, checkAt: number): Promise<void> {
		const pending = this.#sql.exec<{ email_key: string; source: string }>("SELECT email_key, source FROM directory_listings WHERE sent = 0").toArray();
		for (const { email_key: key, source } of pending) {
			try {
				await directoryOf(this.#env, key).add(conversationId, source as ListingSource, checkAt);
				// Erased while the listing travelled: the erasure may have reached the directory first.
				const stillListed = this.#sql.exec("UPDATE directory_listings SET sent = 1 WHERE email_key = ?", key).rowsWritten > 0;
				if (!stillListed) await directoryOf(this.#env, key).remove(conversationId);
			} catch (error) {
				logError("conversation not yet listed under its customer's e-mail address; the alarm sends it again", error);
			}
		}
	}

	/** When the object's alarm should send a listing that failed again; null with none waiting. */
	retryAt(): number | null {
		return this.#sql.exec("SELECT 1 FROM directory_listings WHERE sent = 0 LIMIT 1").toArray().length > 0 ? Date.now() + RETRY_MS : null;
	}

	count(): number {
		return this.#sql.exec<{ count: number }>("SELECT COUNT(*) AS count FROM directory_listings").one().count;
	}

	/** Listings from `source`'s side: addresses written in messages, or the customer's own (left in the form, signed by the site). */
	countLike(source: ListingSource): number {
		return this.#sql.exec<{ count: number }>("SELECT COUNT(*) AS count FROM directory_listings WHERE (source = 'message') = ?", source === "message" ? 1 : 0).one().count;
	}

	has(key: string): boolean {
		return this.#sql.exec("SELECT 1 FROM directory_listings WHERE email_key = ?", key).toArray().length > 0;
	}

	keys(): string[] {
		return this.#sql
			.exec<{ email_key: string }>("SELECT email_key FROM directory_listings")
			.toArray()
			.map((row) => row.email_key);
	}

	/** `keys` as read before the erasure cleared this table. A directory that cannot be reached drops the entry at its next check. */
	async removeFromAll(conversationId: string, keys: readonly string[]): Promise<void> {
		for (const key of keys) {
			try {
				await directoryOf(this.#env, key).remove(conversationId);
			} catch (error) {
				logError("erased conversation not removed from a customer directory; the directory drops it at its next check", error);
			}
		}
	}
}
