import { readFile } from "node:fs/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { customerMessage, deliver, handoffCreated, startTestInbox, storedTickets, type TestInbox } from "./support.ts";

let inbox: TestInbox;
beforeEach(async () => {
	inbox = await startTestInbox();
});
afterEach(async () => {
	await inbox.dispose();
});

const erased = (conversationId: string, ticketIds: string[]) => ({
	type: "conversation.erased",
	data: { conversationId, ticketIds, reason: "customer_request", erasedAt: "2026-11-20T10:00:00.000Z" },
});

describe("conversation.erased", () => {
	it("deletes every ticket of the erased conversation, on disk too, and only those", async () => {
		await deliver(inbox, handoffCreated());
		await deliver(inbox, customerMessage(4, "any news?"));
		await deliver(inbox, handoffCreated({ ticketId: "tkt_2" }));
		await deliver(inbox, handoffCreated({ ticketId: "tkt_3", conversationId: "conv_2" }));

		const response = await deliver(inbox, erased("conv_1", ["tkt_1", "tkt_2"]));
		expect(response.status).toBe(200);
		expect((await storedTickets(inbox)).map((ticket) => ticket.ticketId)).toEqual(["tkt_3"]);
		const onDisk = JSON.parse(await readFile(inbox.dataFile, "utf8")) as { tickets: Array<{ conversationId: string }> };
		expect(onDisk.tickets.map((ticket) => ticket.conversationId)).toEqual(["conv_2"]);
	});

	it("answers the erasure of a conversation the inbox never saw with 200", async () => {
		const response = await deliver(inbox, erased("conv_9", []));
		expect(await response.json()).toEqual({ received: true, duplicate: false, unknownTicket: false });
	});
});
