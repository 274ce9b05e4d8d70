import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MessagesApiServer, preciseNow, startMessagesApiServer } from "./messages-api-server.ts";

let server: MessagesApiServer;
beforeAll(async () => {
	server = await startMessagesApiServer();
});
afterAll(() => server.close());

const VALID = { model: "claude-haiku-4-5", max_tokens: 100, messages: [{ role: "user", content: "Hello" }] };

function post(apiKey: string, body: unknown, headers: Record<string, string> = {}, signal?: AbortSignal) {
	return fetch(`${server.url}/v1/messages`, {
		method: "POST",
		headers: { "x-api-key": apiKey, "anthropic-version": "2023-06-01", "content-type": "application/json", ...headers },
		body: JSON.stringify(body),
		signal,
	});
}

function parseSse(text: string): Array<{ event: string; data: Record<string, unknown> }> {
	return text
		.trim()
		.split("\n\n")
		.map((block) => {
			const [eventLine, dataLine] = block.split("\n");
			return { event: eventLine.replace(/^event: /, ""), data: JSON.parse(dataLine.replace(/^data: /, "")) };
		});
}

describe("the Messages API stand-in", () => {
	it("streams the API's event sequence", async () => {
		server.setScenario("k-stream", { kind: "reply", chunks: ["Hi", " there"] });
		const response = await post("k-stream", { ...VALID, stream: true });
		expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
		expect(response.headers.get("request-id")).toMatch(/^req_/);
		const events = parseSse(await response.text());
		expect(events.map((e) => e.event)).toEqual([
			"message_start",
			"content_block_start",
			"ping",
			"content_block_delta",
			"content_block_delta",
			"content_block_stop",
			"message_delta",
			"message_stop",
		]);
		for (const { event, data } of events) expect(data.type).toBe(event);
		expect(events[0].data.message).toMatchObject({ id: expect.stringMatching(/^msg_/), type: "message", role: "assistant", content: [], stop_reason: null, model: "claude-haiku-4-5" });
		expect(events[3].data).toEqual({ type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "Hi" } });
		expect(events[6].data).toMatchObject({ delta: { stop_reason: "end_turn", stop_sequence: null }, usage: { output_tokens: 2 } });
	});

	it("answers a whole message without stream", async () => {
		server.setScenario("k-whole", { kind: "reply", text: "Hi there" });
		const response = await post("k-whole", VALID);
		expect(await response.json()).toMatchObject({ type: "message", role: "assistant", content: [{ type: "text", text: "Hi there" }], stop_reason: "end_turn" });
	});

	it("rejects bad requests with the API's error body", async () => {
		server.setScenario("k-bad", { kind: "reply" });
		const cases: Array<[Response, number, string, RegExp]> = [
			[await post("", VALID), 401, "authentication_error", /x-api-key/],
			[await post("k-unknown", VALID), 401, "authentication_error", /invalid x-api-key/],
			[await post("k-bad", VALID, { "anthropic-version": "1999-01-01" }), 400, "invalid_request_error", /anthropic-version/],
			[await post("k-bad", { ...VALID, max_tokens: undefined }), 400, "invalid_request_error", /max_tokens/],
			[await post("k-bad", { ...VALID, messages: [] }), 400, "invalid_request_error", /messages/],
			[await post("k-bad", { ...VALID, messages: [{ role: "system", content: "x" }] }), 400, "invalid_request_error", /role/],
			[await post("k-bad", { ...VALID, messages: [{ role: "user", content: "" }] }), 400, "invalid_request_error", /non-empty/],
			[await post("k-bad", { ...VALID, surprise: 1 }), 400, "invalid_request_error", /surprise: Extra inputs/],
			[await post("k-bad", { ...VALID, system: [{ type: "text", text: "s", cache_control: { type: "forever" } }] }), 400, "invalid_request_error", /cache_control/],
			[
				await post("k-bad", { ...VALID, system: Array.from({ length: 5 }, () => ({ type: "text", text: "s", cache_control: { type: "ephemeral" } })) }),
				400,
				"invalid_request_error",
				/maximum of 4 blocks/,
			],
		];
		for (const [response, status, type, message] of cases) {
			expect(response.status).toBe(status);
			const requestId = response.headers.get("request-id");
			expect(await response.json()).toEqual({ type: "error", error: { type, message: expect.stringMatching(message) }, request_id: requestId });
		}
	});

	it("plays error scenarios with retry-after", async () => {
		server.setScenario("k-429", { kind: "error", status: 429, retryAfterSeconds: 30 });
		const response = await post("k-429", VALID);
		expect(response.status).toBe(429);
		expect(response.headers.get("retry-after")).toBe("30");
		expect(await response.json()).toMatchObject({ type: "error", error: { type: "rate_limit_error" } });
	});

	it("records when a streamed reply's first token went out, after its delay, on the clock it received by", async () => {
		server.setScenario("k-timed", { kind: "reply", chunks: ["Hi", " there"], firstTokenDelayMs: 60, tokenDelayMs: 40 });
		const sent = preciseNow();
		await (await post("k-timed", { ...VALID, stream: true })).text();
		await (await post("k-timed", VALID)).text();
		const [streamed, whole] = server.requests("k-timed");
		expect(streamed.headersAt).toBeGreaterThanOrEqual(sent);
		expect(streamed.receivedAt).toBeGreaterThanOrEqual(streamed.headersAt);
		expect(streamed.firstTokenAt).toBeGreaterThanOrEqual(streamed.receivedAt + 60);
		// The first token, not the second (which waits 40 ms more).
		expect(streamed.firstTokenAt).toBeLessThan(streamed.receivedAt + 100);
		expect(whole.firstTokenAt).toBeNull();
	});

	it("records what it received per key, and forgets it with a new scenario", async () => {
		server.setScenario("k-rec", { kind: "reply" });
		await post("k-rec", { ...VALID, system: [{ type: "text", text: "policy", cache_control: { type: "ephemeral" } }] });
		const viaHttp = (await (await fetch(`${server.url}/__requests?apiKey=k-rec`)).json()) as { requests: unknown[] };
		expect(viaHttp.requests).toEqual(server.requests("k-rec"));
		expect(server.requests("k-rec")).toEqual([
			expect.objectContaining({ path: "/v1/messages", status: 200, closedEarly: false, body: expect.objectContaining({ system: [expect.objectContaining({ cache_control: { type: "ephemeral" } })] }) }),
		]);
		const control = await fetch(`${server.url}/__control`, { method: "POST", body: JSON.stringify({ apiKey: "k-rec", scenario: { kind: "stall" } }) });
		expect(control.status).toBe(200);
		expect(server.requests("k-rec")).toEqual([]);
		const bad = await fetch(`${server.url}/__control`, { method: "POST", body: JSON.stringify({ apiKey: "k-rec", scenario: { kind: "explode" } }) });
		expect(bad.status).toBe(400);
	});

	it("answers a mix of outcomes by weight, the same sequence for the same seed, and records which one answered", async () => {
		const mix = {
			kind: "mix" as const,
			seed: 7,
			outcomes: [
				{ weight: 2, scenario: { kind: "reply" as const, text: "Hi" } },
				{ weight: 1, scenario: { kind: "error" as const, status: 529 } },
				{ weight: 1, scenario: { kind: "error" as const, status: 500 } },
			],
		};
		const statuses = async () => {
			server.setScenario("k-mix", mix);
			const answered: number[] = [];
			for (let call = 0; call < 40; call++) answered.push((await post("k-mix", VALID)).status);
			return answered;
		};
		const first = await statuses();
		expect(new Set(first)).toEqual(new Set([200, 529, 500]));
		expect(first.filter((status) => status === 200).length).toBeGreaterThan(10);
		expect(server.requests("k-mix").map((request) => request.outcome)).toEqual(first.map((status) => (status === 200 ? "reply" : "error")));
		expect(await statuses()).toEqual(first);
	});

	it("leaves a stall of a mix unanswered, and takes a mix through the control route", async () => {
		const control = (scenario: unknown) => fetch(`${server.url}/__control`, { method: "POST", body: JSON.stringify({ apiKey: "k-mix-stall", scenario }) });
		expect((await control({ kind: "mix", outcomes: [{ weight: 1, scenario: { kind: "stall" } }] })).status).toBe(200);
		const stalled = await post("k-mix-stall", VALID, {}, AbortSignal.timeout(300)).catch((error: Error) => error.name);
		expect(stalled).toBe("TimeoutError");
		expect(server.requests("k-mix-stall")).toEqual([expect.objectContaining({ outcome: "stall" })]);
		expect((await control({ kind: "mix", outcomes: [] })).status).toBe(400);
		expect((await control({ kind: "mix", outcomes: [{ weight: 0, scenario: { kind: "reply" } }] })).status).toBe(400);
		expect((await control({ kind: "mix", outcomes: [{ weight: 1, scenario: { kind: "mix", outcomes: [] } }] })).status).toBe(400);
	});

	it("serves the real SDK in Node, streamed and whole", async () => {
		server.setScenario("k-sdk", { kind: "reply", text: "Hello from the stand-in" });
		const client = new Anthropic({ apiKey: "k-sdk", baseURL: server.url, maxRetries: 0 });
		const whole = await client.messages.create({ model: "claude-haiku-4-5", max_tokens: 50, messages: [{ role: "user", content: "Hi" }] });
		expect(whole.content).toEqual([{ type: "text", text: "Hello from the stand-in" }]);
		const stream = client.messages.stream({ model: "claude-haiku-4-5", max_tokens: 50, messages: [{ role: "user", content: "Hi" }] });
		const deltas: string[] = [];
		stream.on("text", (text) => deltas.push(text));
		const final = await stream.finalMessage();
		expect(deltas.join("")).toBe("Hello from the stand-in");
		expect(final.stop_reason).toBe("end_turn");
	});
});
