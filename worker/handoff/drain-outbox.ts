import { log, logError, redactForLog } from "../privacy/safe-log.ts";
import type { Env } from "../env.ts";
import { type WebhookEndpoint, webhookEndpointOf } from "./webhook-endpoint.ts";
import { type Attempt, deliverWebhook, succeeded } from "./deliver.ts";
import { nextAttemptDelayMs } from "./retry-schedule.ts";
import { listedSecrets } from "../crypto/listed-secrets.ts";
import type { PendingWebhook, WebhookOutbox } from "./webhook-outbox.ts";

export interface Endpoint {
	url: string;
	secrets: string[];
	/** The deployment's WebhookEndpoint object: whether the URL is disabled, and who holds webhooks for it. */
	registry: DurableObjectStub<WebhookEndpoint>;
}

/** Where webhooks go now, or null when they are off: no URL, or no secret to sign them with. */
export function endpointOf(env: Env): Endpoint | null {
	const url = env.FRONTDESK_WEBHOOK_URL;
	const secrets = listedSecrets(env.FRONTDESK_WEBHOOK_SECRET);
	if (!url || secrets.length === 0) return null;
	return { url, secrets, registry: webhookEndpointOf(env) };
}

function eventOf(webhook: PendingWebhook): { type: string; conversationId?: string } {
	const { type, data } = JSON.parse(webhook.body) as { type: string; data: { conversationId?: string } };
	return { type, conversationId: data.conversationId };
}

/** Why the endpoint is disabled, naming the webhook and conversation to look into. */
function exhaustedReason(url: string, webhook: PendingWebhook, at: string): string {
	const { type, conversationId } = eventOf(webhook);
	return `${url} failed every attempt at webhook ${webhook.id} (${type}, conversation ${conversationId}), the last at ${at}`;
}

/**
 * One line per failed attempt, for whoever watches the worker's logs: retries go on for a day, and the agent API,
 * which lists them, is the helpdesk's. The URL and the payload stay out (a URL can carry the helpdesk's token).
 */
function logFailedAttempt(url: string, webhook: PendingWebhook, attempt: Attempt, nextAttemptAt: number | null): void {
	const { type, conversationId } = eventOf(webhook);
	log("warn", "webhook attempt failed", {
		webhookId: webhook.id,
		type,
		conversationId: conversationId ?? null,
		attempt: webhook.attempts + 1,
		status: attempt.status,
		error: attempt.error === null ? null : redactForLog(attempt.error.replaceAll(url, "[webhook URL]")),
		nextAttemptAt: nextAttemptAt === null ? null : new Date(nextAttemptAt).toISOString(),
	});
}

/**
 * Delivers due webhooks in order, one at a time, until none is due (the alarm comes back for a retry).
 * A failed webhook holds back the ones after it, so a receiver never sees a conversation's events out of order. A 410, or a webhook that used up its retries (a day
 * and more of failures), disables the endpoint: what it stops is held, and the endpoint is told which
 * conversation (`conversationObject`, its object's id) to wake once it is enabled again. Skipping the
 * webhook instead would send what follows a ticket the helpdesk never got, and lose that ticket unseen.
 */
export async function drainOutbox(outbox: WebhookOutbox, endpoint: Endpoint, conversationObject: string): Promise<void> {
	// Held, and the endpoint told so in the same breath: a conversation it does not know of would never be woken.
	// Should its object fail to answer, they go back to pending (from a fresh schedule), which the alarm comes back to.
	const holdAll = async () => {
		outbox.disableAllPending();
		try {
			await endpoint.registry.hold(conversationObject, endpoint.url);
		} catch (error) {
			outbox.resumeDisabled(Date.now());
			throw error;
		}
	};
	for (let next = outbox.nextPending(); next; next = outbox.nextPending()) {
		if (next.nextAttemptAt > Date.now()) return;
		if ((await endpoint.registry.status(endpoint.url)).disabled) return holdAll();
		// Enabled again since a 410: what it held goes first, so the helpdesk still gets the conversation in order.
		if (outbox.resumeDisabled(Date.now())) continue;
		// Other requests ran while the endpoint's state was read: an erasure may have deleted this webhook.
		if (outbox.nextPending()?.id !== next.id) continue;
		const attempt = await deliverWebhook(endpoint, next);
		if (succeeded(attempt)) {
			outbox.recordAttempt(next.id, attempt, { status: "delivered", nextAttemptAt: null });
			// Listed when it failed (below): off the list, or it would grow with every conversation that ever failed once.
			if (next.attempts > 0) await endpoint.registry.retried(conversationObject).catch((error) => logError("retried conversation not taken off the endpoint's list", error));
			continue;
		}
		// The endpoint is disabled before the webhook is marked: should its object fail to answer, the webhook is
		// still pending, and the alarm comes back to it, instead of one held that no enabling would wake.
		if (attempt.status === 410) {
			logFailedAttempt(endpoint.url, next, attempt, null);
			await endpoint.registry.disable(endpoint.url, `${endpoint.url} answered 410 Gone at ${attempt.at}`);
			outbox.recordAttempt(next.id, attempt, { status: "endpoint_disabled", nextAttemptAt: null });
			return holdAll();
		}
		const delay = nextAttemptDelayMs(next.attempts + 1, attempt.retryAfterMs);
		const nextAttemptAt = delay === null ? null : Date.now() + delay;
		logFailedAttempt(endpoint.url, next, attempt, nextAttemptAt);
		if (nextAttemptAt === null) {
			await endpoint.registry.disable(endpoint.url, exhaustedReason(endpoint.url, next, attempt.at));
			outbox.recordAttempt(next.id, attempt, { status: "failed", nextAttemptAt: null });
			return holdAll();
		}
		outbox.recordAttempt(next.id, attempt, { status: "pending", nextAttemptAt });
		// Only so that enabling the endpoint can send it sooner: the retry comes either way.
		await endpoint.registry.awaitingRetry(conversationObject).catch((error) => logError("retrying conversation not listed with the endpoint", error));
		return;
	}
}
