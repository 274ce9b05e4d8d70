import { describe, expect, it } from "vitest";
import type { ConversationCreated, MessagePage, MessageSent } from "../../shared/protocol.ts";
import { siteConfig } from "../../worker/config/site-config.ts";
import { call, errorOf, send, startConversation } from "./api-client.ts";

function read(conversation: { id: string; token: string }, after = 0) {
	return call(`/v1/conversations/${conversation.id}/messages?after=${after}`, { headers: { Authorization: `Bearer ${conversation.token}` } });
}

describe("a conversation", () => {
	it("starts with the site's AI disclosure and returns an unguessable id and a token", async () => {
		const response = await call("/v1/conversations", { method: "POST", json: { locale: "en-GB", page: { url: "http://localhost:8787/cart", title: "Cart" } } });
		expect(response.status).toBe(201);
		const body = (await response.json()) as ConversationCreated;
		expect(body.conversation.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
		expect(body.conversation.token.length).toBeGreaterThanOrEqual(40);
		expect(body.messages).toEqual([expect.objectContaining({ seq: 1, role: "system", kind: "disclosure", text: siteConfig.assistant.disclosure })]);
	});

	it("refuses a page that is not one of the site's, which the ticket would show the helpdesk as a link", async () => {
		for (const url of ["https://evil.example/login", "http://localhost:8788/", "https://localhost:8787/"]) {
			const response = await call("/v1/conversations", { method: "POST", json: { page: { url, title: "Your orders" } } });
			expect({ url, status: response.status }).toEqual({ url, status: 400 });
			expect(await errorOf(response)).toMatchObject({ code: "invalid_request", message: expect.stringMatching(/^page\.url: /) });
		}
		const conversation = await startConversation();
		const message = await call(`/v1/conversations/${conversation.id}/messages`, {
			method: "POST",
			headers: { Authorization: `Bearer ${conversation.token}` },
			json: { clientMessageId: "page-check-0001", text: "hello", page: { url: "https://evil.example/", title: "Shop" } },
		});
		expect(message.status).toBe(400);
		expect((await call("/v1/conversations", { method: "POST", json: { page: { url: "https://frontdesk.test/orders", title: "Orders" } } })).status).toBe(201);
	});

	it("answers a routine question from its intent, saying which tier and intent answered", async () => {
		const conversation = await startConversation();
		const response = await send(conversation, "How long does delivery take?");
		expect(response.status).toBe(201);
		const sent = (await response.json()) as MessageSent;
		expect(sent.message).toMatchObject({ seq: 2, role: "customer", text: "How long does delivery take?" });
		const delivery = siteConfig.intents.find((intent) => intent.id === "delivery_time");
		expect(sent.replies).toEqual([
			expect.objectContaining({ seq: 3, role: "assistant", replyTo: 2, text: delivery?.response?.text, explanation: expect.objectContaining({ tier: "matcher", intent: "delivery_time" }) }),
		]);
	});

	it("answers what no rule covers with the honest fallback that offers a human", async () => {
		const conversation = await startConversation();
		const sent = (await (await send(conversation, "Do you sell garden gnomes?")).json()) as MessageSent;
		expect(sent.replies[0]).toMatchObject({ text: siteConfig.assistant.fallback, explanation: { tier: "fallback", intent: null } });
		expect(sent.replies[0].explanation?.confidence).toBeLessThan(0.8);
		expect(sent.replies[0].text).toMatch(/person/);
	});

	it("reads messages after a sequence number", async () => {
		const conversation = await startConversation();
		await send(conversation, "where is my delivery");
		await send(conversation, "thanks");
		const all = (await (await read(conversation)).json()) as MessagePage;
		expect(all.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
		expect(all.lastSeq).toBe(5);
		const later = (await (await read(conversation, 3)).json()) as MessagePage;
		expect(later.messages.map((m) => m.seq)).toEqual([4, 5]);
		expect(later.messages[0].text).toBe("thanks");
	});

	it("stores concurrent sends once each, in a gapless order, each followed by its reply", async () => {
		const conversation = await startConversation();
		const texts = Array.from({ length: 25 }, (_, i) => `How long does delivery take to city number ${i}?`);
		const responses = await Promise.all(texts.map((text) => send(conversation, text)));
		expect(responses.map((r) => r.status)).toEqual(texts.map(() => 201));

		const { messages } = (await (await read(conversation)).json()) as MessagePage;
		expect(messages.map((m) => m.seq)).toEqual(Array.from({ length: 51 }, (_, i) => i + 1));
		const customerTexts = messages.filter((m) => m.role === "customer").map((m) => m.text);
		expect([...customerTexts].sort()).toEqual([...texts].sort());
		for (const customer of messages.filter((m) => m.role === "customer")) {
			const replies = messages.filter((m) => m.replyTo === customer.seq);
			expect(replies).toHaveLength(1);
			expect(replies[0].seq).toBeGreaterThan(customer.seq);
		}
	});

	it("keeps the order of messages a client sends one after another", async () => {
		const conversation = await startConversation();
		for (const text of ["first", "second", "third"]) await send(conversation, text);
		const { messages } = (await (await read(conversation)).json()) as MessagePage;
		expect(messages.filter((m) => m.role === "customer").map((m) => m.text)).toEqual(["first", "second", "third"]);
	});

	it("treats a resend with the same clientMessageId as the same message, also when resent concurrently", async () => {
		const conversation = await startConversation();
		const first = await send(conversation, "Can I return shoes?", "client-id-0001");
		const [again, andAgain] = await Promise.all([send(conversation, "Can I return shoes?", "client-id-0001"), send(conversation, "Can I return shoes?", "client-id-0001")]);
		expect(first.status).toBe(201);
		for (const resend of [again, andAgain]) {
			expect(resend.status).toBe(200);
			const body = (await resend.json()) as MessageSent;
			expect(body.duplicate).toBe(true);
			expect(body.message.seq).toBe(2);
			expect(body.replies.map((m) => m.seq)).toEqual([3]);
		}
		const { messages } = (await (await read(conversation)).json()) as MessagePage;
		expect(messages).toHaveLength(3);
	});

	it("records a request for a human once, however often it is made", async () => {
		const conversation = await startConversation();
		const ask = () => call(`/v1/conversations/${conversation.id}/handoff`, { method: "POST", headers: { Authorization: `Bearer ${conversation.token}` } });
		const first = await ask();
		expect(first.status).toBe(201);
		const { message } = (await first.json()) as { message: { seq: number; kind: string } };
		expect(message).toMatchObject({ seq: 2, kind: "handoff_requested" });
		const second = (await (await ask()).json()) as { message: { seq: number } };
		expect(second.message.seq).toBe(2);
		const { messages } = (await (await read(conversation)).json()) as MessagePage;
		expect(messages.map((m) => m.kind)).toEqual(["disclosure", "handoff_requested"]);
	});
});
