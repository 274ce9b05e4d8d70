// Durable delivery against a real receiver that fails in every way a helpdesk can.
import { env } from "cloudflare:workers";
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it, onTestFinished, vi } from "vitest";
import { drainOutbox } from "../../../worker/handoff/drain-outbox.ts";
import { webhookEndpointOf } from "../../../worker/handoff/webhook-endpoint.ts";
import { WebhookOutbox } from "../../../worker/handoff/webhook-outbox.ts";
import { call, errorOf, send, startConversation } from "../api-client.ts";
import type { Fault } from "../../support/webhook-receiver.ts";
import { AGENT, attempts, deliverNow, processed, script, stubOf, timePasses, webhooksOf } from "./receiver.ts";
import type { WebhookData, WebhookEventType } from "../../../shared/webhook-events.ts";

/**
 * A webhook the outbox sends as given: these tests tell webhooks apart by conversation and text, and what a
 * real event carries is checked where the events are made.
 */
function testEvent(conversationId: string, text?: string): WebhookData<"handoff.created"> {
	return { conversationId, text } as unknown as WebhookData<"handoff.created">;
}

/** A hand-off whose ticket meets `faults` at the receiver: scripted first, as the hand-off's own alarm may make the first attempt. */
async function handOff(faults: Fault[]): Promise<string> {
	const conversation = await startConversation();
	await script(conversation.id, faults);
	await call(`/v1/conversations/${conversation.id}/handoff`, { method: "POST", headers: { Authorization: `Bearer ${conversation.token}` } });
	return conversation.id;
}

describe("webhook delivery", () => {
	it("retries through a dropped connection, a 500, a 429 with Retry-After and a lost acknowledgement, then lands exactly once", async () => {
		const conversation = { id: await handOff([{ kind: "drop" }, { kind: "status", status: 500 }, { kind: "status", status: 429, retryAfter: "120" }, { kind: "process_then_fail", status: 503 }]) };

		await deliverNow(conversation.id);
		let [webhook] = (await webhooksOf(conversation.id)).webhooks;
		expect(webhook).toMatchObject({ type: "handoff.created", status: "pending", attempts: [{ status: null }] });
		const firstRetryIn = Date.parse(webhook.nextAttemptAt ?? "") - Date.now();
		expect(firstRetryIn).toBeGreaterThan(3_000);
		expect(firstRetryIn).toBeLessThan(7_000);

		await timePasses(conversation.id);
		await timePasses(conversation.id);
		[webhook] = (await webhooksOf(conversation.id)).webhooks;
		expect(webhook.attempts.map((attempt) => attempt.status)).toEqual([null, 500, 429]);
		expect(webhook.attempts.map((attempt) => attempt.retryAfterMs)).toEqual([null, null, 120_000]);
		// A Retry-After (120 s) shorter than the schedule's next step (30 min, ±20 % jitter) does not shorten it.
		expect(Date.parse(webhook.nextAttemptAt ?? "") - Date.now()).toBeGreaterThan(1_400_000);

		await timePasses(conversation.id);
		await timePasses(conversation.id);
		[webhook] = (await webhooksOf(conversation.id)).webhooks;
		expect(webhook.status).toBe("delivered");
		expect(webhook.attempts.map((attempt) => attempt.status)).toEqual([null, 500, 429, 503, 204]);

		const received = await attempts(conversation.id);
		expect(received).toHaveLength(5);
		expect(new Set(received.map((attempt) => attempt.webhookId))).toEqual(new Set([webhook.id]));
		expect(new Set(received.map((attempt) => attempt.rawBody)).size).toBe(1);
		expect(received.every((attempt) => attempt.verified)).toBe(true);
		expect(await processed(conversation.id)).toHaveLength(1);
	});

	it("logs each failed attempt for the operator, with the webhook and conversation but not the endpoint's URL or the payload", async () => {
		const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
		onTestFinished(() => warn.mockRestore());
		const conversationId = await handOff([{ kind: "status", status: 500 }]);
		await deliverNow(conversationId);
		const lines = warn.mock.calls.flatMap(([line]) => (typeof line === "string" && line.startsWith("{") ? [JSON.parse(line)] : [])).filter((line) => line.conversationId === conversationId);
		const [webhook] = (await webhooksOf(conversationId)).webhooks;
		expect(lines).toEqual([
			{ message: "webhook attempt failed", webhookId: webhook.id, type: "handoff.created", conversationId, attempt: 1, status: 500, error: "HTTP 500", nextAttemptAt: webhook.nextAttemptAt },
		]);
		expect(JSON.stringify(warn.mock.calls)).not.toContain(env.FRONTDESK_WEBHOOK_URL as string);
	});

	it("lists a webhook waiting behind a failing one with no next attempt of its own", async () => {
		const conversation = await startConversation();
		await script(conversation.id, [{ kind: "status", status: 500 }]);
		await call(`/v1/conversations/${conversation.id}/handoff`, { method: "POST", headers: { Authorization: `Bearer ${conversation.token}` } });
		await deliverNow(conversation.id);
		expect((await send(conversation, "any news?")).status).toBe(201);
		const [ticket, message] = (await webhooksOf(conversation.id)).webhooks;
		expect([ticket.status, message.status]).toEqual(["pending", "pending"]);
		expect(Date.parse(ticket.nextAttemptAt ?? "")).toBeGreaterThan(Date.now());
		expect(message.nextAttemptAt).toBeNull();
	});

	it("honours a Retry-After longer than the schedule", async () => {
		const conversation = { id: await handOff([{ kind: "status", status: 429, retryAfter: "3600" }]) };
		await deliverNow(conversation.id);
		const [webhook] = (await webhooksOf(conversation.id)).webhooks;
		expect(Date.parse(webhook.nextAttemptAt ?? "") - Date.now()).toBeGreaterThan(3_590_000);
	});

	it("treats a receiver that never answers as down, and retries", async () => {
		const conversation = { id: await handOff([{ kind: "hang" }]) };
		await deliverNow(conversation.id);
		let [webhook] = (await webhooksOf(conversation.id)).webhooks;
		expect(webhook.attempts[0]).toMatchObject({ status: null, error: expect.stringContaining("no answer within") });
		await timePasses(conversation.id);
		[webhook] = (await webhooksOf(conversation.id)).webhooks;
		expect(webhook.status).toBe("delivered");
	}, 30_000);

	it("disables the endpoint when a webhook uses up its retries, holds what follows it, and sends it all in order once enabled", async () => {
		const endpoint = webhookEndpointOf(env);
		const conversation = await startConversation();
		await script(conversation.id, Array.from({ length: 8 }, () => ({ kind: "status" as const, status: 502 })));
		await call(`/v1/conversations/${conversation.id}/handoff`, { method: "POST", headers: { Authorization: `Bearer ${conversation.token}` } });
		const other = await startConversation();
		onTestFinished(() => endpoint.enable());
		await deliverNow(conversation.id);
		for (let attempt = 1; attempt < 8; attempt++) await timePasses(conversation.id);
		let [ticket] = (await webhooksOf(conversation.id)).webhooks;
		expect(ticket.status).toBe("failed");
		expect(ticket.attempts.filter((attempt) => attempt.status === 502)).toHaveLength(8);

		// The customer writes on, and another conversation is handed off: nothing reaches the helpdesk out of order.
		expect((await send(conversation, "any news?")).status).toBe(201);
		await deliverNow(conversation.id);
		await call(`/v1/conversations/${other.id}/handoff`, { method: "POST", headers: { Authorization: `Bearer ${other.token}` } });
		await deliverNow(other.id);
		expect((await webhooksOf(conversation.id)).webhooks.map((webhook) => webhook.status)).toEqual(["failed", "endpoint_disabled"]);
		expect((await webhooksOf(other.id)).webhooks.map((webhook) => webhook.status)).toEqual(["endpoint_disabled"]);
		expect(await processed(conversation.id)).toEqual([]);
		expect(await processed(other.id)).toEqual([]);

		const status = await call("/v1/agent/webhook-endpoint", { headers: AGENT });
		expect(await status.json()).toMatchObject({ disabled: true, reason: expect.stringContaining(`webhook ${ticket.id} (handoff.created, conversation ${conversation.id})`) });

		const denied = await call(`/v1/agent/conversations/${conversation.id}/webhooks/${ticket.id}/redeliver`, { method: "POST" });
		expect(denied.status).toBe(401);
		const unknown = await call(`/v1/agent/conversations/${conversation.id}/webhooks/msg_unknown/redeliver`, { method: "POST", headers: AGENT });
		expect(unknown.status).toBe(404);
		expect(await errorOf(unknown)).toEqual({ code: "not_found", message: "This conversation sent no webhook with this id." });

		expect((await call("/v1/agent/webhook-endpoint/enable", { method: "POST", headers: AGENT })).status).toBe(200);
		expect(await runDurableObjectAlarm(endpoint)).toBe(true);
		await deliverNow(conversation.id);
		await deliverNow(other.id);
		[ticket] = (await webhooksOf(conversation.id)).webhooks;
		expect(ticket.status).toBe("delivered");
		expect((await processed(conversation.id)).map((webhook) => webhook.type)).toEqual(["handoff.created", "conversation.message.created"]);
		expect((await processed(other.id)).map((webhook) => webhook.type)).toEqual(["handoff.created"]);
	});

	it("skips a webhook the helpdesk will never accept, so that what it held goes once the endpoint is enabled", async () => {
		const endpoint = webhookEndpointOf(env);
		const conversation = await startConversation();
		await script(conversation.id, Array.from({ length: 8 }, () => ({ kind: "status" as const, status: 400 })));
		await call(`/v1/conversations/${conversation.id}/handoff`, { method: "POST", headers: { Authorization: `Bearer ${conversation.token}` } });
		onTestFinished(() => endpoint.enable());
		await deliverNow(conversation.id);
		for (let attempt = 1; attempt < 8; attempt++) await timePasses(conversation.id);
		expect((await send(conversation, "any news?")).status).toBe(201);
		await deliverNow(conversation.id);
		const [ticket, message] = (await webhooksOf(conversation.id)).webhooks;
		expect([ticket.status, message.status]).toEqual(["failed", "endpoint_disabled"]);

		const skip = (webhookId: string, headers: Record<string, string> = AGENT) => call(`/v1/agent/conversations/${conversation.id}/webhooks/${webhookId}/skip`, { method: "POST", headers });
		expect((await skip(ticket.id, {})).status).toBe(401);
		expect(await errorOf(await skip("msg_unknown"))).toEqual({ code: "not_found", message: "This conversation sent no webhook with this id." });
		const skipped = await skip(ticket.id);
		expect(skipped.status).toBe(200);
		expect(((await skipped.json()) as { webhooks: Array<{ status: string }> }).webhooks.map((webhook) => webhook.status)).toEqual(["skipped", "endpoint_disabled"]);

		expect((await call("/v1/agent/webhook-endpoint/enable", { method: "POST", headers: AGENT })).status).toBe(200);
		expect(await runDurableObjectAlarm(endpoint)).toBe(true);
		await deliverNow(conversation.id);
		expect((await webhooksOf(conversation.id)).webhooks.map((webhook) => webhook.status)).toEqual(["skipped", "delivered"]);
		expect((await processed(conversation.id)).map((webhook) => webhook.type)).toEqual(["conversation.message.created"]);
		// One delivered is not held: nothing to skip.
		const late = await skip(message.id);
		expect(late.status).toBe(409);
		expect(await errorOf(late)).toEqual({ code: "conflict", message: "This webhook is delivered: only one that failed, or is held while the endpoint is disabled, can be skipped." });
		expect((await errorOf(await skip(ticket.id))).message).toBe("This webhook is already skipped: only one that failed, or is held while the endpoint is disabled, can be skipped.");
	});

	it("comes back for a webhook whose endpoint state could not be read, instead of dropping its alarm", async () => {
		const conversationId = (await startConversation()).id;
		await runInDurableObject(stubOf(conversationId), async (_, state) => {
			new WebhookOutbox(state.storage.sql).enqueue("handoff.created", testEvent(conversationId), new Date());
			await state.storage.setAlarm(Date.now());
		});
		// The endpoint's object fails while the alarm waits to read its state: the read rejects.
		const endpoint = webhookEndpointOf(env);
		const failing = runInDurableObject(endpoint, (_, state) =>
			state.blockConcurrencyWhile(async () => {
				await new Promise((resolve) => setTimeout(resolve, 300));
				throw new Error("endpoint object failed");
			}),
		).catch(() => {});
		await new Promise((resolve) => setTimeout(resolve, 50));
		await deliverNow(conversationId);
		await failing;

		let [webhook] = (await webhooksOf(conversationId)).webhooks;
		expect(webhook).toMatchObject({ status: "pending", attempts: [] });
		const comesBackIn = ((await runInDurableObject(stubOf(conversationId), (_, state) => state.storage.getAlarm())) ?? 0) - Date.now();
		expect(comesBackIn).toBeGreaterThan(30_000);
		expect(comesBackIn).toBeLessThan(120_000);

		await timePasses(conversationId);
		[webhook] = (await webhooksOf(conversationId)).webhooks;
		expect(webhook.status).toBe("delivered");
	});

	it("leaves a webhook pending, not held unseen, when the endpoint's object fails to take the news that disables it or holds it", async () => {
		const registryName = `failing-${crypto.randomUUID()}`;
		const cases = [
			[[{ kind: "status", status: 410 }], 0, "disable"],
			[[{ kind: "status", status: 502 }], 7, "disable"],
			[[{ kind: "status", status: 410 }], 0, "hold"],
			[[{ kind: "status", status: 502 }], 7, "hold"],
		] as const;
		for (const [faults, attemptsBefore, failing] of cases) {
			const conversationId = (await startConversation()).id;
			await script(conversationId, [...faults]);
			const statuses = await runInDurableObject(stubOf(conversationId), async (_, state) => {
				const outbox = new WebhookOutbox(state.storage.sql);
				const id = outbox.enqueue("handoff.created", testEvent(conversationId), new Date());
				state.storage.sql.exec("UPDATE webhooks SET attempts = ? WHERE id = ?", attemptsBefore, id);
				const registry = env.WEBHOOK_ENDPOINTS.get(env.WEBHOOK_ENDPOINTS.idFromName(registryName));
				// The real object, but one that fails as it is told to disable the endpoint, or to hold the conversation.
				const fails = () => Promise.reject(new Error("endpoint object failed"));
				const failingOnce = {
					status: (url: string) => registry.status(url),
					disable: failing === "disable" ? fails : (url: string, reason: string) => registry.disable(url, reason),
					hold: failing === "hold" ? fails : (object: string, url: string) => registry.hold(object, url),
				};
				const endpoint = { url: env.FRONTDESK_WEBHOOK_URL as string, secrets: [env.FRONTDESK_WEBHOOK_SECRET as string], registry: failingOnce as unknown as typeof registry };
				await expect(drainOutbox(outbox, endpoint, state.id.toString())).rejects.toThrow("endpoint object failed");
				const pending = outbox.list().map((webhook) => webhook.status);
				// The alarm's next drain, with the object answering again and the endpoint working: the receiver takes it now.
				await registry.enable();
				await drainOutbox(outbox, { ...endpoint, registry }, state.id.toString());
				return [...pending, ...outbox.list().map((webhook) => webhook.status)];
			});
			expect(statuses, `${JSON.stringify(faults)}, failing to ${failing}`).toEqual(["pending", "delivered"]);
		}
	});

	it("sends what a 410 held, first and in order, once the endpoint is enabled again", async () => {
		const conversationId = (await startConversation()).id;
		// Its own registry: disabling the endpoint every other test delivers to would disturb them.
		const registryName = `held-${crypto.randomUUID()}`;
		const registry = () => env.WEBHOOK_ENDPOINTS.get(env.WEBHOOK_ENDPOINTS.idFromName(registryName));
		await script(conversationId, [{ kind: "status", status: 410 }]);
		const queueAndDrain = (type: WebhookEventType, text: string) =>
			runInDurableObject(stubOf(conversationId), async (_, state) => {
				const outbox = new WebhookOutbox(state.storage.sql);
				outbox.enqueue(type, testEvent(conversationId, text), new Date());
				// Stubs are made inside the object: I/O belongs to the object that opened it.
				await drainOutbox(outbox, { url: env.FRONTDESK_WEBHOOK_URL as string, secrets: [env.FRONTDESK_WEBHOOK_SECRET as string], registry: registry() }, state.id.toString());
				return outbox.list().map((webhook) => webhook.status);
			});
		expect(await queueAndDrain("handoff.created", "the ticket")).toEqual(["endpoint_disabled"]);
		expect(await queueAndDrain("conversation.message.created", "held too")).toEqual(["endpoint_disabled", "endpoint_disabled"]);
		await registry().enable();
		expect(await queueAndDrain("conversation.message.created", "after enabling")).toEqual(["delivered", "delivered", "delivered"]);
		const received = (await processed(conversationId)).sort((a, b) => a.receivedAt - b.receivedAt).map((webhook) => webhook.data.text);
		expect(received).toEqual(["the ticket", "held too", "after enabling"]);
	});

	it("sends what a 410 held in every conversation once the endpoint is enabled again, with no redeliver call", async () => {
		const registryName = `held-${crypto.randomUUID()}`;
		const registry = () => env.WEBHOOK_ENDPOINTS.get(env.WEBHOOK_ENDPOINTS.idFromName(registryName));
		const heldConversation = async (faults: Fault[]) => {
			const conversationId = (await startConversation()).id;
			await script(conversationId, faults);
			await runInDurableObject(stubOf(conversationId), async (_, state) => {
				const outbox = new WebhookOutbox(state.storage.sql);
				outbox.enqueue("handoff.created", testEvent(conversationId, "held"), new Date());
				await drainOutbox(outbox, { url: env.FRONTDESK_WEBHOOK_URL as string, secrets: [env.FRONTDESK_WEBHOOK_SECRET as string], registry: registry() }, state.id.toString());
			});
			return conversationId;
		};
		// The first meets the 410; the second finds the endpoint disabled and sends nothing.
		const held = [await heldConversation([{ kind: "status", status: 410 }]), await heldConversation([])];
		for (const id of held) expect((await webhooksOf(id)).webhooks.map((webhook) => webhook.status)).toEqual(["endpoint_disabled"]);

		await registry().enable();
		expect(await runDurableObjectAlarm(registry())).toBe(true);
		for (const id of held) {
			await deliverNow(id);
			expect((await webhooksOf(id)).webhooks.map((webhook) => webhook.status)).toEqual(["delivered"]);
			expect((await processed(id)).map((webhook) => webhook.data.text)).toEqual(["held"]);
		}

		// One that found the endpoint disabled just before it was enabled registers after: it is woken all the same.
		const late = (await startConversation()).id;
		const lateObject = await runInDurableObject(stubOf(late), async (_, state) => {
			new WebhookOutbox(state.storage.sql).enqueue("handoff.created", testEvent(late, "late"), new Date());
			new WebhookOutbox(state.storage.sql).disableAllPending();
			return state.id.toString();
		});
		await registry().hold(lateObject, env.FRONTDESK_WEBHOOK_URL as string);
		expect(await runDurableObjectAlarm(registry())).toBe(true);
		await deliverNow(late);
		expect((await processed(late)).map((webhook) => webhook.data.text)).toEqual(["late"]);
	});

	it("sends at once what waits for a retry after failures, once the helpdesk enables its endpoint after a short outage", async () => {
		const registryName = `retrying-${crypto.randomUUID()}`;
		const registry = () => env.WEBHOOK_ENDPOINTS.get(env.WEBHOOK_ENDPOINTS.idFromName(registryName));
		const conversationId = (await startConversation()).id;
		await script(conversationId, [
			{ kind: "status", status: 503 },
			{ kind: "status", status: 503 },
		]);
		const drain = () =>
			runInDurableObject(stubOf(conversationId), async (_, state) => {
				await drainOutbox(new WebhookOutbox(state.storage.sql), { url: env.FRONTDESK_WEBHOOK_URL as string, secrets: [env.FRONTDESK_WEBHOOK_SECRET as string], registry: registry() }, state.id.toString());
			});
		await runInDurableObject(stubOf(conversationId), (_, state) => new WebhookOutbox(state.storage.sql).enqueue("handoff.created", testEvent(conversationId, "during the outage"), new Date()));
		await drain();
		await runInDurableObject(stubOf(conversationId), (_, state) => state.storage.sql.exec("UPDATE webhooks SET next_attempt_at = ?", Date.now()));
		await drain();
		const [waiting] = (await webhooksOf(conversationId)).webhooks;
		expect(waiting).toMatchObject({ status: "pending", attempts: [{ status: 503 }, { status: 503 }] });
		expect(Date.parse(waiting.nextAttemptAt ?? "") - Date.now()).toBeGreaterThan(60_000);

		await registry().enable();
		expect(await runDurableObjectAlarm(registry())).toBe(true);
		await drain();
		expect((await webhooksOf(conversationId)).webhooks.map((webhook) => webhook.status)).toEqual(["delivered"]);
		expect((await processed(conversationId)).map((webhook) => webhook.data.text)).toEqual(["during the outage"]);
	});

	it("takes a conversation off the endpoint's list once the webhook that failed goes through on its retry", async () => {
		const registryName = `retried-${crypto.randomUUID()}`;
		const registry = () => env.WEBHOOK_ENDPOINTS.get(env.WEBHOOK_ENDPOINTS.idFromName(registryName));
		const listed = () => runInDurableObject(registry(), (_, state) => state.storage.sql.exec("SELECT conversation_object FROM held").toArray().length);
		const conversationId = (await startConversation()).id;
		await script(conversationId, [{ kind: "status", status: 503 }]);
		const drain = () =>
			runInDurableObject(stubOf(conversationId), async (_, state) => {
				await drainOutbox(new WebhookOutbox(state.storage.sql), { url: env.FRONTDESK_WEBHOOK_URL as string, secrets: [env.FRONTDESK_WEBHOOK_SECRET as string], registry: registry() }, state.id.toString());
			});
		await runInDurableObject(stubOf(conversationId), (_, state) => new WebhookOutbox(state.storage.sql).enqueue("handoff.created", testEvent(conversationId, "once refused"), new Date()));
		await drain();
		expect(await listed()).toBe(1);
		await runInDurableObject(stubOf(conversationId), (_, state) => state.storage.sql.exec("UPDATE webhooks SET next_attempt_at = ?", Date.now()));
		await drain();
		expect((await webhooksOf(conversationId)).webhooks.map((webhook) => webhook.status)).toEqual(["delivered"]);
		expect(await listed()).toBe(0);
	});

	it("sends what a 410 held to the new address once FRONTDESK_WEBHOOK_URL is set to another, with no enable call", async () => {
		const receiverBase = (env.FRONTDESK_WEBHOOK_URL as string).replace(/\/hooks$/, "");
		const goneUrl = `${receiverBase}/gone?test=${crypto.randomUUID()}`;
		const registryName = `moved-${crypto.randomUUID()}`;
		const registry = () => env.WEBHOOK_ENDPOINTS.get(env.WEBHOOK_ENDPOINTS.idFromName(registryName));
		const conversationId = (await startConversation()).id;
		const held = await runInDurableObject(stubOf(conversationId), async (_, state) => {
			const outbox = new WebhookOutbox(state.storage.sql);
			outbox.enqueue("handoff.created", testEvent(conversationId, "held"), new Date());
			await drainOutbox(outbox, { url: goneUrl, secrets: [env.FRONTDESK_WEBHOOK_SECRET as string], registry: registry() }, state.id.toString());
			return outbox.list().map((webhook) => webhook.status);
		});
		expect(held).toEqual(["endpoint_disabled"]);
		expect(await registry().status(goneUrl)).toMatchObject({ disabled: true });

		// Where the 410 pointed: the first delivery to the new address finds the endpoint enabled, and what was held is woken.
		expect(await registry().status(env.FRONTDESK_WEBHOOK_URL as string)).toMatchObject({ disabled: false });
		expect(await runDurableObjectAlarm(registry())).toBe(true);
		await deliverNow(conversationId);
		expect((await processed(conversationId)).map((webhook) => webhook.data.text)).toEqual(["held"]);
	});

	it("does not count a redirect as delivered: following it would send the webhook on as a GET with no body", async () => {
		const receiverBase = (env.FRONTDESK_WEBHOOK_URL as string).replace(/\/hooks$/, "");
		const url = `${receiverBase}/moved`;
		const conversationId = (await startConversation()).id;
		const outcome = await runInDurableObject(stubOf(conversationId), async (_, state) => {
			const outbox = new WebhookOutbox(state.storage.sql);
			outbox.enqueue("handoff.created", testEvent(conversationId), new Date());
			const registry = env.WEBHOOK_ENDPOINTS.get(env.WEBHOOK_ENDPOINTS.idFromName(url));
			await drainOutbox(outbox, { url, secrets: [env.FRONTDESK_WEBHOOK_SECRET as string], registry }, state.id.toString());
			return outbox.list().map((webhook) => [webhook.status, webhook.attempts.map((attempt) => attempt.status)]);
		});
		expect(outcome).toEqual([["pending", [302]]]);
	});

	it("stops sending to an endpoint that answered 410 Gone, for every conversation, until it is enabled again", async () => {
		const receiverBase = (env.FRONTDESK_WEBHOOK_URL as string).replace(/\/hooks$/, "");
		const url = `${receiverBase}/gone?test=${crypto.randomUUID()}`;
		const registry = () => env.WEBHOOK_ENDPOINTS.get(env.WEBHOOK_ENDPOINTS.idFromName(url));
		const statusesAfterDrain = (conversationId: string) =>
			runInDurableObject(stubOf(conversationId), async (_, state) => {
				const outbox = new WebhookOutbox(state.storage.sql);
				// Stubs are made inside the object: I/O belongs to the object that opened it.
				await drainOutbox(outbox, { url, secrets: [env.FRONTDESK_WEBHOOK_SECRET as string], registry: registry() }, state.id.toString());
				return outbox.list().map((webhook) => [webhook.status, webhook.attempts.map((attempt) => attempt.status)]);
			});

		// Queued without the hand-off's alarm: that alarm would deliver the same webhook to the usual
		// endpoint while this drain waits for the 410, and both would record an attempt.
		const withPendingWebhook = async () => {
			const conversationId = (await startConversation()).id;
			await runInDurableObject(stubOf(conversationId), (_, state) => {
				new WebhookOutbox(state.storage.sql).enqueue("handoff.created", testEvent(conversationId), new Date());
			});
			return conversationId;
		};

		expect(await statusesAfterDrain(await withPendingWebhook())).toEqual([["endpoint_disabled", [410]]]);
		expect(await registry().status(url)).toMatchObject({ disabled: true, reason: expect.stringContaining("410") });
		expect(await statusesAfterDrain(await withPendingWebhook())).toEqual([["endpoint_disabled", []]]);
		await registry().enable();
		expect(await registry().status(url)).toMatchObject({ disabled: false });
	});
});
