// The helpdesk's side: replies, resolution, hand-back, the live channel and the transcript link.
import { env } from "cloudflare:workers";
import { createExecutionContext, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { siteConfig } from "../../../worker/config/site-config.ts";
import { transcriptLink } from "../../../worker/handoff/transcript-link.ts";
import worker from "../../../worker/index.ts";
import { type LiveEvent, liveProtocols, type MessagePage, type MessageSent } from "../../../shared/protocol.ts";
import type { AgentMessagePage } from "../../../shared/agent-api.ts";
import { call, errorOf, handedOffConversation, send, startConversation } from "../api-client.ts";
import { AGENT, deliverNow, processed, webhooksOf } from "./receiver.ts";


const agentReply = (id: string, text: string, headers: Record<string, string> = AGENT) =>
	call(`/v1/agent/conversations/${id}/messages`, { method: "POST", headers, json: { text, agentName: "Alex" } });

describe("the agent API", () => {
	it("makes a reply safe to retry with a clientMessageId: once in the chat, the same answer again", async () => {
		const conversation = await handedOffConversation();
		const reply = (text: string) =>
			call(`/v1/agent/conversations/${conversation.id}/messages`, { method: "POST", headers: AGENT, json: { text, agentName: "Alex", clientMessageId: "helpdesk-reply-0001" } });
		const first = await reply("I'll check your order now.");
		expect(first.status).toBe(201);
		const stored = ((await first.json()) as MessageSent).message;
		expect(stored).not.toHaveProperty("clientMessageId");
		const again = await reply("I'll check your order now.");
		expect(again.status).toBe(200);
		expect(((await again.json()) as MessageSent).message.seq).toBe(stored.seq);
		const other = await reply("Something else entirely.");
		expect(other.status).toBe(409);
		const page = (await (await call(`/v1/conversations/${conversation.id}/messages`, { headers: { Authorization: `Bearer ${conversation.token}` } })).json()) as MessagePage;
		expect(page.messages.filter((message) => message.role === "agent")).toHaveLength(1);
		// The customer's ids are their own: the same string there is a new message.
		expect((await send(conversation, "thanks", "helpdesk-reply-0001")).status).toBe(201);
	});

	it("reads a conversation handed to the team, page by page, with a transcript link signed now; one never handed over is not the team's", async () => {
		const conversation = await handedOffConversation();
		await send(conversation, "any news on my parcel? my card 4111 1111 1111 1111 was charged twice");
		const read = (id: string, query = "") => call(`/v1/agent/conversations/${id}/messages${query}`, { headers: AGENT });
		const response = await read(conversation.id);
		expect(response.status).toBe(200);
		const page = (await response.json()) as AgentMessagePage;
		const customerPage = (await (await call(`/v1/conversations/${conversation.id}/messages`, { headers: { Authorization: `Bearer ${conversation.token}` } })).json()) as MessagePage;
		expect(page).toMatchObject({ lastSeq: customerPage.lastSeq, state: customerPage.state, ticketId: expect.stringMatching(/^tkt_/), transcriptUrl: expect.stringContaining(`/v1/transcripts/${conversation.id}?expires=`) });
		expect(page.messages.map((message) => message.seq)).toEqual(customerPage.messages.map((message) => message.seq));
		// As the ticket's transcript: a card number masked (handoff.maskInTicket), whole behind the link.
		expect(page.messages.at(-1)).toMatchObject({ role: "customer", text: "any news on my parcel? my card [card] was charged twice" });
		const transcript = await call(new URL(page.transcriptUrl as string).pathname + new URL(page.transcriptUrl as string).search);
		expect(transcript.status).toBe(200);
		// From a seq on, as the customer's read.
		const later = (await (await read(conversation.id, `?after=${page.lastSeq - 1}`)).json()) as AgentMessagePage;
		expect(later.messages.map((message) => message.seq)).toEqual([page.lastSeq]);

		const notHandedOver = await startConversation();
		expect(await errorOf(await read(notHandedOver.id))).toEqual({ code: "conflict", message: "This conversation was never handed to your team: it has no ticket." });
		expect((await read("AAAAAAAAAAAAAAAAAAAAAA")).status).toBe(404);
		expect((await call(`/v1/agent/conversations/${conversation.id}/messages`)).status).toBe(401);
	});

	it("takes a helpdesk's own comment ids, short numbers and prefixed ones, and names what an id may hold", async () => {
		const conversation = await handedOffConversation();
		const reply = (clientMessageId: string) => call(`/v1/agent/conversations/${conversation.id}/messages`, { method: "POST", headers: AGENT, json: { text: `Reply ${clientMessageId}`, agentName: "Alex", clientMessageId } });
		for (const id of ["7", "12345", "comment:12345", "zd.comment.98"]) {
			expect((await reply(id)).status, id).toBe(201);
			expect((await reply(id)).status, id).toBe(200);
		}
		const refused = await reply("comment 12345");
		expect(refused.status).toBe(400);
		expect(await errorOf(refused)).toEqual({ code: "invalid_request", message: "clientMessageId: must contain only letters, digits, '-', '_', '.' and ':'" });
		expect(await errorOf(await reply(""))).toEqual({ code: "invalid_request", message: "clientMessageId: must not be empty" });
	});

	it("tells the customer of a resolve and a hand-back in the site's own words, or in the defaults", async () => {
		const notices = async () => {
			const conversation = await handedOffConversation();
			const back = (await (await call(`/v1/agent/conversations/${conversation.id}/handback`, { method: "POST", headers: AGENT })).json()) as MessageSent;
			await call(`/v1/conversations/${conversation.id}/handoff`, { method: "POST", headers: { Authorization: `Bearer ${conversation.token}` } });
			const resolved = (await (await call(`/v1/agent/conversations/${conversation.id}/resolve`, { method: "POST", headers: AGENT })).json()) as MessageSent;
			return [back.message.text, resolved.message.text];
		};
		expect(await notices()).toEqual([`You're chatting with ${siteConfig.assistant.name}, the AI assistant, again.`, "Our team marked this conversation as resolved. Write again any time."]);
		const { assistant } = siteConfig;
		siteConfig.assistant = { ...assistant, handedBack: "Vous parlez de nouveau avec Fern, l'assistant IA.", resolved: "Notre équipe a clos cette conversation." };
		try {
			expect(await notices()).toEqual(["Vous parlez de nouveau avec Fern, l'assistant IA.", "Notre équipe a clos cette conversation."]);
		} finally {
			siteConfig.assistant = assistant;
		}
	});

	it("needs the agent token", async () => {
		const { id } = await handedOffConversation();
		const missing = await agentReply(id, "hi", {});
		expect(missing.status).toBe(401);
		expect(await errorOf(missing)).toMatchObject({ code: "unauthorized" });
		expect((await agentReply(id, "hi", { Authorization: "Bearer wrong" })).status).toBe(401);
		expect((await agentReply("AAAAAAAAAAAAAAAAAAAAAA", "hi")).status).toBe(404);
		const bad = await call(`/v1/agent/conversations/${id}/messages`, { method: "POST", headers: AGENT, json: { text: "" } });
		expect(bad.status).toBe(400);
	});

	it("puts the agent's reply into the conversation, with their name", async () => {
		const conversation = await handedOffConversation();
		const response = await agentReply(conversation.id, "Hi, I'm Alex. I'll check your order now.");
		expect(response.status).toBe(201);
		const page = (await (await call(`/v1/conversations/${conversation.id}/messages`, { headers: { Authorization: `Bearer ${conversation.token}` } })).json()) as MessagePage;
		expect(page.messages.at(-1)).toMatchObject({ role: "agent", author: "Alex", text: "Hi, I'm Alex. I'll check your order now." });
		expect(page.state).toMatchObject({ owner: "human", status: "handed_off" });
	});

	it("resolves the conversation, and hands it back to the AI, which answers again and says it is an AI", async () => {
		const conversation = await handedOffConversation();
		const quiet = (await (await send(conversation, "How long does delivery take?")).json()) as MessageSent;
		expect(quiet.replies).toEqual([]);

		const back = await call(`/v1/agent/conversations/${conversation.id}/handback`, { method: "POST", headers: AGENT, json: {} });
		expect(await back.json()).toMatchObject({ message: { kind: "handed_back", text: expect.stringContaining("AI assistant") }, state: { owner: "ai", status: "open" } });
		const answered = (await (await send(conversation, "How long does delivery take?")).json()) as MessageSent;
		expect(answered.replies[0]).toMatchObject({ role: "assistant", explanation: { intent: "delivery_time" } });

		const resolved = await call(`/v1/agent/conversations/${conversation.id}/resolve`, { method: "POST", headers: AGENT, json: {} });
		expect(await resolved.json()).toMatchObject({ message: { kind: "resolved" }, state: { status: "resolved" } });
	});

	it("refuses a reply or a resolve where there is no ticket, and a hand-back of a conversation the AI has, with 409", async () => {
		const conversation = await startConversation();
		await send(conversation, "How long does delivery take?");
		const reply = await agentReply(conversation.id, "Can I help?");
		expect(reply.status).toBe(409);
		expect(await errorOf(reply)).toEqual({ code: "conflict", message: "This conversation was never handed to your team: it has no ticket." });
		const resolve = await call(`/v1/agent/conversations/${conversation.id}/resolve`, { method: "POST", headers: AGENT });
		expect(resolve.status).toBe(409);
		expect((await errorOf(resolve)).message).toBe("This conversation was never handed to your team: it has no ticket.");
		const back = await call(`/v1/agent/conversations/${conversation.id}/handback`, { method: "POST", headers: AGENT });
		expect(back.status).toBe(409);
		expect((await errorOf(back)).message).toBe("The AI already has this conversation: there is nothing to hand back.");
		// Nothing changed: the AI still answers.
		const answered = (await (await send(conversation, "How long does delivery take?")).json()) as MessageSent;
		expect(answered.replies[0]).toMatchObject({ role: "assistant" });
	});

	it("tells the customer once that the conversation is handed back, however often the helpdesk says so, until it moves on", async () => {
		const conversation = await handedOffConversation();
		const handBack = () => call(`/v1/agent/conversations/${conversation.id}/handback`, { method: "POST", headers: AGENT });
		const first = (await (await handBack()).json()) as MessageSent;
		const again = await handBack();
		expect(again.status).toBe(200);
		expect(((await again.json()) as MessageSent).message.seq).toBe(first.message.seq);
		const page = (await (await call(`/v1/conversations/${conversation.id}/messages`, { headers: { Authorization: `Bearer ${conversation.token}` } })).json()) as MessagePage;
		expect(page.messages.filter((message) => message.kind === "handed_back")).toHaveLength(1);
		// Resolved since, the conversation is not the team's to hand back.
		await call(`/v1/agent/conversations/${conversation.id}/resolve`, { method: "POST", headers: AGENT });
		expect((await handBack()).status).toBe(409);
	});

	it("tells the customer once that the conversation is resolved, however often the helpdesk says so", async () => {
		const conversation = await handedOffConversation();
		const resolve = async () => (await (await call(`/v1/agent/conversations/${conversation.id}/resolve`, { method: "POST", headers: AGENT })).json()) as { message: { seq: number } };
		const first = await resolve();
		expect((await resolve()).message.seq).toBe(first.message.seq);
		const page = (await (await call(`/v1/conversations/${conversation.id}/messages`, { headers: { Authorization: `Bearer ${conversation.token}` } })).json()) as MessagePage;
		expect(page.messages.filter((message) => message.kind === "resolved")).toHaveLength(1);
	});

	it("answers a second press of “Talk to a human” with this hand-off's notice, not an earlier one's", async () => {
		const conversation = await startConversation();
		const press = async () => (await (await call(`/v1/conversations/${conversation.id}/handoff`, { method: "POST", headers: { Authorization: `Bearer ${conversation.token}` } })).json()) as { message: { seq: number } };
		const firstNotice = (await press()).message.seq;
		expect((await call(`/v1/agent/conversations/${conversation.id}/handback`, { method: "POST", headers: AGENT })).status).toBe(200);
		const secondNotice = (await press()).message.seq;
		expect(secondNotice).toBeGreaterThan(firstNotice);
		expect((await press()).message.seq).toBe(secondNotice);
	});

	it("lists each webhook with the ticket it is about, where a conversation was handed off twice", async () => {
		const conversation = await startConversation();
		const handOff = () => call(`/v1/conversations/${conversation.id}/handoff`, { method: "POST", headers: { Authorization: `Bearer ${conversation.token}` } });
		await handOff();
		await call(`/v1/agent/conversations/${conversation.id}/handback`, { method: "POST", headers: AGENT });
		await handOff();
		await send(conversation, "any news?");
		const { ticketId, webhooks } = await webhooksOf(conversation.id);
		const [first, second, message] = webhooks;
		expect(webhooks.map((webhook) => webhook.type)).toEqual(["handoff.created", "handoff.created", "conversation.message.created"]);
		expect(first.ticketId).not.toBe(second.ticketId);
		expect([second.ticketId, message.ticketId]).toEqual([ticketId, ticketId]);
	});

	it("acts on a named ticket only while it is the current one: closing an old ticket leaves the newer hand-off alone", async () => {
		const conversation = await startConversation();
		const handOff = () => call(`/v1/conversations/${conversation.id}/handoff`, { method: "POST", headers: { Authorization: `Bearer ${conversation.token}` } });
		const act = (path: string, json: object) => call(`/v1/agent/conversations/${conversation.id}/${path}`, { method: "POST", headers: AGENT, json });
		await handOff();
		const old = (await webhooksOf(conversation.id)).ticketId as string;
		const handedBack = await act("handback", { ticketId: old });
		expect(handedBack.status).toBe(200);
		expect(await handedBack.json()).toMatchObject({ ticketId: old, state: { owner: "ai" } });
		await handOff();
		const current = (await webhooksOf(conversation.id)).ticketId as string;
		expect(current).not.toBe(old);

		for (const [path, json] of [["resolve", { ticketId: old }], ["handback", { ticketId: old }], ["messages", { text: "Closing this one.", agentName: "Alex", ticketId: old }]] as const) {
			const stale = await act(path, json);
			expect(stale.status).toBe(409);
			// The current ticket is a field of its own, so the helpdesk need not read it out of the words.
			expect(await errorOf(stale)).toEqual({ code: "ticket_superseded", message: expect.stringContaining(current), ticketId: current });
		}
		const page = (await (await call(`/v1/agent/conversations/${conversation.id}/messages`, { headers: AGENT })).json()) as AgentMessagePage;
		expect(page.state).toMatchObject({ owner: "human", status: "handed_off" });
		expect(page.messages.filter((message) => message.role === "agent")).toHaveLength(0);

		const resolved = await act("resolve", { ticketId: current });
		expect(resolved.status).toBe(200);
		expect(await resolved.json()).toMatchObject({ ticketId: current, state: { status: "resolved" } });
		const foreign = await act("handback", { ticketId: "tkt_0000000000000000" });
		expect(foreign.status).toBe(404);
		expect(await errorOf(foreign)).toMatchObject({ code: "not_found", message: expect.stringContaining("never had a ticket") });
		const badId = await act("resolve", { ticketId: "ticket-1" });
		expect(badId.status).toBe(400);
		expect((await errorOf(badId)).message).toContain("ticketId");
	});

	it("pushes agent replies to the open widget over the live WebSocket, after catching it up; the token among its subprotocols, out of the URL", async () => {
		const conversation = await handedOffConversation();
		const response = await call(`/v1/conversations/${conversation.id}/live?after=1`, { headers: { Upgrade: "websocket", "Sec-WebSocket-Protocol": liveProtocols(conversation.token).join(", ") } });
		expect(response.status).toBe(101);
		expect(response.headers.get("Sec-WebSocket-Protocol")).toBe("frontdesk");
		const socket = response.webSocket!;
		const events: LiveEvent[] = [];
		socket.addEventListener("message", (event) => void events.push(JSON.parse(event.data as string)));
		socket.accept();
		await agentReply(conversation.id, "Hello from the helpdesk");
		await expect.poll(() => events.some((event) => event.type === "message" && event.message.role === "agent")).toBe(true);
		expect(events.filter((event) => event.type === "message").map((event) => (event.type === "message" ? event.message.seq : 0))).toEqual([2, 3]);
		socket.close();
	});

	it("still opens the live channel with the token in the query string, for clients built on it, and chooses no subprotocol", async () => {
		const conversation = await handedOffConversation();
		const response = await call(`/v1/conversations/${conversation.id}/live?token=${conversation.token}&after=1`, { headers: { Upgrade: "websocket" } });
		expect(response.status).toBe(101);
		expect(response.headers.get("Sec-WebSocket-Protocol")).toBeNull();
		response.webSocket!.accept();
		response.webSocket!.close();
	});

	it("refuses a live channel whose subprotocols carry a wrong token, or a token without Frontdesk's protocol to choose", async () => {
		const conversation = await handedOffConversation();
		const offering = (protocols: string) => call(`/v1/conversations/${conversation.id}/live`, { headers: { Upgrade: "websocket", "Sec-WebSocket-Protocol": protocols } });
		const wrong = await offering(liveProtocols("wrong").join(", "));
		expect(wrong.status).toBe(401);
		expect(await errorOf(wrong)).toMatchObject({ code: "unauthorized" });
		for (const protocols of [`token.${conversation.token}`, "frontdesk"]) {
			const response = await offering(protocols);
			expect({ protocols, status: response.status }).toEqual({ protocols, status: 401 });
			expect((await errorOf(response)).message).toBe('Send the conversation\'s token as the WebSocket subprotocols "frontdesk" and "token.<token>", or in the query string as ?token=<token>.');
		}
	});

	it("answers the widget's keep-alive ping on the live channel with a pong, and with nothing else", async () => {
		const conversation = await handedOffConversation();
		const { lastSeq } = (await (await call(`/v1/conversations/${conversation.id}/messages`, { headers: { Authorization: `Bearer ${conversation.token}` } })).json()) as MessagePage;
		const response = await call(`/v1/conversations/${conversation.id}/live?token=${conversation.token}&after=${lastSeq}`, { headers: { Upgrade: "websocket" } });
		const socket = response.webSocket!;
		const received: string[] = [];
		socket.addEventListener("message", (event) => void received.push(event.data as string));
		socket.accept();
		socket.send("ping");
		// Connecting sends the conversation's state first; the pings add their pongs and nothing else.
		await expect.poll(() => received.slice(1)).toEqual(["pong"]);
		expect(JSON.parse(received[0])).toMatchObject({ type: "state" });
		socket.send("ping");
		await expect.poll(() => received.slice(1)).toEqual(["pong", "pong"]);
		socket.close();
	});

	it("closes a live socket that ended without a close code, or dropped without a close frame, with no error", async () => {
		const conversation = await handedOffConversation();
		const stub = env.CONVERSATIONS.get(env.CONVERSATIONS.idFromName(conversation.id));
		await runInDurableObject(stub, async (instance) => {
			// Codes that report how a socket ended or that no application may send (RFC 6455), and one it may.
			for (const [reported, sent] of [[1005, 1000], [1006, 1000], [1015, 1000], [1004, 1000], [999, 1000], [5000, 1000], [1001, 1000], [4000, 4000]]) {
				const [client, server] = Object.values(new WebSocketPair());
				client.accept();
				server.accept();
				const closed = new Promise<number>((resolve) => client.addEventListener("close", (event) => resolve(event.code)));
				await instance.webSocketClose(server, reported);
				expect(await closed).toBe(sent);
				// Told again of a socket it closed already: nothing to do, and nothing thrown.
				await instance.webSocketClose(server, reported);
			}
		});
	});

	it("refuses the live channel without the conversation's token", async () => {
		const conversation = await handedOffConversation();
		const response = await call(`/v1/conversations/${conversation.id}/live?token=wrong`, { headers: { Upgrade: "websocket" } });
		expect(response.status).toBe(401);
		expect(await errorOf(response)).toMatchObject({ code: "unauthorized" });
		const unknown = await call(`/v1/conversations/AAAAAAAAAAAAAAAAAAAAAA/live?token=${conversation.token}`, { headers: { Upgrade: "websocket" } });
		expect(unknown.status).toBe(404);
		expect(await errorOf(unknown)).toMatchObject({ code: "not_found" });
	});

	it("refuses a live channel from a position that is no message seq, as reading messages does", async () => {
		const conversation = await handedOffConversation();
		for (const after of ["Infinity", "1e400", "abc", "-4", "0x10", ""]) {
			const response = await call(`/v1/conversations/${conversation.id}/live?token=${conversation.token}&after=${after}`, { headers: { Upgrade: "websocket" } });
			expect({ after, status: response.status }).toEqual({ after, status: 400 });
			expect((await errorOf(response)).message).toMatch(/^after: /);
		}
	});

	it("shows webhook attempts only to the agent token", async () => {
		const conversation = await handedOffConversation();
		expect((await call(`/v1/agent/conversations/${conversation.id}/webhooks`)).status).toBe(401);
	});
});

describe("the signed transcript link in a ticket", () => {
	it("opens the full, unmasked transcript, and nothing once tampered with or expired", async () => {
		const conversation = await startConversation();
		await send(conversation, "I'm filing a chargeback for card 4111 1111 1111 1111");
		await deliverNow(conversation.id);
		const [ticket] = await processed(conversation.id);
		const link = new URL(ticket.data.transcriptUrl as string);
		expect(link.searchParams.get("expires")).toMatch(/^\d+$/);

		const opened = await call(`${link.pathname}${link.search}`);
		expect(opened.status).toBe(200);
		const transcript = (await opened.json()) as { messages: Array<{ text: string }> };
		expect(transcript.messages.some((message) => message.text.includes("4111 1111 1111 1111"))).toBe(true);

		const tampered = new URL(link);
		tampered.searchParams.set("expires", String(Number(link.searchParams.get("expires")) + 60));
		expect((await call(`${tampered.pathname}${tampered.search}`)).status).toBe(403);
		const expired = new URL(link);
		expired.searchParams.set("expires", "1000");
		expect((await call(`${expired.pathname}${expired.search}`)).status).toBe(403);
	});

	it("keeps the links in tickets already sent working through a rotation of the webhook secret", async () => {
		const conversation = await startConversation();
		const before = env.FRONTDESK_WEBHOOK_SECRET as string;
		const link = new URL(await transcriptLink("https://frontdesk.test", before, conversation.id, Date.now()));
		// A new secret added in front of the old one, as the rotation in docs/webhooks.md goes.
		const rotated = { ...env, FRONTDESK_WEBHOOK_SECRET: `whsec_${btoa("a new secret of thirty-two bytes!")} ${before}` };
		const request = new Request(`https://frontdesk.test${link.pathname}${link.search}`);
		expect((await worker.fetch(request, rotated, createExecutionContext())).status).toBe(200);
	});
});
