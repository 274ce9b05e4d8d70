import { describe, expect, it } from "vitest";
import { streamReply } from "../../../worker/cascade/llm/stream-reply.ts";
import type { Scenario } from "../../support/messages-api-server.ts";
import { collect, replyRequest } from "./fixtures.ts";
import { receivedRequests, withScenario } from "./messages-api.ts";

const BUDGET = { firstTokenTimeoutMs: 300, totalTimeoutMs: 1000 };
// Room for the runtime on a busy machine, well short of any real wait.
const SLACK_MS = 400;

async function failWith(scenario: Scenario) {
	const apiKey = await withScenario(scenario);
	return { apiKey, ...(await collect(replyRequest(apiKey, BUDGET))) };
}

/** Waits until the stand-in has seen the request's connection close before its answer was complete. */
async function expectAborted(apiKey: string): Promise<void> {
	await expect.poll(async () => (await receivedRequests(apiKey))[0]?.closedEarly, { timeout: 2000, interval: 25 }).toBe(true);
}

describe("an API error ends the call with a typed failure and nothing streamed", () => {
	it.each([
		{ status: 400, reason: "bad_request" },
		{ status: 403, reason: "auth" },
		{ status: 500, reason: "server_error" },
		{ status: 503, reason: "server_error" },
		{ status: 529, reason: "overloaded" },
	] as const)("$status → $reason", async ({ status, reason }) => {
		const { outcome, deltas } = await failWith({ kind: "error", status });
		expect(outcome).toMatchObject({ ok: false, reason, status, text: "", requestId: expect.stringMatching(/^req_/) });
		expect(deltas).toEqual([]);
	});

	it("401 for a key the API does not know", async () => {
		await withScenario({ kind: "reply", text: "never sent" });
		const { outcome } = await collect(replyRequest("sk-ant-not-a-key", BUDGET));
		expect(outcome).toMatchObject({ ok: false, reason: "auth", status: 401, message: "invalid x-api-key" });
	});

	it("429 with the API's retry-after", async () => {
		const { outcome } = await failWith({ kind: "error", status: 429, retryAfterSeconds: 17 });
		expect(outcome).toMatchObject({ ok: false, reason: "rate_limited", status: 429, retryAfterSeconds: 17 });
	});

	it("is not retried: one failing call is one request", async () => {
		const { apiKey } = await failWith({ kind: "error", status: 529 });
		expect(await receivedRequests(apiKey)).toHaveLength(1);
	});
});

describe("a stream that breaks off ends the call with a typed failure, keeping what was streamed", () => {
	it("an overloaded_error event mid-stream", async () => {
		const { outcome, deltas } = await failWith({ kind: "reply", chunks: ["<intent>none</intent>\n", "Let", " me", " check"], interrupt: { afterChunks: 3, how: "overloaded" } });
		expect(outcome).toMatchObject({ ok: false, reason: "overloaded", text: "Let me" });
		expect(deltas).toEqual(["Let", " me"]);
	});

	it("the connection dropped mid-stream", async () => {
		const { outcome } = await failWith({ kind: "reply", chunks: ["<intent>none</intent>\n", "Let", " me", " check"], interrupt: { afterChunks: 2, how: "drop" } });
		expect(outcome).toMatchObject({ ok: false, reason: "network", text: "Let" });
	});

	it("the connection dropped before any token", async () => {
		const { outcome } = await failWith({ kind: "reply", text: "Hello", interrupt: { afterChunks: 0, how: "drop" } });
		expect(outcome).toMatchObject({ ok: false, reason: "network", text: "" });
	});
});

describe("the time budget", () => {
	it("no answer at all: gives up after firstTokenTimeoutMs and aborts the request", async () => {
		const { apiKey, outcome, elapsedMs } = await failWith({ kind: "stall" });
		expect(outcome).toMatchObject({ ok: false, reason: "timeout", message: expect.stringMatching(/first token/) });
		expect(elapsedMs).toBeGreaterThanOrEqual(BUDGET.firstTokenTimeoutMs - 5);
		expect(elapsedMs).toBeLessThan(BUDGET.firstTokenTimeoutMs + SLACK_MS);
		await expectAborted(apiKey);
	});

	it("headers and message_start but no token: the same first-token timeout", async () => {
		const { apiKey, outcome, elapsedMs } = await failWith({ kind: "reply", text: "Hello", interrupt: { afterChunks: 0, how: "stall" } });
		expect(outcome).toMatchObject({ ok: false, reason: "timeout", message: expect.stringMatching(/first token/) });
		expect(elapsedMs).toBeLessThan(BUDGET.firstTokenTimeoutMs + SLACK_MS);
		await expectAborted(apiKey);
	});

	it("a first token that comes too late", async () => {
		const { outcome, deltas, elapsedMs } = await failWith({ kind: "reply", text: "Hello", firstTokenDelayMs: 2000 });
		expect(outcome).toMatchObject({ ok: false, reason: "timeout" });
		expect(deltas).toEqual([]);
		expect(elapsedMs).toBeLessThan(BUDGET.firstTokenTimeoutMs + SLACK_MS);
	});

	it("a stream that stalls after some tokens: gives up at totalTimeoutMs, keeping what was streamed", async () => {
		const { apiKey, outcome, elapsedMs } = await failWith({ kind: "reply", chunks: ["<intent>none</intent>\n", "Let", " me"], interrupt: { afterChunks: 2, how: "stall" } });
		expect(outcome).toMatchObject({ ok: false, reason: "timeout", text: "Let", message: expect.stringMatching(/complete reply/) });
		expect(elapsedMs).toBeGreaterThanOrEqual(BUDGET.totalTimeoutMs - 5);
		expect(elapsedMs).toBeLessThan(BUDGET.totalTimeoutMs + SLACK_MS);
		await expectAborted(apiKey);
	});

	it("a reply that starts quickly but is too slow overall", async () => {
		const { outcome, deltas, elapsedMs } = await failWith({ kind: "reply", text: "one two three four five six seven eight nine ten", tokenDelayMs: 250 });
		expect(outcome).toMatchObject({ ok: false, reason: "timeout" });
		expect(deltas.length).toBeGreaterThan(0);
		expect(outcome.text).toBe(deltas.join(""));
		expect(elapsedMs).toBeLessThan(BUDGET.totalTimeoutMs + SLACK_MS);
	});

	it("a slow but timely reply succeeds", async () => {
		const { outcome } = await failWith({ kind: "reply", text: "<intent>delivery_time</intent> Three to five days.", firstTokenDelayMs: 150, tokenDelayMs: 20 });
		expect(outcome).toMatchObject({ ok: true, intent: "delivery_time", text: "Three to five days." });
	});
});

describe("cancelling", () => {
	it("by the caller's signal, aborting the request", async () => {
		const apiKey = await withScenario({ kind: "stall" });
		const controller = new AbortController();
		setTimeout(() => controller.abort(), 50);
		const { outcome, elapsedMs } = await collect(replyRequest(apiKey, { ...BUDGET, signal: controller.signal }));
		expect(outcome).toMatchObject({ ok: false, reason: "cancelled" });
		expect(elapsedMs).toBeLessThan(BUDGET.firstTokenTimeoutMs);
		await expectAborted(apiKey);
	});

	it("when the reply can no longer be passed on", async () => {
		const apiKey = await withScenario({ kind: "reply", text: "one two three", tokenDelayMs: 20 });
		const outcome = await streamReply(replyRequest(apiKey, BUDGET), () => {
			throw new Error("the customer went away");
		});
		expect(outcome).toMatchObject({ ok: false, reason: "cancelled", message: expect.stringMatching(/went away/) });
	});
});
