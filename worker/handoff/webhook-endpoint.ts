import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env.ts";
import { logError } from "../privacy/safe-log.ts";

// Conversations woken per alarm once the endpoint is enabled again; the alarm rings again for the rest.
const RESUMED_PER_ALARM = 50;
// How soon the alarm tries again a conversation that failed to answer.
const RETRY_MS = 60_000;

export interface EndpointStatus {
	disabled: boolean;
	disabledAt: string | null;
	reason: string | null;
}

export const ENABLED: EndpointStatus = { disabled: false, disabledAt: null, reason: null };

/**
 * One per deployment: remembers that the webhook URL failed for good (a 410 Gone, or a webhook's retries used
 * up), so no conversation keeps sending to it, and which conversations hold webhooks because of it, or wait to
 * retry one that failed, so that enabling it again sends them all without anyone having to find them. The URL it disabled is kept with it:
 * FRONTDESK_WEBHOOK_URL set to another address (where a 410 often points) enables the endpoint by itself, and
 * what was held goes there. Consulted when a webhook is delivered, and by the health check (which only reads
 * it), never on a customer's message.
 */
export class WebhookEndpoint extends DurableObject<Env> {
	readonly #sql: SqlStorage;
	constructor(ctx: DurableObjectState, env: Env) {
		super(ctx, env);
		this.#sql = ctx.storage.sql;
		this.#sql.exec(`CREATE TABLE IF NOT EXISTS endpoint (singleton INTEGER PRIMARY KEY CHECK (singleton = 1), url TEXT NOT NULL, disabled_at TEXT NOT NULL, reason TEXT);
			CREATE TABLE IF NOT EXISTS held (conversation_object TEXT PRIMARY KEY)`);
	}

	/** Whether `url`, the webhook URL now set, is disabled. Disabled for another URL, it is enabled now. */
	async status(url: string): Promise<EndpointStatus> {
		const row = this.#sql.exec<{ url: string; disabled_at: string; reason: string | null }>("SELECT url, disabled_at, reason FROM endpoint").toArray()[0];
		if (!row) return ENABLED;
		if (row.url !== url) {
			await this.enable();
			return ENABLED;
		}
		return { disabled: true, disabledAt: row.disabled_at, reason: row.reason };
	}

	/** Whether `url` is disabled, as status() says, without enabling it when it is another: for the health check. */
	disabledSince(url: string): string | null {
		return this.#sql.exec<{ disabled_at: string }>("SELECT disabled_at FROM endpoint WHERE url = ?", url).toArray()[0]?.disabled_at ?? null;
	}

	disable(url: string, reason: string): void {
		this.#sql.exec("INSERT OR REPLACE INTO endpoint (singleton, url, disabled_at, reason) VALUES (1, ?, ?, ?)", url, new Date().toISOString(), reason);
	}

	/** A conversation's webhooks for `url` wait for it to be enabled again; `conversationObject` is its object's id. */
	async hold(conversationObject: string, url: string): Promise<void> {
		this.#list(conversationObject);
		// Enabled while that conversation was finding it disabled: nothing else would wake it.
		if (!(await this.status(url)).disabled) await this.ctx.storage.setAlarm(Date.now());
	}

	/**
	 * A conversation's webhook failed and waits hours for its next try: after a short outage the helpdesk enables
	 * the endpoint (disabled or not) to have the backlog now. No wake-up of its own: the retry is scheduled.
	 */
	awaitingRetry(conversationObject: string): void {
		this.#list(conversationObject);
	}

	/** Listed, to be woken once the endpoint is enabled. */
	#list(conversationObject: string): void {
		this.#sql.exec("INSERT OR IGNORE INTO held (conversation_object) VALUES (?)", conversationObject);
	}

	/** A webhook that had failed went through: the conversation waits for nothing now, and need not be woken. */
	retried(conversationObject: string): void {
		this.#sql.exec("DELETE FROM held WHERE conversation_object = ?", conversationObject);
	}

	async enable(): Promise<void> {
		this.#sql.exec("DELETE FROM endpoint");
		if (this.#sql.exec("SELECT 1 FROM held LIMIT 1").toArray().length) await this.ctx.storage.setAlarm(Date.now());
	}

	/**
	 * Wakes the conversations that held webhooks, a batch at a time. One that fails to answer stays listed and is
	 * tried again a minute later; thrown out of the alarm, it would be left to workerd's few retries, then to nothing.
	 */
	async alarm(): Promise<void> {
		const batch = this.#sql.exec<{ conversation_object: string }>("SELECT conversation_object FROM held LIMIT ?", RESUMED_PER_ALARM).toArray();
		let failed = false;
		for (const { conversation_object: id } of batch) {
			try {
				await this.env.CONVERSATIONS.get(this.env.CONVERSATIONS.idFromString(id)).resumeHeldWebhooks();
				this.#sql.exec("DELETE FROM held WHERE conversation_object = ?", id);
			} catch (error) {
				logError("held webhooks not resumed; the alarm tries again", error);
				failed = true;
			}
		}
		if (failed) await this.ctx.storage.setAlarm(Date.now() + RETRY_MS);
		else if (batch.length === RESUMED_PER_ALARM) await this.ctx.storage.setAlarm(Date.now());
	}
}

/** The deployment's one WebhookEndpoint object. */
export function webhookEndpointOf(env: Env): DurableObjectStub<WebhookEndpoint> {
	return env.WEBHOOK_ENDPOINTS.get(env.WEBHOOK_ENDPOINTS.idFromName("webhook-endpoint"));
}
