// Every hand-off trigger through the real worker and Durable Object, each ending in a signed ticket
// that the real receiver verified with `standardwebhooks`.
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { MessagePage, MessageSent } from "../../../shared/protocol.ts";
import { handoffCreatedSchema, messageCreatedSchema } from "../../../shared/webhook-events.ts";
import { sha256 } from "../../../worker/crypto/secrets.ts";
import type { Env } from "../../../worker/env.ts";
import type { Conversation } from "../../../worker/conversation/conversation-object.ts";
import { MessageStore } from "../../../worker/conversation/message-store.ts";
import { siteConfig } from "../../../worker/config/site-config.ts";
import { call, send, startConversation } from "../api-client.ts";
import { AGENT, deliverNow, processed, stubOf, webhooksOf } from "./receiver.ts";

async function ticketFor(conversationId: string) {
	await deliverNow(conversationId);
	const [ticket] = (await processed(conversationId)).filter((webhook) => webhook.type === "handoff.created");
	return ticket ? handoffCreatedSchema.parse({ type: ticket.type, timestamp: new Date().toISOString(), data: ticket.data }).data : undefined;
}

/** Runs `act` on the real object, as a deployment without FRONTDESK_WEBHOOK_URL would run it. */
function withoutEndpoint(conversationId: string, act: (instance: Conversation) => Promise<void>): Promise<void> {
	return runInDurableObject(stubOf(conversationId), async (instance: Conversation) => {
		const configured = instance as unknown as { env: Env };
		const { FRONTDESK_WEBHOOK_URL: _url, ...withoutUrl } = configured.env;
		const original = configured.env;
		configured.env = withoutUrl as Env;
		try {
			await act(instance);
		} finally {
			configured.env = original;
		}
	});
}

async function say(conversation: { id: string; token: string }, text: string): Promise<MessageSent> {
	return (await (await send(conversation, text)).json()) as MessageSent;
}

describe("hand-off triggers", () => {
	it("the customer presses “Talk to a human”: a complete ticket reaches the helpdesk", async () => {
		const conversation = await startConversation();
		await say(conversation, "you can mail me at sam@example.com");
		await say(conversation, "my order 00123842 hasn't arrived");
		const response = await call(`/v1/conversations/${conversation.id}/handoff`, { method: "POST", headers: { Authorization: `Bearer ${conversation.token}` } });
		// The address in a message is on the ticket, and the customer is asked to confirm it.
		expect(((await response.json()) as { state: unknown }).state).toEqual({ owner: "human", status: "handed_off", contactRequested: true, rated: false });

		const ticket = await ticketFor(conversation.id);
		expect(ticket).toMatchObject({
			conversationId: conversation.id,
			reason: "customer_request",
			priority: "normal",
			lastIntent: { id: "order_status", tier: "matcher" },
			// Typed in a message: the helpdesk can tell it was not confirmed in the e-mail form.
			customer: { email: "sam@example.com", emailSource: "message", verified: false },
			businessHours: { open: true, nextOpenAt: null },
			replyTo: { url: `https://frontdesk.test/v1/agent/conversations/${conversation.id}/messages`, method: "POST" },
		});
		expect(ticket?.entities).toEqual(expect.arrayContaining([{ type: "order_id", value: "00123842" }, { type: "email", value: "sam@example.com" }]));
		expect(ticket?.transcript.map((entry) => entry.role)).toEqual(["system", "customer", "assistant", "customer", "assistant", "system"]);
		expect(ticket?.disclosureShownAt).toBe(ticket?.transcript[0].createdAt);
		expect(ticket?.summary).toContain("The customer asked for a person");
		// Each message with what it named, and each answer with why the AI gave it.
		const [, mail, mailAnswer, order, orderAnswer, notice] = ticket?.transcript ?? [];
		expect(mail.entities).toEqual([{ type: "email", value: "sam@example.com" }]);
		expect(order.entities).toEqual([{ type: "order_id", value: "00123842" }]);
		expect(orderAnswer.explanation).toMatchObject({ tier: "matcher", intent: "order_status", confidence: expect.any(Number), latencyMs: expect.any(Number) });
		expect(mailAnswer.explanation).toMatchObject({ tier: "fallback", intent: null });
		expect(notice).not.toHaveProperty("explanation");
	});

	it("links the ticket to the page the customer last wrote from, not only the one the chat started on", async () => {
		const started = await call("/v1/conversations", { method: "POST", json: { page: { url: "https://frontdesk.test/orders", title: "Your orders" } } });
		const conversation = ((await started.json()) as { conversation: { id: string; token: string } }).conversation;
		const page = { url: "https://frontdesk.test/checkout", title: "Checkout" };
		const sent = await call(`/v1/conversations/${conversation.id}/messages`, { method: "POST", headers: { Authorization: `Bearer ${conversation.token}` }, json: { clientMessageId: "page-moved-1", text: "my order 00123842 hasn't arrived", page } });
		expect(sent.status).toBe(201);
		await call(`/v1/conversations/${conversation.id}/handoff`, { method: "POST", headers: { Authorization: `Bearer ${conversation.token}` } });
		expect((await ticketFor(conversation.id))?.page).toEqual(page);
	});

	it("lists each entity once on the ticket, with its canonical form, however often it was named", async () => {
		const conversation = await startConversation();
		await say(conversation, "my order 00123842 hasn't arrived and I want my €1.234,56 back");
		await say(conversation, "order #00123842, still nothing");
		await say(conversation, "$1 ".repeat(300));
		await call(`/v1/conversations/${conversation.id}/handoff`, { method: "POST", headers: { Authorization: `Bearer ${conversation.token}` } });
		const entities = (await ticketFor(conversation.id))?.entities ?? [];
		expect(entities.slice(0, 2)).toEqual([
			{ type: "order_id", value: "00123842" },
			{ type: "refund_amount", value: "1.234,56", normalized: "1234.56 EUR" },
		]);
		// The 300 one-dollar amounts are one value, and only the message's first 20 were read.
		expect(entities.filter((entity) => entity.normalized === "1 USD")).toHaveLength(1);
		expect(entities).toHaveLength(3);
	});

	it("takes a yes to the fallback, which offers a person, as asking for one", async () => {
		const conversation = await startConversation();
		const fallback = await say(conversation, "Do you sell garden gnomes?");
		expect(fallback.replies[0].explanation?.tier).toBe("fallback");
		const yes = await say(conversation, "Yes please!");
		expect(yes.replies.map((reply) => reply.kind)).toEqual(["handoff_requested"]);
		expect(yes.state.owner).toBe("human");
		expect((await ticketFor(conversation.id))?.reason).toBe("customer_request");

		// Anywhere else, a yes is only a message.
		const answered = await startConversation();
		await say(answered, "How long does delivery take?");
		expect((await say(answered, "yes")).state.owner).toBe("ai");
	});

	it("takes no yes for a request when requests in words are switched off", async () => {
		const { triggers } = siteConfig.handoff;
		siteConfig.handoff.triggers = { ...triggers, customerRequest: false };
		try {
			const conversation = await startConversation();
			await say(conversation, "Do you sell garden gnomes?");
			const yes = await say(conversation, "yes");
			// A second fallback, which hands off as repeated failure, not as the customer's request.
			expect(yes.replies[0].explanation?.tier).toBe("fallback");
			expect((await ticketFor(conversation.id))?.reason).toBe("repeated_failure");
		} finally {
			siteConfig.handoff.triggers = triggers;
		}
	});

	it("asks for a person in words", async () => {
		const conversation = await startConversation();
		await say(conversation, "I'd like to speak to a real person please");
		expect((await ticketFor(conversation.id))?.reason).toBe("customer_request");
	});

	it("a sensitive topic goes to a person with high priority, card numbers masked in the ticket", async () => {
		const conversation = await startConversation();
		await say(conversation, "I'm filing a chargeback, my card 4111 1111 1111 1111 was charged twice");
		const ticket = await ticketFor(conversation.id);
		expect(ticket).toMatchObject({ reason: "sensitive", priority: "high" });
		const customerText = ticket?.transcript.find((entry) => entry.role === "customer")?.text;
		expect(customerText).toContain("[card]");
		expect(customerText).not.toContain("4111");
	});

	it("a sensitive topic with its trigger switched off gets the fallback, recorded as one, and no ticket", async () => {
		// The worker's modules share this isolate with the test: the site config is switched as a site owner would switch it.
		siteConfig.handoff.triggers.sensitive = false;
		try {
			const conversation = await startConversation();
			const sent = await say(conversation, "I will take legal action against you");
			expect(sent.replies).toEqual([
				expect.objectContaining({ kind: "text", text: siteConfig.assistant.fallback, explanation: expect.objectContaining({ tier: "fallback", intent: "legal_threat" }) }),
			]);
			expect(sent.state.owner).toBe("ai");
			expect(await ticketFor(conversation.id)).toBeUndefined();
		} finally {
			siteConfig.handoff.triggers.sensitive = true;
		}
	});

	it("the AI fails twice in a row", async () => {
		const conversation = await startConversation();
		const first = await say(conversation, "do you sell garden gnomes");
		expect(first.state.owner).toBe("ai");
		const second = await say(conversation, "what about bird baths then");
		expect(second.replies.map((reply) => reply.kind)).toEqual(["text", "handoff_requested"]);
		expect((await ticketFor(conversation.id))?.reason).toBe("repeated_failure");
	});

	it("the AI fails twice after answering something else: the ticket names no topic from before, and its transcript shows the fallbacks", async () => {
		const conversation = await startConversation();
		await say(conversation, "How long does delivery take?");
		await say(conversation, "do you sell garden gnomes");
		await say(conversation, "what about bird baths then");
		const ticket = await ticketFor(conversation.id);
		expect(ticket).toMatchObject({ reason: "repeated_failure", lastIntent: null });
		expect(ticket?.summary).not.toContain("Topic");
		const answers = ticket?.transcript.filter((entry) => entry.role === "assistant").map((entry) => [entry.explanation?.tier, entry.explanation?.intent]);
		expect(answers).toEqual([["matcher", "delivery_time"], ["fallback", null], ["fallback", null]]);
	});

	it("the customer asks for a person in words: the ticket's topic is what they asked before, as with the button", async () => {
		const conversation = await startConversation();
		await say(conversation, "where is my order 00123842?");
		const asked = await say(conversation, "can I talk to a human please");
		expect(asked.state.owner).toBe("human");
		const ticket = await ticketFor(conversation.id);
		expect(ticket).toMatchObject({ reason: "customer_request", lastIntent: { id: "order_status" } });
		expect(ticket?.summary).toContain(`Topic: ${siteConfig.intents.find((intent) => intent.id === "order_status")?.description}`);
	});

	it("the customer rejects the answer, then the AI cannot help", async () => {
		const conversation = await startConversation();
		await say(conversation, "How long does delivery take?");
		await say(conversation, "that's not what I asked");
		expect((await ticketFor(conversation.id))?.reason).toBe("repeated_failure");
	});

	it("a routine question answered well resets the count", async () => {
		const conversation = await startConversation();
		await say(conversation, "do you sell garden gnomes");
		await say(conversation, "How long does delivery take?");
		const third = await say(conversation, "what about bird baths then");
		expect(third.state.owner).toBe("ai");
	});

	it("an angry customer goes to a person at once", async () => {
		const conversation = await startConversation();
		const sent = await say(conversation, "This is ridiculous, the worst service ever, I am absolutely furious!!!");
		expect(sent.replies.map((reply) => reply.kind)).toEqual(["handoff_requested"]);
		expect(await ticketFor(conversation.id)).toMatchObject({ reason: "negative_sentiment", priority: "high" });
	});

	it("while a person owns the conversation the AI stays quiet, and later messages reach the helpdesk in sequence", async () => {
		const conversation = await startConversation();
		await call(`/v1/conversations/${conversation.id}/handoff`, { method: "POST", headers: { Authorization: `Bearer ${conversation.token}` } });
		for (const text of ["How long does delivery take?", "also, can I pay with PayPal?"]) {
			const sent = await say(conversation, text);
			expect(sent.replies).toEqual([]);
		}
		await deliverNow(conversation.id);
		const later = (await processed(conversation.id)).filter((webhook) => webhook.type === "conversation.message.created");
		const events = later.map((webhook) => messageCreatedSchema.parse({ type: webhook.type, timestamp: new Date().toISOString(), data: webhook.data }).data);
		expect(events.map((event) => [event.sequence, event.message.text])).toEqual([
			[1, "How long does delivery take?"],
			[2, "also, can I pay with PayPal?"],
		]);
		await say(conversation, "it's order 00123842");
		await deliverNow(conversation.id);
		const [withOrder] = (await processed(conversation.id)).filter((webhook) => webhook.type === "conversation.message.created").slice(-1);
		expect(messageCreatedSchema.parse({ type: withOrder.type, timestamp: new Date().toISOString(), data: withOrder.data }).data.message.entities).toEqual([{ type: "order_id", value: "00123842" }]);
		const page = (await (await call(`/v1/conversations/${conversation.id}/messages`, { headers: { Authorization: `Bearer ${conversation.token}` } })).json()) as MessagePage;
		expect(page.messages.filter((message) => message.role === "assistant")).toEqual([]);
	});

	it("asks for an e-mail address when none is known, and sends it to the helpdesk", async () => {
		const conversation = await startConversation();
		const asked = await call(`/v1/conversations/${conversation.id}/handoff`, { method: "POST", headers: { Authorization: `Bearer ${conversation.token}` } });
		expect(((await asked.json()) as { state: { contactRequested: boolean } }).state.contactRequested).toBe(true);
		const bad = await call(`/v1/conversations/${conversation.id}/contact`, { method: "POST", headers: { Authorization: `Bearer ${conversation.token}` }, json: { email: "nope" } });
		expect(bad.status).toBe(400);
		const saved = await call(`/v1/conversations/${conversation.id}/contact`, { method: "POST", headers: { Authorization: `Bearer ${conversation.token}` }, json: { email: "kim@example.com" } });
		expect(await saved.json()).toEqual({ state: { owner: "human", status: "handed_off", contactRequested: false, rated: false } });
		await deliverNow(conversation.id);
		const contact = (await processed(conversation.id)).find((webhook) => webhook.type === "conversation.contact.updated");
		expect(contact?.data).toMatchObject({ customer: { email: "kim@example.com", emailSource: "contact_form" } });

		// The same address again tells the helpdesk nothing new, nor the customer.
		const again = await call(`/v1/conversations/${conversation.id}/contact`, { method: "POST", headers: { Authorization: `Bearer ${conversation.token}` }, json: { email: "kim@example.com" } });
		expect(again.status).toBe(200);
		const { webhooks } = await webhooksOf(conversation.id);
		expect(webhooks.filter((webhook) => webhook.type === "conversation.contact.updated")).toHaveLength(1);
		// The form goes as the address is saved: a notice in the chat says it was.
		const page = (await (await call(`/v1/conversations/${conversation.id}/messages`, { headers: { Authorization: `Bearer ${conversation.token}` } })).json()) as MessagePage;
		expect(page.messages.filter((message) => message.kind === "contact_saved").map((message) => [message.role, message.text])).toEqual([["system", siteConfig.assistant.contactSaved.replace("{email}", "kim@example.com")]]);
	});

	it("asks to confirm an address written in a message, which may be a typo or someone else's", async () => {
		const conversation = await startConversation();
		await say(conversation, "my email is kim@example.com");
		const auth = { Authorization: `Bearer ${conversation.token}` };
		const asked = await call(`/v1/conversations/${conversation.id}/handoff`, { method: "POST", headers: auth });
		expect(((await asked.json()) as { state: { contactRequested: boolean } }).state.contactRequested).toBe(true);
		const confirmed = await call(`/v1/conversations/${conversation.id}/contact`, { method: "POST", headers: auth, json: { email: "kim@example.com" } });
		expect(await confirmed.json()).toEqual({ state: { owner: "human", status: "handed_off", contactRequested: false, rated: false } });
		await deliverNow(conversation.id);
		const events = await processed(conversation.id);
		expect(events.find((webhook) => webhook.type === "handoff.created")?.data).toMatchObject({ customer: { email: "kim@example.com", emailSource: "message" } });
		expect(events.find((webhook) => webhook.type === "conversation.contact.updated")?.data).toMatchObject({ customer: { email: "kim@example.com", emailSource: "contact_form" } });
	});

	it("tells the helpdesk of an address first written in a message after the hand-off, and of no later one", async () => {
		const conversation = await startConversation();
		await call(`/v1/conversations/${conversation.id}/handoff`, { method: "POST", headers: { Authorization: `Bearer ${conversation.token}` } });
		await say(conversation, "you can reach me at kim@example.com");
		await say(conversation, "or my partner, lee@example.com");
		await deliverNow(conversation.id);
		const updates = (await processed(conversation.id)).filter((webhook) => webhook.type === "conversation.contact.updated");
		expect(updates.map((webhook) => webhook.data)).toEqual([
			{ ticketId: expect.stringMatching(/^tkt_/), conversationId: conversation.id, customer: expect.objectContaining({ email: "kim@example.com", emailSource: "message", verified: false }) },
		]);
		// Just before the message that holds the address, as docs/webhooks.md says.
		expect((await webhooksOf(conversation.id)).webhooks.map((webhook) => webhook.type)).toEqual(["handoff.created", "conversation.contact.updated", "conversation.message.created", "conversation.message.created"]);
	});

	it("queues no contact update for a helpdesk while no webhook endpoint is set, to surprise one set up later", async () => {
		const conversation = await startConversation();
		await call(`/v1/conversations/${conversation.id}/handoff`, { method: "POST", headers: { Authorization: `Bearer ${conversation.token}` } });
		const tokenHash = await sha256(conversation.token);
		await withoutEndpoint(conversation.id, async (instance) => expect(await instance.setContact(tokenHash, "kim@example.com")).toMatchObject({ ok: true }));
		const { webhooks } = await webhooksOf(conversation.id);
		expect(webhooks.map((webhook) => webhook.type)).toEqual(["handoff.created"]);
	});

	it("sends nothing about a ticket made while no endpoint was set, once one is: no message, no address, no erasure", async () => {
		const conversation = await startConversation();
		const tokenHash = await sha256(conversation.token);
		await withoutEndpoint(conversation.id, async (instance) => expect(await instance.requestHuman(tokenHash)).toMatchObject({ ok: true, state: { owner: "human" } }));
		await say(conversation, "hello? is anyone there? I'm kim@example.com");
		expect((await webhooksOf(conversation.id)).webhooks).toEqual([]);
		const erased = await call(`/v1/conversations/${conversation.id}`, { method: "DELETE", headers: { Authorization: `Bearer ${conversation.token}` } });
		expect(await erased.json()).toMatchObject({ helpdeskNotified: false });
	});

	it("sends an address in the message that asks for a person again with the new ticket, not to the one handed back", async () => {
		const conversation = await startConversation();
		await call(`/v1/conversations/${conversation.id}/handoff`, { method: "POST", headers: { Authorization: `Bearer ${conversation.token}` } });
		await call(`/v1/agent/conversations/${conversation.id}/handback`, { method: "POST", headers: AGENT });
		await say(conversation, "I want to talk to a human, I'm jo@example.com");
		const { webhooks } = await webhooksOf(conversation.id);
		expect(webhooks.map((webhook) => webhook.type)).toEqual(["handoff.created", "handoff.created"]);
		await deliverNow(conversation.id);
		const [first, second] = (await processed(conversation.id)).filter((webhook) => webhook.type === "handoff.created");
		expect(second?.data).toMatchObject({ customer: { email: "jo@example.com", emailSource: "message" } });
		// The new ticket names the one it replaces, for the helpdesk to close; the first names none.
		expect([first?.data.previousTicketId, second?.data.previousTicketId]).toEqual([null, first?.data.ticketId]);
	});

	it("names no ticket before one the helpdesk was never sent, and the same ticket after an agent's reply took the conversation over on it", async () => {
		const conversation = await startConversation();
		const tokenHash = await sha256(conversation.token);
		await withoutEndpoint(conversation.id, async (instance) => expect(await instance.requestHuman(tokenHash)).toMatchObject({ ok: true }));
		const handOffAgain = async () => {
			await call(`/v1/agent/conversations/${conversation.id}/handback`, { method: "POST", headers: AGENT });
			await call(`/v1/conversations/${conversation.id}/handoff`, { method: "POST", headers: { Authorization: `Bearer ${conversation.token}` } });
			await deliverNow(conversation.id);
			return (await processed(conversation.id)).filter((webhook) => webhook.type === "handoff.created").at(-1)?.data;
		};
		const sent = await handOffAgain();
		expect(sent?.previousTicketId).toBeNull();
		// Handed back, then taken over by an agent's reply (no new ticket), then handed off: the ticket before is that one.
		await call(`/v1/agent/conversations/${conversation.id}/handback`, { method: "POST", headers: AGENT });
		await call(`/v1/agent/conversations/${conversation.id}/messages`, { method: "POST", headers: AGENT, json: { text: "Still here.", agentName: "Alex" } });
		expect((await handOffAgain())?.previousTicketId).toBe(sent?.ticketId);
	});

	it("sends an address left while the AI had the conversation when an agent's reply takes it over again on the same ticket", async () => {
		const conversation = await startConversation();
		await call(`/v1/conversations/${conversation.id}/handoff`, { method: "POST", headers: { Authorization: `Bearer ${conversation.token}` } });
		await call(`/v1/agent/conversations/${conversation.id}/handback`, { method: "POST", headers: AGENT });
		await say(conversation, "thanks, you can also mail me at kim@example.com");
		const updates = async () => (await webhooksOf(conversation.id)).webhooks.filter((webhook) => webhook.type === "conversation.contact.updated");
		expect(await updates()).toEqual([]);
		await call(`/v1/agent/conversations/${conversation.id}/messages`, { method: "POST", headers: AGENT, json: { text: "Noted, Kim.", agentName: "Alex" } });
		expect(await updates()).toHaveLength(1);
		await deliverNow(conversation.id);
		const update = (await processed(conversation.id)).find((webhook) => webhook.type === "conversation.contact.updated");
		expect(update?.data).toMatchObject({ customer: { email: "kim@example.com", emailSource: "message" } });
	});

	it("sends nothing when an agent's reply takes the conversation over again and the helpdesk already has the customer as they are", async () => {
		const conversation = await startConversation();
		await say(conversation, "hi, I am jo@example.org and my parcel is late");
		await call(`/v1/conversations/${conversation.id}/handoff`, { method: "POST", headers: { Authorization: `Bearer ${conversation.token}` } });
		for (const giveBack of ["resolve", "handback"]) {
			await call(`/v1/agent/conversations/${conversation.id}/${giveBack}`, { method: "POST", headers: AGENT });
			const reply = await call(`/v1/agent/conversations/${conversation.id}/messages`, { method: "POST", headers: AGENT, json: { text: "Following up on your parcel.", agentName: "Alex" } });
			expect(reply.status).toBe(201);
		}
		const { webhooks } = await webhooksOf(conversation.id);
		expect(webhooks.map((webhook) => webhook.type)).toEqual(["handoff.created"]);
		// Confirming it in the e-mail form is news (its source changes): that is still sent.
		const confirmed = await call(`/v1/conversations/${conversation.id}/contact`, { method: "POST", headers: { Authorization: `Bearer ${conversation.token}` }, json: { email: "jo@example.org" } });
		expect(confirmed.status).toBe(200);
		expect((await webhooksOf(conversation.id)).webhooks.map((webhook) => webhook.type)).toEqual(["handoff.created", "conversation.contact.updated"]);
	});

	it("a conversation longer than the ticket carries: the ticket has its newest messages, the transcript link every one", async () => {
		const conversation = await startConversation();
		// Only limits raised far above the defaults let a conversation grow this long; stored directly to keep the test quick.
		await runInDurableObject(stubOf(conversation.id), (_, state) => {
			const messages = new MessageStore(state.storage.sql);
			for (let n = 1; n <= 1_100; n++) messages.append({ role: n % 2 ? "customer" : "assistant", kind: "text", text: `message ${n}` });
		});
		await say(conversation, "I'd like to speak to a real person please");

		const ticket = await ticketFor(conversation.id);
		const texts = ticket?.transcript.map((entry) => entry.text) ?? [];
		expect(texts).toHaveLength(1_000);
		expect(texts).toContain("I'd like to speak to a real person please");
		expect(texts).not.toContain("message 1");
		const seqs = ticket?.transcript.map((entry) => entry.seq) ?? [];
		expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
		// Drawn from the whole conversation, not only the part the transcript carries.
		expect(ticket?.disclosureShownAt).not.toBeNull();
		expect(ticket?.summary).toContain('First message: "message 1"');

		const link = new URL(ticket?.transcriptUrl ?? "");
		const opened = (await (await call(`${link.pathname}${link.search}`)).json()) as { messages: Array<{ seq: number; text: string }> };
		expect(opened.messages.length).toBeGreaterThan(1_100);
		expect(opened.messages[0].seq).toBe(1);
		expect(opened.messages.map((message) => message.text)).toContain("I'd like to speak to a real person please");
	});
});
