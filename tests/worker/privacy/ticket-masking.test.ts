// What reaches the helpdesk: the types in handoff.maskInTicket (card numbers and national ids by default)
// are masked in every text of the ticket, the summary's quotes included.
import { describe, expect, it } from "vitest";
import type { ConversationCreated, MessageSent } from "../../../shared/protocol.ts";
import { call, send, startConversation } from "../api-client.ts";
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

	it("masks a card number the AI's reply quoted back, not only the customer's message", async () => {
		const conversation = await startConversation();
		const sent = (await (await send(conversation, "where is my order 4111-1111-1111-1111")).json()) as MessageSent;
		// The reply quotes the number as the order it took it for: the ticket must not carry it either way.
		expect(sent.replies.map((reply) => reply.text).join(" ")).toContain("4111-1111-1111-1111");
		await call(`/v1/conversations/${conversation.id}/handoff`, { method: "POST", headers: { Authorization: `Bearer ${conversation.token}` } });
		await deliverNow(conversation.id);
		await expect.poll(async () => (await processed(conversation.id)).length, { timeout: 10_000 }).toBe(1);
		const [ticket] = await processed(conversation.id);
		expect(JSON.stringify(ticket.data)).not.toContain("4111-1111-1111-1111");
		expect(JSON.stringify(ticket.data.transcript)).toContain("[card]");
	});

	it("carries the customer's text as written, and cuts a long quote between characters, never inside an emoji", async () => {
		const conversation = await startConversation();
		const persian = "می\u200cخواهم سفارش ١٢٣٤٥ را پیگیری کنم 👨\u200d👩\u200d👧";
		await send(conversation, `${"a".repeat(156)}😀 and more after the cut`);
		await send(conversation, persian);
		await call(`/v1/conversations/${conversation.id}/handoff`, { method: "POST", headers: { Authorization: `Bearer ${conversation.token}` } });
		await deliverNow(conversation.id);
		await expect.poll(async () => (await processed(conversation.id)).length, { timeout: 10_000 }).toBe(1);
		const [ticket] = await processed(conversation.id);
		expect(ticket.data.summary).toContain(`First message: "${"a".repeat(156)}…"`);
		expect(ticket.data.summary).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
		expect((ticket.data.transcript as Array<{ text: string }>).map((entry) => entry.text)).toContain(persian);
	});

	it("keeps no page fragment, and masks the page's address and title as the ticket's texts", async () => {
		const started = await call("/v1/conversations", {
			method: "POST",
			json: { page: { url: "http://localhost:8787/account/cards?number=4111111111111111#access_token=eyJhbGciOi", title: "Card 4111 1111 1111 1111" } },
		});
		const { conversation } = (await started.json()) as ConversationCreated;
		await call(`/v1/conversations/${conversation.id}/handoff`, { method: "POST", headers: { Authorization: `Bearer ${conversation.token}` } });
		await deliverNow(conversation.id);
		await expect.poll(async () => (await processed(conversation.id)).length, { timeout: 10_000 }).toBe(1);
		const [ticket] = await processed(conversation.id);
		expect(ticket.data.page).toEqual({ url: "http://localhost:8787/account/cards?number=[card]", title: "Card [card]" });
	});
});
