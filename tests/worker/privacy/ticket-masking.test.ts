// What reaches the helpdesk: the types in handoff.maskInTicket (card numbers and national ids by default)
// are masked in every customer text of the ticket, the summary's quotes included.
import { describe, expect, it } from "vitest";
import { send, startConversation } from "../api-client.ts";
import { deliverNow, processed } from "../handoff/receiver.ts";

describe("the ticket", () => {
	it("masks card numbers and national ids in the transcript, the summary and the entities, and keeps the contact address", async () => {
		const conversation = await startConversation();
		await send(conversation, "I'm filing a chargeback for card 4111 1111 1111 1111, SSN 123-45-6789, reach me at sam@example.com");
		await deliverNow(conversation.id);
		await expect.poll(async () => (await processed(conversation.id)).length, { timeout: 10_000 }).toBe(1);
		const [ticket] = await processed(conversation.id);
		const body = JSON.stringify(ticket.data);
		expect(body).not.toMatch(/4111 1111 1111 1111|123-45-6789/);
		expect(ticket.data.summary).toContain("chargeback for card [card], SSN [national_id], reach me at sam@example.com");
		expect(ticket.data).toMatchObject({ reason: "sensitive", customer: { email: "sam@example.com" }, entities: [{ type: "email", value: "sam@example.com" }] });
	});
});
