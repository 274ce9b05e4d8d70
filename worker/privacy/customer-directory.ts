// Which conversations recorded an e-mail address, so that the site owner can answer a customer who writes
// in ("what do you keep about me?", "erase it") without knowing any conversation's id. One object per
// address, named by the SHA-256 of the address in lower case: no object holds the address itself, and no
// single object sits on every conversation's path. An entry goes when its conversation is erased on request,
// and within the hour after its conversation expires: the object asks the conversation then, and keeps the
// entry for another retention period only if the conversation is still there.
import { DurableObject } from "cloudflare:workers";
import { sha256 } from "../conversation/secrets.ts";
import type { Env } from "../env.ts";
import { alarmNoLaterThan } from "./alarm.ts";
import { DAY_MS, RETENTION_DAYS } from "./retention.ts";

// A conversation deletes itself by its own alarm at its deadline: asked earlier, it would still be there.
const CHECK_AFTER_EXPIRY_MS = 60 * 60 * 1000;

const checkAt = (now: number) => now + RETENTION_DAYS * DAY_MS + CHECK_AFTER_EXPIRY_MS;

export class CustomerDirectory extends DurableObject<Env> {
	readonly #sql: SqlStorage;

	constructor(ctx: DurableObjectState, env: Env) {
		super(ctx, env);
		this.#sql = ctx.storage.sql;
		this.#sql.exec("CREATE TABLE IF NOT EXISTS conversations (id TEXT PRIMARY KEY, listed_at INTEGER NOT NULL, check_at INTEGER NOT NULL)");
	}

	/** The conversation recorded the address; its activity just now means it lives at least a retention period more. */
	async add(conversationId: string): Promise<void> {
		const now = Date.now();
		this.#sql.exec(
			"INSERT INTO conversations (id, listed_at, check_at) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET check_at = excluded.check_at",
			conversationId,
			now,
			checkAt(now),
		);
		await alarmNoLaterThan(this.ctx.storage, checkAt(now));
	}

	remove(conversationId: string): void {
		this.#sql.exec("DELETE FROM conversations WHERE id = ?", conversationId);
	}

	/** Oldest first. */
	list(): string[] {
		return this.#sql
			.exec<{ id: string }>("SELECT id FROM conversations ORDER BY listed_at, id")
			.toArray()
			.map((row) => row.id);
	}

	async alarm(): Promise<void> {
		const now = Date.now();
		const due = this.#sql.exec<{ id: string }>("SELECT id FROM conversations WHERE check_at <= ?", now).toArray();
		for (const { id } of due) {
			const conversation = this.env.CONVERSATIONS.get(this.env.CONVERSATIONS.idFromName(id));
			if ((await conversation.summary()) === null) this.remove(id);
			else this.#sql.exec("UPDATE conversations SET check_at = ? WHERE id = ?", checkAt(now), id);
		}
		const next = this.#sql.exec<{ next: number | null }>("SELECT MIN(check_at) AS next FROM conversations").one().next;
		if (next !== null) await this.ctx.storage.setAlarm(next);
	}
}

/** The directory of one address; "Sam@Example.com " and "sam@example.com" are the same customer. */
export async function customerDirectory(env: Env, email: string): Promise<DurableObjectStub<CustomerDirectory>> {
	const name = await sha256(email.trim().toLowerCase());
	return env.CUSTOMER_DIRECTORIES.get(env.CUSTOMER_DIRECTORIES.idFromName(name));
}
