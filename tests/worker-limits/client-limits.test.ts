// Per-IP and per-conversation limits with the site config's defaults, through
// the real worker and Durable Objects. Each test speaks from its own IP.
import { env } from "cloudflare:workers";
import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { ConversationCreated } from "../../shared/protocol.ts";
import { siteConfig } from "../../worker/config/site-config.ts";
import { MAX_CUSTOMER_UPDATES } from "../../worker/limits/conversation-limits.ts";
import { networkOf } from "../../worker/limits/ip-limits.ts";
import { AGENT } from "../worker/handoff/receiver.ts";
import { call, errorOf } from "../worker/api-client.ts";

const { limits } = siteConfig;
let nextIp = 1;
const freshIp = () => `198.51.100.${nextIp++}`;

async function startFrom(ip: string): Promise<Response> {
	return call("/v1/conversations", { method: "POST", headers: { "CF-Connecting-IP": ip }, json: {} });
}

async function conversationFrom(ip: string): Promise<ConversationCreated["conversation"]> {
	const response = await startFrom(ip);
	expect(response.status).toBe(201);
	return ((await response.json()) as ConversationCreated).conversation;
}

function sendFrom(ip: string, conversation: { id: string; token: string }, clientMessageId: string = crypto.randomUUID(), accept = "application/json") {
	return call(`/v1/conversations/${conversation.id}/messages`, {
		method: "POST",
		headers: { "CF-Connecting-IP": ip, Authorization: `Bearer ${conversation.token}`, Accept: accept },
		json: { clientMessageId, text: "where is my order" },
	});
}

async function expectLimited(response: Response, code: string) {
	expect(response.status).toBe(429);
	const error = await errorOf(response);
	expect(error.code).toBe(code);
	expect(error.message.length).toBeGreaterThan(20);
	return response.headers.get("Retry-After");
}

/** Moves every stored message of the conversation `ms` into the past, as if the customer had paused. */
function backdateMessages(conversationId: string, ms: number) {
	const stub = env.CONVERSATIONS.get(env.CONVERSATIONS.idFromName(conversationId));
	return runInDurableObject(stub, (_instance, state) => {
		const rows = state.storage.sql.exec<{ seq: number; created_at: string }>("SELECT seq, created_at FROM messages").toArray();
		for (const row of rows) state.storage.sql.exec("UPDATE messages SET created_at = ? WHERE seq = ?", new Date(Date.parse(row.created_at) - ms).toISOString(), row.seq);
	});
}

/** Stores `count` customer messages in the conversation, sent long ago: they count towards its limit, not its rate. */
function storeEarlierMessages(conversationId: string, count: number) {
	const stub = env.CONVERSATIONS.get(env.CONVERSATIONS.idFromName(conversationId));
	return runInDurableObject(stub, (_instance, state) => {
		for (let index = 0; index < count; index++) {
			state.storage.sql.exec("INSERT INTO messages (role, kind, text, created_at) VALUES ('customer', 'text', 'earlier', '2026-01-01T00:00:00.000Z')");
		}
	});
}

describe("per conversation", () => {
	it(`accepts ${limits.conversationMessagesPerMinute} messages a minute, then answers 429 with Retry-After`, async () => {
		const ip = freshIp();
		const conversation = await conversationFrom(ip);
		for (let index = 0; index < limits.conversationMessagesPerMinute; index++) expect((await sendFrom(ip, conversation)).status).toBe(201);
		const retryAfter = Number(await expectLimited(await sendFrom(ip, conversation), "rate_limited"));
		expect(retryAfter).toBeGreaterThanOrEqual(1);
		expect(retryAfter).toBeLessThanOrEqual(60);
		await expectLimited(await sendFrom(ip, conversation, crypto.randomUUID(), "text/event-stream"), "rate_limited");
	});

	it("still answers a resend of a stored message while limited, without storing it twice", async () => {
		const ip = freshIp();
		const conversation = await conversationFrom(ip);
		const first = crypto.randomUUID();
		expect((await sendFrom(ip, conversation, first)).status).toBe(201);
		for (let index = 1; index < limits.conversationMessagesPerMinute; index++) await sendFrom(ip, conversation);
		const resent = await sendFrom(ip, conversation, first);
		expect(resent.status).toBe(200);
		expect(await resent.json()).toMatchObject({ duplicate: true });
	});

	it("lets the customer go on once the minute has passed", async () => {
		const ip = freshIp();
		const conversation = await conversationFrom(ip);
		for (let index = 0; index < limits.conversationMessagesPerMinute; index++) await sendFrom(ip, conversation);
		await expectLimited(await sendFrom(ip, conversation), "rate_limited");
		await backdateMessages(conversation.id, 61_000);
		expect((await sendFrom(ip, conversation)).status).toBe(201);
	});

	it(`closes a conversation to new messages after ${limits.maxMessagesPerConversation}, with no Retry-After`, async () => {
		const ip = freshIp();
		const conversation = await conversationFrom(ip);
		await storeEarlierMessages(conversation.id, limits.maxMessagesPerConversation - 1);
		expect((await sendFrom(ip, conversation)).status).toBe(201);
		expect(await expectLimited(await sendFrom(ip, conversation), "conversation_full")).toBeNull();
	});

	it("counts only the messages since a hand-off while a person has the conversation, so a full one still reaches them", async () => {
		const ip = freshIp();
		const conversation = await conversationFrom(ip);
		await storeEarlierMessages(conversation.id, limits.maxMessagesPerConversation);
		await expectLimited(await sendFrom(ip, conversation), "conversation_full");
		const handoff = await call(`/v1/conversations/${conversation.id}/handoff`, { method: "POST", headers: { "CF-Connecting-IP": ip, Authorization: `Bearer ${conversation.token}` } });
		expect(handoff.status).toBe(201);
		expect((await sendFrom(ip, conversation)).status).toBe(201);
		expect((await sendFrom(ip, conversation)).status).toBe(201);
		// Back with the AI, the conversation is full again, however many it took since the hand-off.
		expect((await call(`/v1/agent/conversations/${conversation.id}/handback`, { method: "POST", headers: AGENT })).status).toBe(200);
		await storeEarlierMessages(conversation.id, limits.maxMessagesPerConversation);
		await expectLimited(await sendFrom(ip, conversation), "conversation_full");
		// An agent's reply takes it over again, with no hand-off: the customer can write to them.
		const reply = await call(`/v1/agent/conversations/${conversation.id}/messages`, { method: "POST", headers: AGENT, json: { text: "Still here, go on.", agentName: "Sam" } });
		expect(reply.status).toBe(201);
		expect((await sendFrom(ip, conversation)).status).toBe(201);
	});

	it("still closes a conversation with a person to new messages after as many again since the hand-off", async () => {
		const ip = freshIp();
		const conversation = await conversationFrom(ip);
		const handoff = await call(`/v1/conversations/${conversation.id}/handoff`, { method: "POST", headers: { "CF-Connecting-IP": ip, Authorization: `Bearer ${conversation.token}` } });
		expect(handoff.status).toBe(201);
		await storeEarlierMessages(conversation.id, limits.maxMessagesPerConversation - 1);
		expect((await sendFrom(ip, conversation)).status).toBe(201);
		await expectLimited(await sendFrom(ip, conversation), "conversation_full");
	});
});

describe("per client IP", () => {
	it(`accepts ${limits.ipMessagesPerMinute} messages a minute over any number of conversations, then 429`, async () => {
		const ip = freshIp();
		const conversations = await Promise.all(Array.from({ length: Math.ceil(limits.ipMessagesPerMinute / limits.conversationMessagesPerMinute) }, () => conversationFrom(ip)));
		for (let index = 0; index < limits.ipMessagesPerMinute; index++) {
			expect((await sendFrom(ip, conversations[index % conversations.length])).status).toBe(201);
		}
		const retryAfter = await expectLimited(await sendFrom(ip, conversations[0]), "rate_limited");
		expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
		const elsewhere = freshIp();
		expect((await sendFrom(elsewhere, await conversationFrom(elsewhere))).status).toBe(201);
	});

	it("does not count resends of a stored message: the widget retrying cannot use up the allowance", async () => {
		const ip = freshIp();
		const conversation = await conversationFrom(ip);
		const first = crypto.randomUUID();
		expect((await sendFrom(ip, conversation, first)).status).toBe(201);
		for (let resend = 0; resend < limits.ipMessagesPerMinute + 5; resend++) {
			const answered = await sendFrom(ip, conversation, first, resend % 2 ? "text/event-stream" : "application/json");
			expect(answered.status).toBe(200);
			await answered.arrayBuffer();
		}
		// Given back after the answer: a moment for the last one to land.
		await expect.poll(async () => {
			const other = await conversationFrom(ip);
			return (await sendFrom(ip, other)).status;
		}).toBe(201);
	});

	it("still answers a resend of a stored message once the IP is limited, and only a resend", async () => {
		const ip = freshIp();
		const conversations = await Promise.all(Array.from({ length: Math.ceil(limits.ipMessagesPerMinute / limits.conversationMessagesPerMinute) }, () => conversationFrom(ip)));
		const first = crypto.randomUUID();
		expect((await sendFrom(ip, conversations[0], first)).status).toBe(201);
		for (let index = 1; index < limits.ipMessagesPerMinute; index++) await sendFrom(ip, conversations[index % conversations.length]);
		await expectLimited(await sendFrom(ip, conversations[0]), "rate_limited");

		const resent = await sendFrom(ip, conversations[0], first);
		expect(resent.status).toBe(200);
		expect(await resent.json()).toMatchObject({ duplicate: true, message: { clientMessageId: first } });
		const streamed = await sendFrom(ip, conversations[0], first, "text/event-stream");
		expect(streamed.status).toBe(200);
		expect(await streamed.text()).toContain('"duplicate":true');
		// The same id from another conversation's token is no resend of this one's message.
		await expectLimited(await sendFrom(ip, { id: conversations[0].id, token: conversations[1].token }, first), "rate_limited");
		const otherText = await call(`/v1/conversations/${conversations[0].id}/messages`, {
			method: "POST",
			headers: { "CF-Connecting-IP": ip, Authorization: `Bearer ${conversations[0].token}` },
			json: { clientMessageId: first, text: "something else" },
		});
		await expectLimited(otherText, "rate_limited");
	});

	it(`answers ${limits.ipReadsPerMinute} reads of conversations a minute, history and live channel together, then 429`, async () => {
		const ip = freshIp();
		const conversation = await conversationFrom(ip);
		const read = () => call(`/v1/conversations/${conversation.id}/messages?after=0`, { headers: { "CF-Connecting-IP": ip, Authorization: `Bearer ${conversation.token}` } });
		const live = () => call(`/v1/conversations/${conversation.id}/live?after=0&token=${conversation.token}`, { headers: { "CF-Connecting-IP": ip, Upgrade: "websocket" } });
		const opened = await live();
		expect(opened.status).toBe(101);
		opened.webSocket?.accept();
		opened.webSocket?.close();
		for (let index = 1; index < limits.ipReadsPerMinute; index++) expect((await read()).status).toBe(200);
		const retryAfter = await expectLimited(await read(), "rate_limited");
		expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
		await expectLimited(await live(), "rate_limited");
		// Sending is counted apart: a customer who read a lot can still write.
		expect((await sendFrom(ip, conversation)).status).toBe(201);
	});

	it(`starts ${limits.ipConversationsPerHour} conversations an hour, then 429, while another IP still can`, async () => {
		const ip = freshIp();
		for (let index = 0; index < limits.ipConversationsPerHour; index++) expect((await startFrom(ip)).status).toBe(201);
		const retryAfter = Number(await expectLimited(await startFrom(ip), "rate_limited"));
		expect(retryAfter).toBeGreaterThan(60);
		expect(retryAfter).toBeLessThanOrEqual(3600);
		expect((await startFrom(freshIp())).status).toBe(201);
	});

	it("counts contact details and ratings like messages: a client cannot flood the helpdesk with them", async () => {
		const ip = freshIp();
		// A conversation takes MAX_CUSTOMER_UPDATES changes of its address and rating: a client floods from several.
		const conversations = await Promise.all(Array.from({ length: Math.ceil(limits.ipMessagesPerMinute / MAX_CUSTOMER_UPDATES) }, () => conversationFrom(ip)));
		const from = (conversation: { id: string; token: string }) => ({ "CF-Connecting-IP": ip, Authorization: `Bearer ${conversation.token}` });
		const contact = (index: number) => {
			const conversation = conversations[Math.floor(index / MAX_CUSTOMER_UPDATES)];
			return call(`/v1/conversations/${conversation.id}/contact`, { method: "POST", headers: from(conversation), json: { email: `kim${index}@example.com` } });
		};
		for (let index = 0; index < limits.ipMessagesPerMinute - 1; index++) expect((await contact(index)).status).toBe(200);
		// The last one has a change to spare for its rating.
		const rated = conversations[conversations.length - 1];
		await call(`/v1/conversations/${rated.id}/handoff`, { method: "POST", headers: from(rated) });
		expect((await call(`/v1/agent/conversations/${rated.id}/resolve`, { method: "POST", headers: AGENT })).status).toBe(200);
		const rate = (rating: number) => call(`/v1/conversations/${rated.id}/rating`, { method: "POST", headers: from(rated), json: { rating } });
		expect((await rate(5)).status).toBe(200);
		await expectLimited(await rate(4), "rate_limited");
		await expectLimited(await contact(0), "rate_limited");
	});

	it("keeps an hour's count of conversations through its object being evicted, and nothing once the hour is over", async () => {
		const ip = freshIp();
		for (let index = 0; index < limits.ipConversationsPerHour; index++) expect((await startFrom(ip)).status).toBe(201);
		const limiter = env.LIMITERS.get(env.LIMITERS.idFromName(`ip:${ip}`));
		// The client waits quietly, long enough for the idle object to leave memory.
		await evictDurableObject(limiter);
		await expectLimited(await startFrom(ip), "rate_limited");

		const cleanUpIn = ((await runInDurableObject(limiter, (_, state) => state.storage.getAlarm())) ?? 0) - Date.now();
		expect(cleanUpIn).toBeGreaterThan(3_500_000);
		expect(cleanUpIn).toBeLessThanOrEqual(3_600_000);
		await runDurableObjectAlarm(limiter);
		expect(await runInDurableObject(limiter, (_, state) => [...state.storage.kv.list()])).toEqual([]);
	});

	it("never moves its clean-up sooner after being evicted: a shorter window counted then deletes no longer one's count", async () => {
		const limiter = env.LIMITERS.get(env.LIMITERS.idFromName(`ip:${freshIp()}`));
		const hour = [{ key: "wrong admin tokens/hour", limit: 1, windowMs: 3_600_000 }];
		expect((await limiter.take(hour, true)).ok).toBe(true);
		await evictDurableObject(limiter);
		expect((await limiter.take([{ key: "probe/minute", limit: 5, windowMs: 60_000 }], true)).ok).toBe(true);
		const cleanUpIn = ((await runInDurableObject(limiter, (_, state) => state.storage.getAlarm())) ?? 0) - Date.now();
		expect(cleanUpIn).toBeGreaterThan(3_500_000);
		expect(await limiter.peek(hour)).toMatchObject({ ok: false });
	});

	it("counts an IPv6 /64 network as one client: its addresses share the allowance, another network has its own", async () => {
		const network = `2001:db8:${nextIp++}:7`;
		for (let index = 0; index < limits.ipConversationsPerHour; index++) expect((await startFrom(`${network}::${(index + 1).toString(16)}`)).status).toBe(201);
		await expectLimited(await startFrom(`${network}:ffff:ffff:ffff:ffff`), "rate_limited");
		expect((await startFrom(`2001:db8:${nextIp++}:7::1`)).status).toBe(201);
	});

	it("reads the network from an address however it is written", () => {
		expect(networkOf("2001:DB8:0001:0002:aaaa::1")).toBe("2001:db8:1:2::/64");
		expect(networkOf("2001:db8:1:2::")).toBe("2001:db8:1:2::/64");
		expect(networkOf("::ffff:192.0.2.1")).toBe("192.0.2.1");
		expect(networkOf("192.0.2.1")).toBe("192.0.2.1");
		for (const junk of [undefined, "", "not an address", "2001:db8::1::2"]) expect(networkOf(junk)).toBe("unknown");
	});
});

describe("wrong agent and admin tokens", () => {
	const agentCall = (ip: string, token: string) => call("/v1/agent/conversations/no-such/messages", { headers: { "CF-Connecting-IP": ip, Authorization: `Bearer ${token}` } });
	const today = new Date().toISOString().slice(0, 10);
	const kpis = `/v1/admin/kpis?from=${today}&to=${today}`;
	const adminCall = (ip: string, token: string) => call(kpis, { headers: { "CF-Connecting-IP": ip, Authorization: `Bearer ${token}` } });

	it(`answers ${limits.ipWrongTokensPerHour} wrong tokens an hour with 401, then 429 for every try, the right token too, while another IP still gets in`, async () => {
		const ip = freshIp();
		// Right tokens do not count: a helpdesk using the API all day is never refused.
		for (let index = 0; index < limits.ipWrongTokensPerHour + 5; index++) expect((await adminCall(ip, "test-admin-token")).status).toBe(200);
		for (let index = 0; index < limits.ipWrongTokensPerHour; index++) expect((await adminCall(ip, `guess-${index}`)).status).toBe(401);
		const retryAfter = Number(await expectLimited(await adminCall(ip, "another-guess"), "rate_limited"));
		expect(retryAfter).toBeGreaterThan(60);
		expect(retryAfter).toBeLessThanOrEqual(3600);
		// Guessing on learns nothing: the right token gets the same answer as a wrong one.
		expect((await errorOf(await adminCall(ip, "test-admin-token"))).message).toMatch(/wrong admin tokens/);
		expect((await adminCall(freshIp(), "test-admin-token")).status).toBe(200);
		// The agent API counts apart: a mistyped dashboard password where the helpdesk runs does not stop its replies.
		expect((await agentCall(ip, "test-agent-token")).status).toBe(404);
		for (let index = 0; index < limits.ipWrongTokensPerHour; index++) expect((await agentCall(ip, `guess-${index}`)).status).toBe(401);
		expect((await errorOf(await agentCall(ip, "test-agent-token"))).message).toMatch(/wrong agent tokens/);
	});

	it("does not count a request with no token, which guesses nothing", async () => {
		const ip = freshIp();
		for (let index = 0; index < limits.ipWrongTokensPerHour + 1; index++) expect((await call(kpis, { headers: { "CF-Connecting-IP": ip } })).status).toBe(401);
		expect((await adminCall(ip, "test-admin-token")).status).toBe(200);
	});

	it("keeps the count through its object being evicted, and nothing once the hour is over", async () => {
		const ip = freshIp();
		for (let index = 0; index < limits.ipWrongTokensPerHour; index++) expect((await agentCall(ip, "guess")).status).toBe(401);
		const limiter = env.LIMITERS.get(env.LIMITERS.idFromName(`ip:${ip}`));
		await evictDurableObject(limiter);
		await expectLimited(await agentCall(ip, "test-agent-token"), "rate_limited");
		await runDurableObjectAlarm(limiter);
		expect((await agentCall(ip, "test-agent-token")).status).toBe(404);
	});
});
