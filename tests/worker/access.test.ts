// Every route, with the credential it needs and with each wrong one: the
// customer's token opens only their conversation, the agent and admin tokens
// only their APIs, and browsers only from the site's origins.
import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { call, errorOf, send, startConversation } from "./api-client.ts";

type Conversation = { id: string; token: string };
type Route = { method: string; path: string; json?: unknown };

const AGENT = env.FRONTDESK_AGENT_TOKEN as string;
const ADMIN = env.FRONTDESK_ADMIN_TOKEN as string;
const today = new Date().toISOString().slice(0, 10);

function request(route: Route, token: string | null, headers: Record<string, string> = {}) {
	const authorization: Record<string, string> = token === null ? {} : { Authorization: `Bearer ${token}` };
	return call(route.path, { method: route.method, headers: { ...authorization, ...headers }, json: route.json });
}

const customerRoutes = ({ id }: Conversation): Route[] => [
	{ method: "GET", path: `/v1/conversations/${id}/messages` },
	{ method: "POST", path: `/v1/conversations/${id}/messages`, json: { clientMessageId: crypto.randomUUID(), text: "where is my order" } },
	{ method: "POST", path: `/v1/conversations/${id}/contact`, json: { email: "jane@example.com" } },
	{ method: "POST", path: `/v1/conversations/${id}/rating`, json: { rating: 5 } },
	{ method: "POST", path: `/v1/conversations/${id}/handoff` },
	{ method: "GET", path: `/v1/conversations/${id}/export` },
	{ method: "DELETE", path: `/v1/conversations/${id}` },
];

const agentRoutes = ({ id }: Conversation): Route[] => [
	{ method: "POST", path: `/v1/agent/conversations/${id}/messages`, json: { text: "Hello, this is Sam.", agentName: "Sam" } },
	{ method: "POST", path: `/v1/agent/conversations/${id}/messages/2/flag`, json: { intent: "order_status" } },
	{ method: "GET", path: `/v1/agent/conversations/${id}/webhooks` },
	{ method: "GET", path: `/v1/agent/conversations/${id}/messages` },
	{ method: "POST", path: `/v1/agent/conversations/${id}/handback` },
	{ method: "POST", path: `/v1/agent/conversations/${id}/resolve` },
	{ method: "GET", path: "/v1/agent/webhook-endpoint" },
	{ method: "POST", path: "/v1/agent/webhook-endpoint/test" },
	{ method: "GET", path: "/v1/agent/tickets" },
];

const adminRoutes = ({ id }: Conversation): Route[] => [
	{ method: "GET", path: `/v1/admin/kpis?from=${today}&to=${today}` },
	{ method: "GET", path: `/v1/admin/export?from=${today}&to=${today}` },
	{ method: "GET", path: `/v1/admin/conversations/${id}/export` },
	{ method: "POST", path: "/v1/admin/customers/find", json: { email: "jane@example.com" } },
	{ method: "POST", path: "/v1/admin/customers/erase", json: { email: "nobody@example.com" } },
	{ method: "DELETE", path: `/v1/admin/conversations/${id}` },
	{ method: "GET", path: "/v1/admin/tickets" },
];

async function conversationWithAMessage(): Promise<Conversation> {
	const conversation = await startConversation();
	expect((await send(conversation, "where is my order")).status).toBe(201);
	return conversation;
}

async function expectDenied(response: Response, status: number, code: string) {
	expect(response.status).toBe(status);
	expect((await errorOf(response)).code).toBe(code);
	// RFC 9110: a 401 names the scheme it would accept.
	if (status === 401) expect(response.headers.get("WWW-Authenticate")).toBe("Bearer");
}

describe("the customer's routes", () => {
	it("refuse no token, a wrong token, a malformed one and another conversation's, changing nothing", async () => {
		const conversation = await conversationWithAMessage();
		const other = await startConversation();
		for (const route of customerRoutes(conversation)) {
			for (const token of [null, "wrong-token", "not a token!", other.token, AGENT, ADMIN]) {
				await expectDenied(await request(route, token), 401, "unauthorized");
			}
		}
		const page = await request(customerRoutes(conversation)[0], conversation.token);
		expect(((await page.json()) as { messages: unknown[] }).messages).toHaveLength(3);
	});

	it("open the conversation to its own token", async () => {
		const conversation = await conversationWithAMessage();
		const statuses = [];
		for (const route of customerRoutes(conversation)) statuses.push((await request(route, conversation.token)).status);
		// Rating waits for the conversation to be resolved: 409, not a refusal of the token.
		expect(statuses).toEqual([200, 201, 200, 409, 201, 200, 200]);
	});

	it("take the Bearer scheme in any case, as HTTP has it", async () => {
		const conversation = await conversationWithAMessage();
		for (const scheme of ["bearer", "BEARER"]) {
			const response = await call(customerRoutes(conversation)[0].path, { headers: { Authorization: `${scheme} ${conversation.token}` } });
			expect(response.status, scheme).toBe(200);
		}
	});

	it("tell the live channel's caller where its token goes: a WebSocket sets no Authorization header", async () => {
		const conversation = await startConversation();
		const withHeader = await call(`/v1/conversations/${conversation.id}/live`, { headers: { Upgrade: "websocket", Authorization: `Bearer ${conversation.token}` } });
		expect(withHeader.status).toBe(401);
		expect((await errorOf(withHeader)).message).toBe('Send the conversation\'s token as the WebSocket subprotocols "frontdesk" and "token.<token>", or in the query string as ?token=<token>.');
	});

	it("answer an unknown or malformed conversation id with 404, whatever the token", async () => {
		const conversation = await startConversation();
		for (const id of ["AAAAAAAAAAAAAAAAAAAAAA", "short", "../../admin"]) {
			for (const route of customerRoutes({ id, token: conversation.token })) {
				expect((await request(route, conversation.token)).status, `${route.method} ${route.path}`).toBe(404);
			}
		}
	});

	it("store nothing for an id nobody started: every route that names it leaves its object without a table", async () => {
		const { token } = await startConversation();
		const id = "QUFBQUFBQUFBQUFBQUFBQU";
		const probe = { id, token };
		const probes = [
			...customerRoutes(probe).map((route) => request(route, token)),
			request({ method: "GET", path: `/v1/conversations/${id}/live?token=${token}` }, null, { Upgrade: "websocket" }),
			...agentRoutes(probe).filter((route) => route.path.includes(id)).map((route) => request(route, AGENT)),
			request({ method: "POST", path: `/v1/agent/conversations/${id}/webhooks/whk_1/redeliver` }, AGENT),
			request({ method: "POST", path: `/v1/agent/conversations/${id}/webhooks/whk_1/skip` }, AGENT),
			...adminRoutes(probe).filter((route) => route.path.includes(id)).map((route) => request(route, ADMIN)),
		];
		for (const response of await Promise.all(probes)) expect(response.status, response.url).toBe(404);
		const tables = await runInDurableObject(env.CONVERSATIONS.get(env.CONVERSATIONS.idFromName(id)), (_, state) => state.storage.sql.exec("SELECT name FROM sqlite_master").toArray());
		expect(tables).toEqual([]);
	});

	it("wake an object without tables (its conversation wiped, cut off before the empty schema was made again) to find nothing to do", async () => {
		const stub = env.CONVERSATIONS.get(env.CONVERSATIONS.idFromName("QkJCQkJCQkJCQkJCQkJCQk"));
		const tables = await runInDurableObject(stub, async (conversation, state) => {
			await conversation.resumeHeldWebhooks();
			await conversation.alarm();
			return state.storage.sql.exec("SELECT name FROM sqlite_master").toArray();
		});
		expect(tables).toEqual([]);
	});

	it("hand out ids nobody can guess: 128 random bits, never the same twice", async () => {
		const ids = await Promise.all(Array.from({ length: 100 }, async () => (await startConversation()).id));
		expect(new Set(ids).size).toBe(ids.length);
		for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
	});
});

const bearerApis = [
	{ api: "the agent API", routes: agentRoutes, token: AGENT, wrong: (conversation: Conversation) => [null, "wrong-token", conversation.token, ADMIN, `${AGENT}x`] },
	{ api: "the admin API", routes: adminRoutes, token: ADMIN, wrong: (conversation: Conversation) => [null, "wrong-token", conversation.token, AGENT, ADMIN.slice(0, -1)] },
];

for (const { api, routes, token, wrong } of bearerApis) {
	describe(api, () => {
		it("refuses no token, a wrong one, a customer's and the other API's token", async () => {
			const conversation = await conversationWithAMessage();
			for (const route of routes(conversation)) {
				for (const given of wrong(conversation)) await expectDenied(await request(route, given), 401, "unauthorized");
			}
		});

		it("takes the Bearer scheme in any case", async () => {
			const conversation = await conversationWithAMessage();
			const [route] = routes(conversation).filter((candidate) => candidate.method === "GET");
			expect((await call(route.path, { headers: { Authorization: `bearer ${token}` } })).status).toBe(200);
		});

		it("lets its own token through", async () => {
			const conversation = await conversationWithAMessage();
			// Handed to the team: the agent API's replies and hand-back need a ticket.
			expect((await call(`/v1/conversations/${conversation.id}/handoff`, { method: "POST", headers: { Authorization: `Bearer ${conversation.token}` } })).status).toBe(201);
			for (const route of routes(conversation)) expect((await request(route, token)).status, `${route.method} ${route.path}`).toBeLessThan(300);
		});
	});
}

describe("browser routes from another origin", () => {
	it("are refused with 403 before any credential is looked at", async () => {
		const conversation = await conversationWithAMessage();
		const routes = [{ method: "POST", path: "/v1/conversations", json: {} }, { method: "GET", path: "/v1/widget-settings" }, ...customerRoutes(conversation)];
		for (const route of routes) {
			await expectDenied(await request(route, conversation.token, { Origin: "https://evil.example" }), 403, "origin_not_allowed");
		}
		const page = await request(customerRoutes(conversation)[0], conversation.token);
		expect(((await page.json()) as { messages: unknown[] }).messages).toHaveLength(3);
	});
});

describe("transcript links", () => {
	it("need a valid signature", async () => {
		const { id } = await startConversation();
		const expires = Date.now() + 60_000;
		for (const query of [`?expires=${expires}&signature=forged`, `?expires=${expires}`, ""]) {
			const response = await call(`/v1/transcripts/${id}${query}`);
			expect(response.status).toBe(403);
			expect(await errorOf(response)).toEqual({ code: "invalid_link", message: "This transcript link is invalid or has expired (a link lasts 7 days)." });
		}
	});
});

describe("query parameters", () => {
	it("that a route does not read are refused on every route, before it acts, naming the parameter", async () => {
		const conversation = await conversationWithAMessage();
		expect((await call(`/v1/conversations/${conversation.id}/handoff`, { method: "POST", headers: { Authorization: `Bearer ${conversation.token}` } })).status).toBe(201);
		const withLimit = (route: Route): Route => ({ ...route, path: `${route.path}${route.path.includes("?") ? "&" : "?"}limit=5` });
		const routes: Array<[Route, string | null]> = [
			[{ method: "GET", path: "/v1/health" }, null],
			[{ method: "GET", path: "/v1/widget-settings" }, null],
			[{ method: "POST", path: "/v1/identity", json: { id: "cus_1", hash: "0".repeat(64) } }, null],
			[{ method: "POST", path: "/v1/conversations", json: {} }, null],
			...customerRoutes(conversation).map((route): [Route, string] => [route, conversation.token]),
			...agentRoutes(conversation).map((route): [Route, string] => [route, AGENT]),
			[{ method: "POST", path: `/v1/agent/conversations/${conversation.id}/webhooks/msg_unknown/redeliver` }, AGENT],
			[{ method: "POST", path: `/v1/agent/conversations/${conversation.id}/webhooks/msg_unknown/skip` }, AGENT],
			[{ method: "POST", path: "/v1/agent/webhook-endpoint/enable" }, AGENT],
			...adminRoutes(conversation).map((route): [Route, string] => [route, ADMIN]),
		];
		for (const [route, token] of routes) {
			const response = await request(withLimit(route), token);
			expect({ route: `${route.method} ${route.path}`, status: response.status }).toEqual({ route: `${route.method} ${route.path}`, status: 400 });
			expect((await errorOf(response)).message).toMatch(/^limit: not a query parameter of this route; it takes (none|[a-z, ]+)\.$/);
		}
		// Nothing acted: the conversation was neither erased nor resolved, and has its messages.
		const page = await request(customerRoutes(conversation)[0], conversation.token);
		expect(page.status).toBe(200);
		expect(await page.json()).toMatchObject({ state: { owner: "human", status: "handed_off" } });
	});
});
