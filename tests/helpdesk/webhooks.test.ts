import { readFile } from "node:fs/promises";
import { request as httpRequest } from "node:http";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startHelpdeskInbox } from "../../helpdesk/server.ts";
import { contactUpdated, customerMessage, deliver, handoffCreated, newSecret, startTestInbox, storedTickets, type TestInbox } from "./support.ts";

let inbox: TestInbox;
beforeEach(async () => {
	inbox = await startTestInbox();
});
afterEach(async () => {
	await inbox.dispose();
});

const seqs = (transcript: { seq: number }[]) => transcript.map((message) => message.seq);

describe("POST /webhooks", () => {
	it("stores a verified handoff as an open ticket", async () => {
		const response = await deliver(inbox, handoffCreated());
		expect(response.status).toBe(200);
		const [ticket, ...others] = await storedTickets(inbox);
		expect(others).toEqual([]);
		expect(ticket).toMatchObject({ ticketId: "tkt_1", conversationId: "conv_1", status: "open", reason: "customer_request", priority: "high" });
		expect(ticket.customer?.email).toBe("ada@example.com");
		expect(seqs(ticket.transcript)).toEqual([1, 2, 3]);
	});

	it("refuses a body changed after signing, and stores nothing", async () => {
		const response = await deliver(inbox, handoffCreated(), { tamper: (body) => body.replace("high", "urgent") });
		expect(response.status).toBe(400);
		expect(await response.json()).toMatchObject({ error: { code: "invalid_webhook" } });
		expect(await storedTickets(inbox)).toEqual([]);
	});

	it("accepts a webhook signed with any of several rotating secrets", async () => {
		const [current, next] = [newSecret(), newSecret()];
		const rotating = await startTestInbox({ webhookSecret: `${current} ${next}` });
		try {
			expect((await deliver(rotating, handoffCreated(), { secret: next })).status).toBe(200);
			expect((await deliver(rotating, handoffCreated(), { secret: newSecret() })).status).toBe(400);
		} finally {
			await rotating.dispose();
		}
	});

	it("refuses a webhook signed with another secret", async () => {
		const response = await deliver(inbox, handoffCreated(), { secret: newSecret() });
		expect(response.status).toBe(400);
		expect(await storedTickets(inbox)).toEqual([]);
	});

	it("refuses a stale timestamp, so a captured webhook cannot be replayed later", async () => {
		const response = await deliver(inbox, handoffCreated(), { timestamp: new Date(Date.now() - 10 * 60_000) });
		expect(response.status).toBe(400);
		expect(await response.json()).toMatchObject({ error: { message: "Message timestamp too old" } });
		expect(await storedTickets(inbox)).toEqual([]);
	});

	it("refuses a webhook without signature headers", async () => {
		const response = await fetch(`${inbox.url}/webhooks`, { method: "POST", body: JSON.stringify(handoffCreated()) });
		expect(response.status).toBe(400);
		expect(await storedTickets(inbox)).toEqual([]);
	});

	it("refuses a request without signature headers before reading its body, so no web page can make it read 80 MB", async () => {
		const url = new URL(`${inbox.url}/webhooks`);
		const status = await new Promise<number | undefined>((resolve, reject) => {
			const request = httpRequest({ host: url.hostname, port: url.port, path: url.pathname, method: "POST", headers: { "Content-Type": "text/plain" } }, (response) => {
				response.resume();
				resolve(response.statusCode);
				request.destroy();
			});
			request.on("error", reject);
			// A body that has not ended, and never will: the answer must not wait for it.
			request.write("x".repeat(64 * 1024));
		});
		expect(status).toBe(400);
	});

	it("refuses a signed event that lacks the ticket id", async () => {
		const { ticketId: _, ...data } = handoffCreated().data;
		const response = await deliver(inbox, { type: "handoff.created", data });
		expect(response.status).toBe(400);
		expect(await response.json()).toMatchObject({ error: { code: "invalid_event", message: expect.stringContaining("ticketId") } });
	});

	it("answers a redelivered webhook-id with 200 and stores it once", async () => {
		const first = await deliver(inbox, handoffCreated(), { id: "msg_handoff" });
		const again = await deliver(inbox, handoffCreated(), { id: "msg_handoff" });
		expect([first.status, again.status]).toEqual([200, 200]);
		expect(await again.json()).toMatchObject({ received: true, duplicate: true });
		expect(await storedTickets(inbox)).toHaveLength(1);
	});

	it("does not apply a redelivery again, even after the ticket moved on", async () => {
		await deliver(inbox, handoffCreated(), { id: "msg_handoff" });
		await deliver(inbox, contactUpdated("kim@example.com"));
		await deliver(inbox, handoffCreated(), { id: "msg_handoff" });
		// Applied again, the handoff would put back the address it carried.
		expect((await storedTickets(inbox))[0].customer?.email).toBe("kim@example.com");
	});

	it("appends later customer messages in seq order, once each", async () => {
		await deliver(inbox, handoffCreated());
		for (const event of [customerMessage(6, "Hello?"), customerMessage(5, "It was due Monday."), customerMessage(5, "It was due Monday.")]) {
			expect((await deliver(inbox, event)).status).toBe(200);
		}
		const [ticket] = await storedTickets(inbox);
		expect(seqs(ticket.transcript)).toEqual([1, 2, 3, 5, 6]);
		expect(ticket.transcript.at(-2)).toMatchObject({ role: "customer", text: "It was due Monday." });
	});

	it("acknowledges a message about an unknown ticket without storing it, and applies a redelivery once the handoff is in", async () => {
		const early = await deliver(inbox, customerMessage(4, "Anyone there?"), { id: "msg_early" });
		expect(early.status).toBe(200);
		expect(await early.json()).toMatchObject({ unknownTicket: true });
		expect(await storedTickets(inbox)).toEqual([]);
		await deliver(inbox, handoffCreated());
		expect((await deliver(inbox, customerMessage(4, "Anyone there?"), { id: "msg_early" })).status).toBe(200);
		expect(seqs((await storedTickets(inbox))[0].transcript)).toEqual([1, 2, 3, 4]);
	});

	it("leaves a ticket's status to the inbox's own actions: Frontdesk sends no resolved or handed-back event", async () => {
		await deliver(inbox, handoffCreated());
		for (const type of ["conversation.resolved", "conversation.handed_back"]) {
			const response = await deliver(inbox, { type, data: { ticketId: "tkt_1", conversationId: "conv_1" } });
			expect(await response.json()).toEqual({ received: true, ignored: type });
		}
		expect((await storedTickets(inbox))[0].status).toBe("open");
	});

	it("acknowledges event types it does not know and ignores them", async () => {
		const response = await deliver(inbox, { type: "conversation.tagged", data: { ticketId: "tkt_1", tag: "vip" } });
		expect(response.status).toBe(200);
		expect(await storedTickets(inbox)).toEqual([]);
	});

	it("lists tickets newest first", async () => {
		await deliver(inbox, handoffCreated());
		await deliver(inbox, handoffCreated({ ticketId: "tkt_2", conversationId: "conv_2" }));
		expect((await storedTickets(inbox)).map((ticket) => ticket.ticketId)).toEqual(["tkt_2", "tkt_1"]);
	});

	it("keeps tickets and processed webhook ids across a restart", async () => {
		await deliver(inbox, handoffCreated(), { id: "msg_handoff" });
		await deliver(inbox, contactUpdated("kim@example.com"));
		await inbox.close();
		expect(JSON.parse(await readFile(inbox.dataFile, "utf8")).tickets).toHaveLength(1);

		const restarted = await startHelpdeskInbox({ port: 0, webhookSecret: inbox.secret, workerUrl: "http://127.0.0.1:9", agentToken: "t", dataFile: inbox.dataFile });
		try {
			const redelivery = await deliver({ ...inbox, url: restarted.url }, handoffCreated(), { id: "msg_handoff" });
			expect(await redelivery.json()).toMatchObject({ received: true, duplicate: true });
			expect(await storedTickets(restarted)).toMatchObject([{ ticketId: "tkt_1", customer: { email: "kim@example.com" } }]);
		} finally {
			await restarted.close();
		}
	});
});
