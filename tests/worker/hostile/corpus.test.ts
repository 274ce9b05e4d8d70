// Every entry of the nasty-input corpus against the real worker and its Durable Objects.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { LIMITS, type MessageSent } from "../../../shared/protocol.ts";
import { identityHash } from "../../../worker/http/identity.ts";
import { effectiveLimits } from "../../../worker/limits/effective-limits.ts";
import { NASTY_TEXTS, nastyBodies, type BodyOutcome, type NastyBody } from "../../support/nasty-inputs.ts";
import { call, handedOffConversation, send, startConversation } from "../api-client.ts";
import { AGENT, bearer, CUSTOMER_ID, expectClientError, expectHandled, jsonEndpoints, messagesOf, type JsonEndpoint } from "./answers.ts";

const ERROR_CODE: Record<Exclude<BodyOutcome, "accepted">, RegExp> = {
	400: /^(bad_json|invalid_request)$/,
	413: /^payload_too_large$/,
	415: /^unsupported_media_type$/,
};

function post(endpoint: JsonEndpoint, nasty: NastyBody) {
	const headers = new Headers(endpoint.headers);
	if (nasty.contentType !== null) headers.set("Content-Type", nasty.contentType);
	return call(endpoint.path, { method: "POST", headers, body: nasty.body });
}

describe("every nasty body, on every endpoint that reads JSON", () => {
	let endpoints: Array<{ endpoint: JsonEndpoint; bodies: NastyBody[] }> = [];
	beforeAll(async () => {
		endpoints = (await jsonEndpoints()).map((endpoint) => ({ endpoint, bodies: nastyBodies(endpoint.valid, endpoint.optional) }));
	});
	const names = nastyBodies({ sample: "text" }).map((nasty) => nasty.name);

	it.each(names)("%s", async (name) => {
		for (const { endpoint, bodies } of endpoints) {
			const nasty = bodies.find((candidate) => candidate.name === name) as NastyBody;
			const request = `${endpoint.name}: ${name}`;
			const response = await post(endpoint, nasty);
			if (nasty.expected === "accepted") {
				expect([200, 201], request).toContain(response.status);
				await response.body?.cancel();
			} else {
				expect(response.status, request).toBe(nasty.expected);
				expect((await expectClientError(response, request)).code, request).toMatch(ERROR_CODE[nasty.expected]);
			}
		}
		expect(Object.prototype, "no body may pollute prototypes").not.toHaveProperty("polluted");
	});
});

describe("a body sent without a Content-Length", () => {
	const CHUNK_BYTES = 16 * 1024;

	/** Posts `totalBytes` of JSON-ish padding as a stream, counting what the worker pulls from it. */
	async function streamed(totalBytes: number): Promise<{ status: number; pulledBytes: number }> {
		let pulledBytes = 0;
		const chunk = new TextEncoder().encode(" ".repeat(CHUNK_BYTES));
		const body = new ReadableStream<Uint8Array>({
			pull(controller) {
				if (pulledBytes >= totalBytes) return controller.close();
				pulledBytes += chunk.byteLength;
				controller.enqueue(chunk.slice());
			},
		});
		const response = await call("/v1/conversations", { method: "POST", headers: { "Content-Type": "application/json" }, body, duplex: "half" } as RequestInit);
		await expectClientError(response, `a streamed body of ${totalBytes} bytes`);
		return { status: response.status, pulledBytes };
	}

	it("is read only up to the limit, so a megabyte and ten megabytes cost the worker the same", async () => {
		const megabyte = await streamed(1024 * 1024);
		const tenMegabytes = await streamed(10 * 1024 * 1024);
		expect(megabyte.status).toBe(413);
		expect(tenMegabytes.status).toBe(413);
		// The stream may run a few chunks ahead of the reader; it must stop near the limit either way.
		expect(megabyte.pulledBytes).toBeLessThan(2 * LIMITS.maxBodyBytes);
		expect(tenMegabytes.pulledBytes).toBe(megabyte.pulledBytes);
	});
});

const encoder = new TextEncoder();
const LONE_SURROGATE = /[\ud800-\udfff]/u;
const VISIBLE_CHARACTER = /[^\s\p{Cc}\p{Cf}]/u;

/** What a demanding client expects for a message text: stored as sent (less surrounding whitespace), or a clear refusal. */
function expectedForMessage(text: string, clientMessageId: string): { status: number; code?: string } {
	const maxLength = effectiveLimits(env.FRONTDESK_LIMITS).maxMessageLength;
	if (encoder.encode(JSON.stringify({ clientMessageId, text })).byteLength > LIMITS.maxBodyBytes) return { status: 413, code: "payload_too_large" };
	if (LONE_SURROGATE.test(text) || !VISIBLE_CHARACTER.test(text.trim())) return { status: 400, code: "invalid_request" };
	if ([...text.trim()].length > maxLength) return { status: 413, code: "message_too_long" };
	return { status: 201 };
}

// A header value can carry only Latin-1 without line breaks; fetch refuses anything else before it is sent.
const fitsInHeader = (text: string) => text.length < 8192 && /^[\t\x20-\x7e\x80-\xff]*$/.test(text);
// encodeURIComponent throws on half a surrogate pair, so those travel as U+FFFD in a URL.
const inUrl = (text: string) => encodeURIComponent(text.replace(/[\ud800-\udfff]/gu, "\ufffd"));

interface Fixture {
	conversation: { id: string; token: string };
	/** Resolved, so it can be rated. */
	resolved: { id: string; token: string };
	/** The identity hash of CUSTOMER_ID. */
	hash: string;
}

type ApiRequest = { path: string; init: RequestInit & { json?: unknown } };

const postJson = (path: string, json: unknown, headers: Record<string, string> = {}): ApiRequest => ({ path, init: { method: "POST", headers, json } });

function headersCarrying(text: string, { conversation }: Fixture): ApiRequest[] {
	if (!fitsInHeader(text)) return [];
	const message = { clientMessageId: crypto.randomUUID(), text: "hi" };
	return [
		{ path: `/v1/conversations/${conversation.id}/messages`, init: { headers: { Authorization: `Bearer ${text}` } } },
		{ path: "/v1/agent/webhook-endpoint", init: { headers: { Authorization: `Bearer ${text}` } } },
		{ path: "/v1/conversations", init: { method: "POST", headers: { Origin: text }, json: {} } },
		{ path: "/v1/conversations", init: { method: "POST", headers: { "Content-Type": text }, body: "{}" } },
		postJson(`/v1/conversations/${conversation.id}/messages`, message, { ...bearer(conversation.token), Accept: text, "CF-Connecting-IP": text }),
	];
}

/** The text in every other place a request can carry it. */
function requestsCarrying(text: string, fixture: Fixture): ApiRequest[] {
	const { conversation, resolved, hash } = fixture;
	const customer = bearer(conversation.token);
	return [
		postJson("/v1/conversations", { locale: text }),
		postJson("/v1/conversations", { page: { url: "http://localhost:8787/", title: text } }),
		postJson("/v1/conversations", { identity: { id: CUSTOMER_ID, name: text, hash } }),
		postJson("/v1/identity", { id: text, hash }),
		postJson(`/v1/conversations/${conversation.id}/messages`, { clientMessageId: text, text: "hi" }, customer),
		postJson(`/v1/conversations/${conversation.id}/messages`, { clientMessageId: crypto.randomUUID(), text: "hi", page: { url: text } }, customer),
		postJson(`/v1/conversations/${conversation.id}/contact`, { email: text }, customer),
		postJson(`/v1/conversations/${resolved.id}/rating`, { rating: 4, comment: text }, bearer(resolved.token)),
		postJson(`/v1/agent/conversations/${conversation.id}/messages`, { text, agentName: "Alex" }, AGENT),
		postJson(`/v1/agent/conversations/${conversation.id}/messages`, { text: "Hello", agentName: text }, AGENT),
		postJson(`/v1/agent/conversations/${conversation.id}/messages/2/flag`, { intent: text }, AGENT),
		{ path: `/v1/conversations/${conversation.id}/messages?after=${inUrl(text)}`, init: { headers: customer } },
		{ path: `/v1/conversations/${inUrl(text)}/messages`, init: { headers: customer } },
		...headersCarrying(text, fixture),
	];
}

describe("every nasty text", () => {
	it.each(NASTY_TEXTS)("as a message is stored exactly once as sent, or clearly refused with nothing stored: $name", async ({ text }) => {
		const conversation = await startConversation();
		const clientMessageId = crypto.randomUUID();
		const expected = expectedForMessage(text, clientMessageId);
		const response = await send(conversation, text, clientMessageId);
		expect(response.status).toBe(expected.status);
		const { messages } = await messagesOf(conversation);
		const stored = messages.filter((message) => message.role === "customer");
		if (expected.status === 201) {
			expect(((await response.json()) as MessageSent).message.text).toBe(text.trim());
			expect(stored.map((message) => [message.clientMessageId, message.text])).toEqual([[clientMessageId, text.trim()]]);
		} else {
			expect((await expectClientError(response, "send")).code).toBe(expected.code);
			expect(stored).toEqual([]);
		}
	});

	describe("in any other field, path, query or header", () => {
		let fixture: Fixture;
		beforeAll(async () => {
			const [conversation, resolved] = [await startConversation(), await startConversation()];
			await expectHandled(await call(`/v1/agent/conversations/${resolved.id}/resolve`, { method: "POST", headers: AGENT }), "resolve");
			fixture = { conversation, resolved, hash: await identityHash(env.FRONTDESK_IDENTITY_SECRET ?? "", { id: CUSTOMER_ID }) };
		});

		it.each(NASTY_TEXTS)("is never a server error: $name", async ({ text }) => {
			for (const { path, init } of requestsCarrying(text, fixture)) await expectHandled(await call(path, init), `${init.method ?? "GET"} ${path.slice(0, 120)}`);
		});
	});

	it.each(NASTY_TEXTS)("as an agent's reply reaches the customer exactly as written, or is clearly refused: $name", async ({ text }) => {
		const conversation = await handedOffConversation();
		const response = await call(`/v1/agent/conversations/${conversation.id}/messages`, { method: "POST", headers: AGENT, json: { text, agentName: "Alex" } });
		const { messages } = await messagesOf(conversation);
		const replies = messages.filter((message) => message.role === "agent");
		if (response.status === 201) expect(replies.map((message) => message.text)).toEqual([text.trim()]);
		else {
			await expectClientError(response, "agent reply");
			expect(replies).toEqual([]);
		}
	});
});

describe("a client message id used twice", () => {
	it("stores the message once, however often and however concurrently it is resent", async () => {
		const conversation = await startConversation();
		const responses = await Promise.all(Array.from({ length: 6 }, () => send(conversation, "Where is my order?", "same-id-0001")));
		expect(responses.map((response) => response.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
		const { messages } = await messagesOf(conversation);
		expect(messages.filter((message) => message.clientMessageId === "same-id-0001")).toHaveLength(1);
	});

	// An idempotency key reused for another text is a client bug: silently answering the first text would lose the second.
	it("with another text is refused with 409, keeping the first text and storing nothing new", async () => {
		const conversation = await startConversation();
		expect((await send(conversation, "first text", "same-id-0002")).status).toBe(201);
		const again = await send(conversation, "second text", "same-id-0002");
		expect(again.status).toBe(409);
		expect(await again.json()).toMatchObject({ error: { code: "conflict", message: expect.stringContaining("clientMessageId") } });
		const { messages } = await messagesOf(conversation);
		expect(messages.filter((message) => message.role === "customer").map((message) => message.text)).toEqual(["first text"]);
	});

	it("in another conversation is another message", async () => {
		const [one, other] = [await startConversation(), await startConversation()];
		expect((await send(one, "hello there", "shared-id-0001")).status).toBe(201);
		expect((await send(other, "hello there", "shared-id-0001")).status).toBe(201);
	});
});
