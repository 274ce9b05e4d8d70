import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env.ts";

/**
 * One per webhook URL: remembers that the receiver answered 410 Gone, so no conversation keeps sending
 * to it. Consulted only when a webhook is delivered, never on a customer's message.
 */
export class WebhookEndpoint extends DurableObject<Env> {
	readonly #sql: SqlStorage;
	constructor(ctx: DurableObjectState, env: Env) {
		super(ctx, env);
		this.#sql = ctx.storage.sql;
		this.#sql.exec("CREATE TABLE IF NOT EXISTS endpoint (singleton INTEGER PRIMARY KEY CHECK (singleton = 1), disabled_at TEXT, reason TEXT)");
	}

	status(): { disabled: boolean; disabledAt: string | null; reason: string | null } {
		const row = this.#sql.exec<{ disabled_at: string | null; reason: string | null }>("SELECT disabled_at, reason FROM endpoint").toArray()[0];
		return { disabled: Boolean(row?.disabled_at), disabledAt: row?.disabled_at ?? null, reason: row?.reason ?? null };
	}

	disable(reason: string): void {
		this.#sql.exec("INSERT OR REPLACE INTO endpoint (singleton, disabled_at, reason) VALUES (1, ?, ?)", new Date().toISOString(), reason);
	}

	enable(): void {
		this.#sql.exec("DELETE FROM endpoint");
	}
}
