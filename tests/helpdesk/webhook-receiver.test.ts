// The test webhook receiver's flapping, which the load-and-fault run relies on to refuse deliveries for a while.
import { afterAll, beforeAll, expect, it } from "vitest";
import { Webhook } from "standardwebhooks";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver.ts";

let receiver: WebhookReceiver;
beforeAll(async () => {
	receiver = await startWebhookReceiver();
});
afterAll(() => receiver.close());

async function deliver(webhookId: string): Promise<number | "dropped"> {
	const body = JSON.stringify({ type: "handoff.created", timestamp: new Date().toISOString(), data: { conversationId: "flapping-conversation" } });
	const signature = new Webhook(receiver.secret).sign(webhookId, new Date(), body);
	try {
		const response = await fetch(receiver.url, { method: "POST", headers: { "Content-Type": "application/json", "webhook-id": webhookId, "webhook-timestamp": String(Math.floor(Date.now() / 1000)), "webhook-signature": signature }, body });
		return response.status;
	} catch {
		return "dropped";
	}
}

it("refuses every delivery with its faults in turn while down, then processes each webhook id once when it recovers", async () => {
	receiver.flap({ upMs: 0, downMs: 60_000, faults: [{ kind: "status", status: 503 }, { kind: "drop" }] });
	expect([await deliver("msg_flap_1"), await deliver("msg_flap_1"), await deliver("msg_flap_1")]).toEqual([503, "dropped", 503]);
	expect(receiver.processed()).toEqual([]);
	expect(receiver.attempts().map((attempt) => attempt.flapped)).toEqual([true, true, true]);

	receiver.flap(null);
	expect([await deliver("msg_flap_1"), await deliver("msg_flap_1")]).toEqual([204, 204]);
	expect(receiver.processed().map((webhook) => webhook.webhookId)).toEqual(["msg_flap_1"]);
	expect(receiver.attempts().at(-1)?.flapped).toBe(false);
});

it("goes down at the first delivery after it starts flapping, and comes back up after the down period", async () => {
	receiver.flap({ upMs: 60_000, downMs: 300, faults: [{ kind: "status", status: 500 }] });
	await new Promise((resolve) => setTimeout(resolve, 400));
	expect(await deliver("msg_flap_2")).toBe(500);
	await new Promise((resolve) => setTimeout(resolve, 400));
	expect(await deliver("msg_flap_2")).toBe(204);
	receiver.flap(null);
});
