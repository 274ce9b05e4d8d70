// Drives the test webhook receiver (tests/support/webhook-receiver.ts) from inside workerd.
import { env } from "cloudflare:workers";
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { expect } from "vitest";
import type { Fault, ProcessedWebhook, ReceivedAttempt } from "../../support/webhook-receiver.ts";
import { call } from "../api-client.ts";
import type { WebhookRecord } from "../../../worker/handoff/webhook-outbox.ts";

const base = (env.FRONTDESK_WEBHOOK_URL as string).replace(/\/hooks$/, "");
export const AGENT = { Authorization: "Bearer test-agent-token" };

export async function script(conversationId: string, faults: Fault[]) {
	await fetch(`${base}/__script`, { method: "POST", body: JSON.stringify({ conversationId, faults }) });
}

export async function attempts(conversationId: string): Promise<ReceivedAttempt[]> {
	return (await fetch(`${base}/__attempts?conversationId=${conversationId}`)).json();
}

export async function processed(conversationId: string): Promise<ProcessedWebhook[]> {
	return (await fetch(`${base}/__processed?conversationId=${conversationId}`)).json();
}

export const stubOf = (conversationId: string) => env.CONVERSATIONS.get(env.CONVERSATIONS.idFromName(conversationId));

/** Runs the conversation's alarm now, as if the retry's time had come: the schedule is minutes to hours. */
export async function timePasses(conversationId: string): Promise<void> {
	const stub = stubOf(conversationId);
	await runInDurableObject(stub, async (_, state) => {
		state.storage.sql.exec("UPDATE webhooks SET next_attempt_at = ? WHERE status = 'pending'", Date.now());
		await state.storage.setAlarm(Date.now());
	});
	await runDurableObjectAlarm(stub);
}

/**
 * Lets the alarm that a hand-off scheduled run, and waits until it is done: with no webhook due left to deliver, or
 * set to come back later. Set for now, the alarm can also fire on its own a moment before, and then still be
 * delivering when this one finds none to run.
 */
export async function deliverNow(conversationId: string): Promise<void> {
	const stub = stubOf(conversationId);
	await runDurableObjectAlarm(stub);
	const done = () =>
		runInDurableObject(stub, async (_, state) => {
			const due = state.storage.sql.exec<{ due: number }>("SELECT COUNT(*) AS due FROM webhooks WHERE status = 'pending' AND next_attempt_at <= ?", Date.now()).one().due;
			const alarm = await state.storage.getAlarm();
			return due === 0 || (alarm !== null && alarm > Date.now());
		});
	await expect.poll(done, { timeout: 5000 }).toBe(true);
}

export async function webhooksOf(conversationId: string) {
	const response = await call(`/v1/agent/conversations/${conversationId}/webhooks`, { headers: AGENT });
	return (await response.json()) as { ticketId: string | null; webhooks: WebhookRecord[] };
}
