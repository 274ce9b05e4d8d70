import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import type { ConversationCreated, MessagePage } from "../../shared/protocol.ts";
import { freePort } from "../support/free-port.ts";
import { startWebhookReceiver, TEST_WEBHOOK_SECRET, type WebhookReceiver } from "../support/webhook-receiver.ts";
import { type RunningWorker, startWranglerDev } from "../support/wrangler-dev.ts";

let persistTo: string;
let worker: RunningWorker | undefined;
afterAll(async () => {
	await worker?.stop();
	if (persistTo) await rm(persistTo, { recursive: true, force: true });
});

it("keeps every message across a restart of the dev server", async () => {
	persistTo = await mkdtemp(join(tmpdir(), "frontdesk-restart-"));
	worker = await startWranglerDev({ persistTo });
	const json = { "Content-Type": "application/json" };
	const created = (await (await fetch(`${worker.url}/v1/conversations`, { method: "POST", headers: json, body: "{}" })).json()) as ConversationCreated;
	const { id, token } = created.conversation;
	const auth = { ...json, Authorization: `Bearer ${token}` };
	for (const text of ["Can I return a mug?", "and a candle?"]) {
		const response = await fetch(`${worker.url}/v1/conversations/${id}/messages`, { method: "POST", headers: auth, body: JSON.stringify({ clientMessageId: `restart-${text.length}`, text }) });
		expect(response.status).toBe(201);
	}
	const read = async () => (await (await fetch(`${worker!.url}/v1/conversations/${id}/messages`, { headers: auth })).json()) as MessagePage;
	const before = await read();
	expect(before.messages).toHaveLength(5);

	await worker.stop();
	worker = await startWranglerDev({ persistTo, port: worker.port });
	expect(await read()).toEqual(before);
});

it("delivers a ticket whose first attempt failed after a restart of the dev server, exactly once", async () => {
	const receiverPort = await freePort();
	const secret = TEST_WEBHOOK_SECRET;
	const hooksUrl = `http://127.0.0.1:${receiverPort}/hooks`;
	const vars = { FRONTDESK_WEBHOOK_URL: hooksUrl, FRONTDESK_WEBHOOK_SECRET: secret, FRONTDESK_AGENT_TOKEN: "restart-agent-token" };
	const state = await mkdtemp(join(tmpdir(), "frontdesk-restart-webhooks-"));
	let running = await startWranglerDev({ persistTo: state, vars });
	let receiver: WebhookReceiver | undefined;
	try {
		const created = (await (await fetch(`${running.url}/v1/conversations`, { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" })).json()) as ConversationCreated;
		const { id, token } = created.conversation;
		await fetch(`${running.url}/v1/conversations/${id}/handoff`, { method: "POST", headers: { Authorization: `Bearer ${token}` } });
		const webhooks = async () =>
			((await (await fetch(`${running.url}/v1/agent/conversations/${id}/webhooks`, { headers: { Authorization: "Bearer restart-agent-token" } })).json()) as {
				webhooks: Array<{ status: string; attempts: unknown[] }>;
			}).webhooks;
		// The receiver is down: the first attempt fails and a retry is scheduled.
		await expect.poll(async () => (await webhooks())[0]?.attempts.length, { timeout: 10_000 }).toBe(1);
		expect((await webhooks())[0].status).toBe("pending");

		await running.stop();
		receiver = await startWebhookReceiver({ port: receiverPort, secret });
		running = await startWranglerDev({ persistTo: state, port: running.port, vars });
		await expect.poll(() => receiver?.processed(id).length, { timeout: 30_000, interval: 250 }).toBe(1);
		expect(receiver.processed(id)[0]).toMatchObject({ type: "handoff.created", data: { conversationId: id, reason: "customer_request" } });
		expect((await webhooks())[0].status).toBe("delivered");
	} finally {
		await running.stop();
		await receiver?.close();
		await rm(state, { recursive: true, force: true });
	}
}, 120_000);
