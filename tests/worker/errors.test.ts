import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { LIMITS, type MessagePage } from "../../shared/protocol.ts";
import { app } from "../../worker/app.ts";
import { siteConfig } from "../../worker/config/site-config.ts";
import { call, errorOf, handedOffConversation, send, startConversation } from "./api-client.ts";

describe("bad requests get a clear status and a JSON error naming the problem", () => {
	it("400 bad_json for a body that is not JSON", async () => {
		const response = await call("/v1/conversations", { method: "POST", headers: { "Content-Type": "application/json" }, body: "{not json" });
		expect(response.status).toBe(400);
		expect(await errorOf(response)).toMatchObject({ code: "bad_json" });
	});

	it("400 invalid_request saying what to send: a field that is missing, of the wrong kind, unknown or too long, or a body where none is taken", async () => {
		const { id } = await handedOffConversation();
		const agent = { Authorization: `Bearer ${env.FRONTDESK_AGENT_TOKEN}` };
		const reply = (json: unknown) => call(`/v1/agent/conversations/${id}/messages`, { method: "POST", headers: agent, json });
		const cases: Array<[unknown, string]> = [
			[{ agentName: "Alex" }, "text: is required"],
			[{ text: 5, agentName: "Alex" }, "text: must be a string, not a number"],
			[{ text: "Hi", agentName: "Alex", note: "x" }, '"note": not a field of this request'],
			[{ text: "Hi", agentName: "A".repeat(81) }, "agentName: must be at most 80 characters long (an emoji counts as two)"],
			[{ text: "Hi", agentName: "Alex\nSupport lead" }, "agentName: must not contain line breaks or other control characters"],
			[{ text: "Hi", agentName: "Alex", clientMessageId: "a".repeat(65) }, "clientMessageId: must be at most 64 characters long"],
			[null, "must be an object, not null"],
		];
		for (const [json, message] of cases) expect(await errorOf(await reply(json))).toEqual({ code: "invalid_request", message });
		for (const body of ['{"note":"x"}', "null", "[]"]) {
			const redeliver = await call(`/v1/agent/conversations/${id}/webhooks/wh_1/redeliver`, { method: "POST", headers: { ...agent, "Content-Type": "application/json" }, body });
			expect(redeliver.status).toBe(400);
			expect((await errorOf(redeliver)).message).toBe(body === '{"note":"x"}' ? 'This route takes no body: send none, or {} ("note" is not a field of it).' : "This route takes no body: send none, or {}.");
		}
		const resolve = await call(`/v1/agent/conversations/${id}/resolve`, { method: "POST", headers: agent, json: { note: "x" } });
		expect(await errorOf(resolve)).toEqual({ code: "invalid_request", message: '"note": not a field of this request' });
	});

	it("413 message_too_long for an agent's reply over 10,000 characters, as for a customer's over the site's limit", async () => {
		const { id } = await handedOffConversation();
		const reply = (text: string) => call(`/v1/agent/conversations/${id}/messages`, { method: "POST", headers: { Authorization: `Bearer ${env.FRONTDESK_AGENT_TOKEN}` }, json: { text, agentName: "Alex" } });
		const tooLong = await reply("😀".repeat(LIMITS.agentReplyLength + 1));
		expect(tooLong.status).toBe(413);
		expect(await errorOf(tooLong)).toEqual({ code: "message_too_long", message: "An agent's reply can be at most 10000 characters; this one has 10001." });
		// Characters, not UTF-16 units: 10,000 emoji are 20,000 units.
		expect((await reply("😀".repeat(LIMITS.agentReplyLength))).status).toBe(201);
	});

	it("400 bad_json for invalid UTF-8", async () => {
		const response = await call("/v1/conversations", { method: "POST", headers: { "Content-Type": "application/json" }, body: new Uint8Array([0x7b, 0xff, 0x7d]) });
		expect(response.status).toBe(400);
		expect(await errorOf(response)).toMatchObject({ code: "bad_json" });
	});

	it("400 invalid_request naming the bad field", async () => {
		const conversation = await startConversation();
		const response = await call(`/v1/conversations/${conversation.id}/messages`, {
			method: "POST",
			headers: { Authorization: `Bearer ${conversation.token}` },
			json: { clientMessageId: "abc-12345", text: "   " },
		});
		expect(response.status).toBe(400);
		expect(await errorOf(response)).toEqual({ code: "invalid_request", message: "text: must not be empty" });

		const badPage = await call("/v1/conversations", { method: "POST", json: { page: { url: "javascript:alert(1)" } } });
		expect(badPage.status).toBe(400);
		expect((await errorOf(badPage)).message).toMatch(/^page\.url: /);

		// Shaped like a language tag, but none: formatting a date in it (the hand-off notice) would fail.
		for (const locale of ["en-12", "xx-yyyyyyyyy"]) {
			const badLocale = await call("/v1/conversations", { method: "POST", json: { locale } });
			expect(badLocale.status, locale).toBe(400);
			expect(await errorOf(badLocale)).toEqual({ code: "invalid_request", message: "locale: must be a BCP 47 language tag such as en or pt-BR" });
		}
		expect((await call("/v1/conversations", { method: "POST", json: { locale: "zh-Hant-TW" } })).status).toBe(201);

		const unknownField = await call("/v1/conversations", { method: "POST", json: { admin: true } });
		expect(unknownField.status).toBe(400);
		expect((await errorOf(unknownField)).message).toMatch(/admin/);
	});

	it("400 invalid_request for a bad `after` query", async () => {
		const conversation = await startConversation();
		for (const after of ["-4", "0x10", "1e3", "", "2.5", "9".repeat(16)]) {
			const response = await call(`/v1/conversations/${conversation.id}/messages?after=${after}`, { headers: { Authorization: `Bearer ${conversation.token}` } });
			expect({ after, status: response.status }).toEqual({ after, status: 400 });
			expect((await errorOf(response)).message).toMatch(/^after: /);
		}
		const fromSeq = await call(`/v1/conversations/${conversation.id}/messages?after=1`, { headers: { Authorization: `Bearer ${conversation.token}` } });
		expect(fromSeq.status).toBe(200);
	});

	it("401 unauthorized without the conversation's token or with another one", async () => {
		const conversation = await startConversation();
		const other = await startConversation();
		const missing = await call(`/v1/conversations/${conversation.id}/messages`);
		expect(missing.status).toBe(401);
		expect(await errorOf(missing)).toMatchObject({ code: "unauthorized" });
		const wrong = await send({ id: conversation.id, token: other.token }, "hello");
		expect(wrong.status).toBe(401);
	});

	it("refuses a body on routes that take none, as any route would, before acting; none, or {}, is fine", async () => {
		const conversation = await handedOffConversation();
		const customer = { Authorization: `Bearer ${conversation.token}` };
		const agent = { Authorization: "Bearer test-agent-token" };
		const refusals: Array<[RequestInit & { json?: unknown }, number, string]> = [
			[{ headers: { "Content-Type": "application/json" }, body: "{not json" }, 400, "bad_json"],
			[{ json: { note: "resolved by phone" } }, 400, "invalid_request"],
			[{ headers: { "Content-Type": "text/plain" }, body: "resolve" }, 415, "unsupported_media_type"],
			[{ json: { note: "x".repeat(LIMITS.maxBodyBytes) } }, 413, "payload_too_large"],
		];
		for (const [init, status, code] of refusals) {
			for (const [path, method, auth] of [
				[`/v1/agent/conversations/${conversation.id}/resolve`, "POST", agent],
				[`/v1/agent/conversations/${conversation.id}/handback`, "POST", agent],
				[`/v1/conversations/${conversation.id}`, "DELETE", customer],
				[`/v1/admin/conversations/${conversation.id}`, "DELETE", { Authorization: "Bearer test-admin-token" }],
			] as const) {
				const response = await call(path, { ...init, method, headers: { ...auth, ...init.headers } });
				expect({ path, method, status: response.status, code: (await errorOf(response)).code }).toEqual({ path, method, status, code });
			}
		}
		// Nothing was done: still with the team, still there.
		const page = await call(`/v1/conversations/${conversation.id}/messages`, { headers: customer });
		expect(((await page.json()) as MessagePage).state).toMatchObject({ owner: "human", status: "handed_off" });

		expect((await call(`/v1/agent/conversations/${conversation.id}/resolve`, { method: "POST", headers: agent, json: {} })).status).toBe(200);
		const fresh = await startConversation();
		expect((await call(`/v1/conversations/${fresh.id}/handoff`, { method: "POST", headers: { Authorization: `Bearer ${fresh.token}` } })).status).toBe(201);
		// An empty body is none, whatever Content-Type the client sets on every request (curl -d '' sends a form's, Node's fetch text/plain).
		for (const type of ["application/json", "application/x-www-form-urlencoded", "text/plain;charset=UTF-8"]) {
			for (const body of ["", " \n"]) {
				const another = await startConversation();
				const response = await call(`/v1/conversations/${another.id}/handoff`, { method: "POST", headers: { Authorization: `Bearer ${another.token}`, "Content-Type": type }, body });
				expect({ type, body, status: response.status }).toEqual({ type, body, status: 201 });
			}
		}
	});

	it("400 invalid_request for a query parameter given twice, naming it, rather than reading one of them", async () => {
		const conversation = await startConversation();
		const auth = { headers: { Authorization: `Bearer ${conversation.token}` } };
		for (const query of ["after=1&after=abc", "after=abc&after=1", "after=0&after=0"]) {
			const response = await call(`/v1/conversations/${conversation.id}/messages?${query}`, auth);
			expect({ query, status: response.status }).toEqual({ query, status: 400 });
			expect(await errorOf(response)).toEqual({ code: "invalid_request", message: "after: given more than once in the query; give it once." });
		}
		const live = await call(`/v1/conversations/${conversation.id}/live?token=${conversation.token}&token=wrong`, { headers: { Upgrade: "websocket" } });
		expect(live.status).toBe(400);
		expect((await errorOf(live)).message).toMatch(/^token: given more than once/);
		expect((await call(`/v1/conversations/${conversation.id}/messages?after=0`, auth)).status).toBe(200);
	});

	it("400 invalid_request for a query parameter the route does not read, naming it, rather than ignoring a misspelt one", async () => {
		const conversation = await startConversation();
		const read = await call(`/v1/conversations/${conversation.id}/messages?afer=5`, { headers: { Authorization: `Bearer ${conversation.token}` } });
		expect(read.status).toBe(400);
		expect(await errorOf(read)).toEqual({ code: "invalid_request", message: "afer: not a query parameter of this route; it takes after." });
		const live = await call(`/v1/conversations/${conversation.id}/live?token=${conversation.token}&after=0&since=3`, { headers: { Upgrade: "websocket" } });
		expect(live.status).toBe(400);
		expect((await errorOf(live)).message).toBe("since: not a query parameter of this route; it takes token, after.");
		const transcript = await call(`/v1/transcripts/${conversation.id}?expires=1&signature=x&sig=y`);
		expect((await errorOf(transcript)).message).toBe("sig: not a query parameter of this route; it takes expires, signature.");
	});

	it("404 not_found for an unknown conversation, a malformed id and an unknown route", async () => {
		const conversation = await startConversation();
		for (const id of ["AAAAAAAAAAAAAAAAAAAAAA", "../../etc/passwd", "x"]) {
			const response = await send({ id, token: conversation.token }, "hello");
			expect(response.status).toBe(404);
			expect(await errorOf(response)).toMatchObject({ code: "not_found" });
		}
		const route = await call("/v1/nothing-here");
		expect(route.status).toBe(404);
		expect(await errorOf(route)).toMatchObject({ code: "not_found" });
	});

	it("405 method_not_allowed for a known route with the wrong method", async () => {
		const response = await call("/v1/conversations", { method: "DELETE" });
		expect(response.status).toBe(405);
		expect(await errorOf(response)).toMatchObject({ code: "method_not_allowed" });
		const { id } = await startConversation();
		const agent = { Authorization: "Bearer test-agent-token" };
		expect(response.headers.get("Allow")).toBe("POST");
		// With the methods the route does take in Allow, as RFC 9110 asks.
		const wrongMethods: Array<[string, string, Record<string, string>, string]> = [
			["POST", `/v1/conversations/${id}/live`, {}, "GET, HEAD"],
			["PUT", `/v1/conversations/${id}/messages`, {}, "GET, HEAD, POST"],
			["POST", `/v1/transcripts/${id}`, {}, "GET, HEAD"],
			["GET", `/v1/agent/conversations/${id}/webhooks/wh_1/redeliver`, agent, "POST"],
			["GET", `/v1/agent/conversations/${id}/webhooks/wh_1/skip`, agent, "POST"],
			["POST", "/v1/agent/webhook-endpoint", agent, "GET, HEAD"],
			["GET", "/v1/agent/webhook-endpoint/enable", agent, "POST"],
			["GET", "/v1/agent/webhook-endpoint/test", agent, "POST"],
			["POST", "/v1/admin/dashboard.js", {}, "GET, HEAD"],
			["DELETE", "/v1/admin/dashboard.css", {}, "GET, HEAD"],
			["GET", `/v1/conversations/${id}`, {}, "DELETE"],
		];
		for (const [method, path, headers, allowed] of wrongMethods) {
			const wrong = await call(path, { method, headers });
			expect({ path, status: wrong.status, code: (await errorOf(wrong)).code, allow: wrong.headers.get("Allow") }).toEqual({ path, status: 405, code: "method_not_allowed", allow: allowed });
		}
		// What Allow promises holds: a GET route answers HEAD.
		expect((await call("/v1/health", { method: "HEAD" })).status).toBe(200);
	});

	it("405 on every route names in Allow exactly the methods registered for it", async () => {
		const { id } = await startConversation();
		const concrete = (path: string) => path.replace(":id", id).replace(":seq", "2").replace(":webhookId", "msg_1");
		const registered = new Map<string, Set<string>>();
		for (const route of app.routes) {
			if (!registered.has(route.path)) registered.set(route.path, new Set());
			if (route.method !== "ALL") registered.get(route.path)?.add(route.method);
		}
		const answered = app.routes.filter((route) => route.method === "ALL" && registered.get(route.path)?.size);
		// Every route has its 405: none answers a wrong method with 404.
		const unanswered = [...registered].filter(([path, methods]) => methods.size > 0 && !answered.some((route) => route.path === path)).map(([path]) => path);
		expect(unanswered).toEqual([]);
		const tokens = { agent: "Bearer test-agent-token", admin: `Bearer ${env.FRONTDESK_ADMIN_TOKEN}` };
		for (const { path } of answered) {
			const methods = [...(registered.get(path) ?? [])];
			const allowed = ["GET", "POST", "DELETE"].filter((method) => methods.includes(method)).flatMap((method) => (method === "GET" ? ["GET", "HEAD"] : [method]));
			const authorization = path.startsWith("/v1/agent") ? tokens.agent : path.startsWith("/v1/admin") ? tokens.admin : undefined;
			const response = await call(concrete(path), { method: "PATCH", headers: authorization ? { Authorization: authorization } : {} });
			expect({ path, status: response.status, allow: response.headers.get("Allow") }).toEqual({ path, status: 405, allow: allowed.join(", ") });
		}
	});

	it("413 message_too_long above the site's limit, and nothing is stored", async () => {
		const conversation = await startConversation();
		const limit = siteConfig.limits.maxMessageLength;
		const response = await send(conversation, "a".repeat(limit + 1));
		expect(response.status).toBe(413);
		expect(await errorOf(response)).toMatchObject({ code: "message_too_long", message: expect.stringContaining(String(limit)) });
		expect((await send(conversation, "a".repeat(limit))).status).toBe(201);
	});

	it("413 message_too_long counts characters as people do: an emoji is one", async () => {
		const conversation = await startConversation();
		const limit = siteConfig.limits.maxMessageLength;
		expect((await send(conversation, "🙂".repeat(limit))).status).toBe(201);
		const response = await send(conversation, "🙂".repeat(limit + 1));
		expect(response.status).toBe(413);
		expect((await errorOf(response)).message).toContain(`this one has ${limit + 1}.`);
	});

	it("413 payload_too_large for a body above the hard cap", async () => {
		const conversation = await startConversation();
		const response = await send(conversation, "b".repeat(LIMITS.maxBodyBytes + 1));
		expect(response.status).toBe(413);
		expect(await errorOf(response)).toMatchObject({ code: "payload_too_large" });
	});

	it("415 unsupported_media_type for a body that is not declared as JSON", async () => {
		const response = await call("/v1/conversations", { method: "POST", headers: { "Content-Type": "text/plain" }, body: "{}" });
		expect(response.status).toBe(415);
		expect(await errorOf(response)).toMatchObject({ code: "unsupported_media_type" });
		const latin1 = await call("/v1/conversations", { method: "POST", headers: { "Content-Type": "application/json; charset=latin1" }, body: "{}" });
		expect(latin1.status).toBe(415);
		expect(await errorOf(latin1)).toEqual({ code: "unsupported_media_type", message: "Send the body as UTF-8 JSON; this one says charset=latin1." });
		const utf8 = await call("/v1/conversations", { method: "POST", headers: { "Content-Type": 'application/json; charset="UTF-8"' }, body: "{}" });
		expect(utf8.status).toBe(201);
	});

	it("starts a conversation with no body at all, as every field of it is optional", async () => {
		expect((await call("/v1/conversations", { method: "POST" })).status).toBe(201);
		expect((await call("/v1/conversations", { method: "POST", headers: { "Content-Length": "0" }, body: new Uint8Array(0) })).status).toBe(201);
		// An empty body is none, whatever Content-Type the client sets on every request; one with something in it must be JSON.
		expect((await call("/v1/conversations", { method: "POST", headers: { "Content-Type": "application/json" }, body: "" })).status).toBe(201);
		expect((await call("/v1/conversations", { method: "POST", headers: { "Content-Type": "text/plain" }, body: "" })).status).toBe(201);
		// Nor is one of only whitespace, a line break some clients add.
		expect((await call("/v1/conversations", { method: "POST", headers: { "Content-Type": "application/json" }, body: " \r\n" })).status).toBe(201);
		expect((await call("/v1/conversations", { method: "POST", headers: { "Content-Type": "application/json" }, body: "{" })).status).toBe(400);
		expect((await call("/v1/conversations", { method: "POST", headers: { "Content-Type": "text/plain" }, body: "hi" })).status).toBe(415);
	});
});

describe("CORS", () => {
	it("allows the site owner's origins, with CORS headers and a preflight answer", async () => {
		const preflight = await call("/v1/conversations", {
			method: "OPTIONS",
			headers: { Origin: "http://localhost:8787", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type,authorization" },
		});
		expect(preflight.status).toBe(204);
		expect(preflight.headers.get("Access-Control-Allow-Origin")).toBe("http://localhost:8787");
		expect(preflight.headers.get("Access-Control-Allow-Headers")?.toLowerCase()).toContain("authorization");

		const response = await call("/v1/conversations", { method: "POST", json: {} });
		expect(response.status).toBe(201);
		expect(response.headers.get("Access-Control-Allow-Origin")).toBe("http://localhost:8787");
		// The widget on the site's own pages reads a 429's wait from Retry-After; a browser hides it from them unless exposed.
		expect(response.headers.get("Access-Control-Expose-Headers")).toBe("Retry-After");
	});

	it("allows the worker's own origin, which serves the demo page", async () => {
		const response = await call("/v1/health", { headers: { Origin: "https://frontdesk.test" } });
		expect(response.status).toBe(200);
	});

	it("answers 403 origin_not_allowed to other origins, readable by their pages, and stores nothing", async () => {
		// The preflight lets the page send the request and read the refusal: a site owner who left their origin out sees why.
		const preflight = await call("/v1/conversations", { method: "OPTIONS", headers: { Origin: "https://evil.example", "Access-Control-Request-Method": "POST" } });
		expect(preflight.status).toBe(204);
		expect(preflight.headers.get("Access-Control-Allow-Origin")).toBe("https://evil.example");
		const created = await call("/v1/conversations", { method: "POST", headers: { Origin: "https://evil.example" }, json: {} });
		expect(created.status).toBe(403);
		expect(created.headers.get("Access-Control-Allow-Origin")).toBe("https://evil.example");
		expect(await errorOf(created)).toEqual({ code: "origin_not_allowed", message: "The origin https://evil.example is not in this site's allowedOrigins (frontdesk.config.json)." });

		const conversation = await startConversation();
		const response = await call(`/v1/conversations/${conversation.id}/messages`, {
			method: "POST",
			headers: { Origin: "https://evil.example", Authorization: `Bearer ${conversation.token}` },
			json: { clientMessageId: "evil-00001", text: "hi" },
		});
		expect(response.status).toBe(403);
		expect(await errorOf(response)).toEqual({ code: "origin_not_allowed", message: expect.stringContaining("https://evil.example") });
		const page = await call(`/v1/conversations/${conversation.id}/messages`, { headers: { Authorization: `Bearer ${conversation.token}` } });
		expect(((await page.json()) as { messages: unknown[] }).messages).toHaveLength(1);
	});

	it("refuses the live channel to another origin's page, which no CORS check would stop", async () => {
		const conversation = await startConversation();
		const live = await call(`/v1/conversations/${conversation.id}/live?token=${conversation.token}`, { headers: { Upgrade: "websocket", Origin: "https://evil.example" } });
		expect(live.status).toBe(403);
		expect(await errorOf(live)).toMatchObject({ code: "origin_not_allowed" });
	});
});

describe("widget settings", () => {
	it("exposes only what the widget needs before a conversation exists", async () => {
		const response = await call("/v1/widget-settings");
		const { widget, assistant } = siteConfig;
		expect(await response.json()).toEqual({
			title: widget.title,
			assistantName: assistant.name,
			disclosure: assistant.disclosure,
			greeting: widget.greeting,
			pageGreetings: widget.pageGreetings,
			color: widget.color,
			position: widget.position,
			zIndex: widget.zIndex,
			locale: null,
			avatarUrl: null,
		});
	});

	it("varies with Origin: a shared cache never gives a page the copy made for a request without one, which has no CORS headers", async () => {
		// Once, whether the request came with an Origin or not.
		expect((await call("/v1/widget-settings")).headers.get("Vary")).toBe("Origin");
		const bare = await exports.default.fetch(new Request("https://frontdesk.test/v1/widget-settings"));
		expect(bare.headers.get("Access-Control-Allow-Origin")).toBeNull();
		expect(bare.headers.get("Vary")).toBe("Origin");
	});
});
