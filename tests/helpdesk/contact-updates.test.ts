import { readFile } from "node:fs/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { contactUpdated, deliver, handoffCreated, startTestInbox, storedTickets, type TestInbox } from "./support.ts";

let inbox: TestInbox;
beforeEach(async () => {
	inbox = await startTestInbox();
});
afterEach(async () => {
	await inbox.dispose();
});

const anonymous = { id: null, email: null, name: null, verified: false };

async function pageText(path: string): Promise<string> {
	return (await fetch(`${inbox.url}${path}`)).text();
}

describe("conversation.contact.updated", () => {
	it("stores the customer it carries on the ticket, on disk too, and changes nothing else", async () => {
		await deliver(inbox, handoffCreated({ customer: anonymous }));
		const [before] = await storedTickets(inbox);
		const response = await deliver(inbox, contactUpdated("kim@example.com", "tkt_1", { id: "cus_7", name: "Kim", verified: true }));

		expect(await response.json()).toEqual({ received: true, duplicate: false, unknownTicket: false });
		const [ticket] = await storedTickets(inbox);
		expect(ticket.customer).toEqual({ id: "cus_7", email: "kim@example.com", name: "Kim", verified: true });
		expect({ ...ticket, customer: before.customer, updatedAt: before.updatedAt }).toEqual(before);
		const onDisk = JSON.parse(await readFile(inbox.dataFile, "utf8")) as { tickets: Array<{ customer: unknown }> };
		expect(onDisk.tickets[0].customer).toEqual(ticket.customer);
	});

	it("keeps the stored customer fields the event leaves out", async () => {
		await deliver(inbox, handoffCreated());
		await deliver(inbox, { type: "conversation.contact.updated", data: { ticketId: "tkt_1", conversationId: "conv_1", customer: { email: "kim@example.com" } } });
		expect((await storedTickets(inbox))[0].customer).toEqual({ id: "cus_1", email: "kim@example.com", name: "Ada", verified: false });
	});

	it("tells an agent to check an address the customer only wrote in a message", async () => {
		await deliver(inbox, handoffCreated({ customer: { ...anonymous, email: "sam@example.com", emailSource: "message" } }));
		expect(await pageText("/tickets/tkt_1")).toContain("sam@example.com (written in a message: check it is theirs) (not verified)");
		await deliver(inbox, contactUpdated("sam@example.com", "tkt_1", { name: null, emailSource: "contact_form" }));
		expect(await pageText("/tickets/tkt_1")).toContain("<dt>Customer</dt><dd>Name unknown, sam@example.com (not verified)</dd>");
	});

	it("shows the new address on the ticket page and in the ticket list", async () => {
		await deliver(inbox, handoffCreated({ customer: anonymous }));
		expect(await pageText("/tickets/tkt_1")).toContain("no contact yet");
		await deliver(inbox, contactUpdated("kim@example.com", "tkt_1", { name: null }));

		const ticketPage = await pageText("/tickets/tkt_1");
		expect(ticketPage).toContain("<title>kim@example.com: Frontdesk inbox</title>");
		expect(ticketPage).toContain("<dt>Customer</dt><dd>Name unknown, kim@example.com (not verified)</dd>");
		const front = await pageText("/");
		const list = front.slice(front.indexOf('<ul class="tickets">'), front.indexOf("</ul>"));
		expect(list).toContain('<span class="who">kim@example.com</span>');
		expect(list).not.toContain("no contact yet");
	});

	it("applies a redelivered update once, so it cannot undo a later one", async () => {
		await deliver(inbox, handoffCreated());
		await deliver(inbox, contactUpdated("kim@example.com"), { id: "msg_contact_1" });
		await deliver(inbox, contactUpdated("kim@work.example"), { id: "msg_contact_2" });
		const again = await deliver(inbox, contactUpdated("kim@example.com"), { id: "msg_contact_1" });

		expect(await again.json()).toMatchObject({ received: true, duplicate: true });
		expect((await storedTickets(inbox))[0].customer?.email).toBe("kim@work.example");
	});

	it("acknowledges an update about an unknown ticket without storing it, and applies a redelivery once the handoff is in", async () => {
		const early = await deliver(inbox, contactUpdated("kim@example.com"), { id: "msg_early" });
		expect(early.status).toBe(200);
		expect(await early.json()).toEqual({ received: true, duplicate: false, unknownTicket: true });
		expect(await storedTickets(inbox)).toEqual([]);

		await deliver(inbox, handoffCreated());
		const redelivery = await deliver(inbox, contactUpdated("kim@example.com"), { id: "msg_early" });
		expect(await redelivery.json()).toMatchObject({ duplicate: false, unknownTicket: false });
		expect((await storedTickets(inbox))[0].customer?.email).toBe("kim@example.com");
	});
});

describe("conversation.rated", () => {
	it("shows the customer's latest rating and comment on the ticket", async () => {
		await deliver(inbox, handoffCreated());
		expect(await pageText("/tickets/tkt_1")).toContain("<dt>Customer's rating</dt><dd>None yet</dd>");
		const rated = (rating: number, comment: string | null) => ({ type: "conversation.rated", data: { ticketId: "tkt_1", conversationId: "conv_1", rating, comment, ratedAt: "2026-11-20T10:00:00.000Z" } });
		await deliver(inbox, rated(2, "Took a while"));
		expect(await pageText("/tickets/tkt_1")).toContain("<dt>Customer's rating</dt><dd>2 of 5: “Took a while”</dd>");
		await deliver(inbox, rated(5, null));
		expect(await pageText("/tickets/tkt_1")).toContain("<dt>Customer's rating</dt><dd>5 of 5</dd>");
		expect((await storedTickets(inbox))[0].rating).toEqual({ stars: 5, comment: null });
	});
});
