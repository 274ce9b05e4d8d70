// Properties of the HTTP API under generated hostile input, against the real
// worker and Durable Objects. Runs are few (the machine has two cores); a
// failure prints its seed and the shrunk request, which replays it exactly.
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { MessageSent } from "../../../shared/protocol.ts";
import { effectiveLimits } from "../../../worker/limits/effective-limits.ts";
import { hostileJson, hostileText, textWithLoneSurrogate, visibleText } from "../../support/hostile-arbitraries.ts";
import { call, handedOffConversation, ORIGIN, send, startConversation } from "../api-client.ts";
import { AGENT, bearer, expectClientError, expectHandled, jsonEndpoints, messagesOf, type JsonEndpoint } from "./answers.ts";
import { runs } from "../../support/property-runs.ts";

const headerValue = fc.string({ unit: "grapheme-ascii", maxLength: 40 });

const contentType = fc.oneof(
	fc.constantFrom("application/json", "application/json; charset=utf-8", "APPLICATION/JSON", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json-patch+json", ""),
	headerValue,
);

/** JSON text of any hostile value, sometimes with one byte overwritten so that it is no longer UTF-8 or no longer JSON. */
const hostileBody = (fields: readonly string[]) =>
	fc.tuple(hostileJson(fields), fc.option(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })))).map(([value, corruption]) => {
		const bytes = new TextEncoder().encode(JSON.stringify(value) ?? "");
		if (corruption && bytes.length > 0) bytes[corruption[0] % bytes.length] = corruption[1];
		return bytes;
	});

function withContentType(headers: Record<string, string>, type: string | null): Headers {
	const merged = new Headers(headers);
	if (type !== null) merged.set("Content-Type", type);
	return merged;
}

describe("every endpoint that reads JSON", () => {
	let endpoints: JsonEndpoint[] = [];
	beforeAll(async () => {
		endpoints = await jsonEndpoints();
	});
	const FIELDS = ["text", "clientMessageId", "page", "url", "title", "locale", "identity", "id", "name", "hash", "email", "rating", "comment", "agentName", "intent"];

	it("answers any body, with any content type, below 500 and with a JSON error when it refuses", async () => {
		await fc.assert(
			fc.asyncProperty(fc.nat(), hostileBody(FIELDS), fc.option(contentType, { nil: null }), async (pick, body, type) => {
				const endpoint = endpoints[pick % endpoints.length];
				await expectHandled(await call(endpoint.path, { method: "POST", headers: withContentType(endpoint.headers, type), body }), `${endpoint.name} ${type}`);
			}),
			runs(150),
		);
	});

	it("answers a valid body with any one field replaced by any value below 500", async () => {
		await fc.assert(
			fc.asyncProperty(fc.nat(), fc.nat(), fc.oneof(hostileText(), hostileJson(FIELDS)), async (pick, fieldPick, value) => {
				const endpoint = endpoints[pick % endpoints.length];
				const fields = Object.keys(endpoint.valid);
				const body = { ...endpoint.valid, [fields[fieldPick % fields.length]]: value };
				await expectHandled(await call(endpoint.path, { method: "POST", headers: endpoint.headers, json: body }), endpoint.name);
			}),
			runs(150),
		);
	});
});

describe("headers", () => {
	it("in any combination are never a server error, on starting a conversation or sending a message", async () => {
		const conversation = await startConversation();
		const headers = fc.record(
			{
				"Content-Type": contentType,
				Accept: fc.oneof(fc.constantFrom("application/json", "text/event-stream", "*/*", "text/event-stream;q=0"), headerValue),
				Authorization: fc.oneof(fc.constant(`Bearer ${conversation.token}`), fc.constant("Bearer test-agent-token"), headerValue),
				Origin: fc.oneof(fc.constantFrom(ORIGIN, "https://frontdesk.test", "https://evil.example", "null"), headerValue),
				"CF-Connecting-IP": headerValue,
				"Content-Encoding": fc.constantFrom("gzip", "br", "identity", "x-nonsense"),
			},
			{ requiredKeys: [] },
		);
		const path = fc.constantFrom("/v1/conversations", `/v1/conversations/${conversation.id}/messages`);
		await fc.assert(
			fc.asyncProperty(path, headers, visibleText(40), async (target, chosen, text) => {
				const response = await call(target, { method: "POST", headers: chosen, body: JSON.stringify({ clientMessageId: crypto.randomUUID(), text }) });
				await expectHandled(response, `${target} ${JSON.stringify(chosen)}`);
			}),
			runs(100),
		);
	});
});

describe("paths, ids and query strings", () => {
	// Segments with any percent-escape at all: invalid UTF-8, encoded slashes, dots.
	const segment = fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{22}$/), fc.webSegment(), fc.stringMatching(/^(%[0-9A-Fa-f]{2}|[A-Za-z0-9._~!$&'()*+,;=:@-]){0,30}$/), fc.constantFrom("..", ".", "%2e%2e", "%2F", "%00", "%ED%A0%80", "%FF"));
	const query = fc.oneof(fc.webQueryParameters(), fc.stringMatching(/^(after|from|to|kind|token|expires|signature)=(%[0-9A-Fa-f]{2}|[A-Za-z0-9.,+-]){0,24}$/));
	const ROUTES = [
		"/v1/conversations/{id}",
		"/v1/conversations/{id}/messages",
		"/v1/conversations/{id}/handoff",
		"/v1/conversations/{id}/contact",
		"/v1/conversations/{id}/rating",
		"/v1/conversations/{id}/live",
		"/v1/conversations/{id}/export",
		"/v1/identity",
		"/v1/health",
		"/v1/widget-settings",
		"/v1/agent/conversations/{id}/messages",
		"/v1/agent/conversations/{id}/resolve",
		"/v1/agent/conversations/{id}/handback",
		"/v1/agent/conversations/{id}/messages/{id}/flag",
		"/v1/agent/conversations/{id}/webhooks",
		"/v1/agent/conversations/{id}/webhooks/{id}/redeliver",
		"/v1/agent/conversations/{id}/webhooks/{id}/skip",
		"/v1/agent/webhook-endpoint",
		"/v1/agent/tickets",
		"/v1/admin/kpis",
		"/v1/admin/export",
		"/v1/admin/tickets",
		"/v1/admin/conversations/{id}",
		"/v1/admin/conversations/{id}/export",
		"/v1/admin/customers/find",
		"/v1/admin/customers/erase",
		"/v1/transcripts/{id}",
		"/v1/{id}",
	];

	it("on any route, with any method, id, query and token, are never a server error", async () => {
		const conversation = await startConversation();
		const id = fc.oneof(fc.constant(conversation.id), segment);
		const token = fc.constantFrom(bearer(conversation.token), AGENT, { Authorization: "Bearer test-admin-token" }, {});
		const method = fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
		await fc.assert(
			fc.asyncProperty(fc.constantFrom(...ROUTES), fc.array(id, { minLength: 2, maxLength: 2 }), fc.option(query), method, token, async (route, [first, second], search, verb, headers) => {
				const path = route.replace("{id}", first).replace("{id}", second) + (search === null ? "" : `?${search}`);
				const init: RequestInit & { json?: unknown } = { method: verb, headers };
				if (verb === "POST" || verb === "PUT" || verb === "PATCH") init.json = {};
				await expectHandled(await call(path, init), `${verb} ${path}`);
			}),
			runs(200),
		);
	});
});

describe("a customer message", () => {
	it("is stored exactly once and read back as sent (less surrounding whitespace), joiners, direction marks and emoji included", async () => {
		const conversation = await startConversation();
		await fc.assert(
			fc.asyncProperty(visibleText(200).filter((text) => text.trim().length <= effectiveLimits(env.FRONTDESK_LIMITS).maxMessageLength), fc.boolean(), async (text, streamed) => {
				const clientMessageId = crypto.randomUUID();
				const before = (await messagesOf(conversation)).lastSeq;
				const headers = { ...bearer(conversation.token), ...(streamed ? { Accept: "text/event-stream" } : {}) };
				const response = await call(`/v1/conversations/${conversation.id}/messages`, { method: "POST", headers, json: { clientMessageId, text } });
				expect(response.status).toBe(streamed ? 200 : 201);
				await response.text();
				const again = await send(conversation, text, clientMessageId);
				expect(again.status).toBe(200);
				expect(((await again.json()) as MessageSent).duplicate).toBe(true);
				// Read from where this run began: a long fuzz run writes more than one page of messages.
				const { messages } = await messagesOf(conversation, before);
				expect(messages.filter((message) => message.clientMessageId === clientMessageId).map((message) => message.text)).toEqual([text.trim()]);
			}),
			runs(60),
		);
	});

	it("holding half of a surrogate pair is refused with a clear 400, and nothing is stored", async () => {
		const conversation = await startConversation();
		await fc.assert(
			fc.asyncProperty(textWithLoneSurrogate(), async (text) => {
				const before = (await messagesOf(conversation)).lastSeq;
				const response = await send(conversation, text);
				expect(response.status).toBe(400);
				expect((await expectClientError(response, "send")).message).toMatch(/^text: must be valid Unicode/);
				expect((await messagesOf(conversation)).lastSeq).toBe(before);
			}),
			runs(40),
		);
	});
});

const AGENT_NAME_LENGTH = 80;
/** What an agent's name may hold once trimmed: one line, as it is shown as a message's author. */
const oneLine = (name: string) => /^\P{Cc}*$/u.test(name.trim());

describe("an agent's reply", () => {
	it("reaches the customer exactly as written, with the agent's name as given", async () => {
		const conversation = await handedOffConversation();
		await fc.assert(
			fc.asyncProperty(visibleText(200), visibleText(20).filter((name) => name.trim().length <= AGENT_NAME_LENGTH && oneLine(name)), async (text, agentName) => {
				const response = await call(`/v1/agent/conversations/${conversation.id}/messages`, { method: "POST", headers: AGENT, json: { text, agentName } });
				expect(response.status).toBe(201);
				const { message } = (await response.json()) as { message: { seq: number } };
				const stored = (await messagesOf(conversation, message.seq - 1)).messages[0];
				expect(stored).toMatchObject({ role: "agent", text: text.trim(), author: agentName.trim() });
			}),
			runs(50),
		);
	});

	it("is refused, naming agentName, when the name is more than one line", async () => {
		const conversation = await handedOffConversation();
		const twoLines = fc
			.tuple(visibleText(8), fc.constantFrom("\n", "\r\n", "\t", "\u0000", "\u001b", "\u0085"), visibleText(8))
			.map(([first, control, second]) => first + control + second)
			.filter((name) => name.trim().length <= AGENT_NAME_LENGTH && !oneLine(name));
		await fc.assert(
			fc.asyncProperty(twoLines, async (agentName) => {
				const response = await call(`/v1/agent/conversations/${conversation.id}/messages`, { method: "POST", headers: AGENT, json: { text: "Hello", agentName } });
				expect(response.status).toBe(400);
				expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/^agentName: /);
			}),
			runs(20),
		);
	});
});
