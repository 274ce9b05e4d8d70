// The cascade's second tier through the whole worker: the real Durable Object,
// the real @anthropic-ai/sdk, and the Messages API stand-in behind ANTHROPIC_BASE_URL.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it, onTestFinished, vi } from "vitest";
import type { MessageSent, SendEvent } from "../../shared/protocol.ts";
import type { KpiReport } from "../../worker/analytics/aggregate.ts";
import { readSse } from "../../widget/lib/sse.ts";
import { siteConfig } from "../../worker/config/site-config.ts";
import type { ReceivedRequest, Scenario } from "../support/messages-api-server.ts";
import { call, handedOffConversation, send, startConversation } from "../worker/api-client.ts";

const apiKey = env.ANTHROPIC_API_KEY as string;
const UNMATCHED = "Do you also make custom wedding gift boxes?";

async function useScenario(scenario: Scenario) {
	const response = await fetch(`${env.ANTHROPIC_BASE_URL}/__control`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ apiKey, scenario }) });
	expect(response.ok).toBe(true);
}

async function received(): Promise<ReceivedRequest[]> {
	const response = await fetch(`${env.ANTHROPIC_BASE_URL}/__requests?apiKey=${encodeURIComponent(apiKey)}`);
	return ((await response.json()) as { requests: ReceivedRequest[] }).requests;
}

async function sendJson(text: string): Promise<MessageSent> {
	const response = await send(await startConversation(), text);
	expect(response.status).toBe(201);
	return (await response.json()) as MessageSent;
}

/** Sends the message as the widget does, streamed, and returns its events' names once Claude has started writing the reply. */
async function whileClaudeWrites(conversation: { id: string; token: string }): Promise<() => Promise<string[]>> {
	const response = await call(`/v1/conversations/${conversation.id}/messages`, {
		method: "POST",
		headers: { Authorization: `Bearer ${conversation.token}`, Accept: "text/event-stream" },
		json: { clientMessageId: crypto.randomUUID(), text: UNMATCHED },
	});
	expect(response.status).toBe(200);
	// Seconds to spare on a busy machine: Claude would still be writing for four and a half.
	await expect.poll(async () => (await received())[0]?.firstTokenAt ?? null, { timeout: 4000 }).not.toBeNull();
	return async () => {
		const events: string[] = [];
		await readSse(response.body as ReadableStream<Uint8Array>, (event) => events.push(event.event));
		return events;
	};
}

// First in the file: the counts before a test must not be waiting for events of earlier tests, which travel a moment after their reply.
describe("the site owner's analytics", () => {
	const DAY_MS = 86_400_000;
	const day = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY_MS).toISOString().slice(0, 10);

	async function claudeKpis(): Promise<KpiReport["claude"]> {
		const response = await call(`/v1/admin/kpis?from=${day(-1)}&to=${day(1)}`, { headers: { Authorization: "Bearer test-admin-token" } });
		expect(response.status).toBe(200);
		return ((await response.json()) as { totals: KpiReport }).totals.claude;
	}

	it("count each call to Claude with the tokens the API reported, and why Claude gave no answer", async () => {
		const before = await claudeKpis();
		await useScenario({ kind: "reply", chunks: ["<intent>none</intent>", "We don't make ", "gift boxes."] });
		await sendJson(UNMATCHED);
		const [answered] = await received();
		await useScenario({ kind: "error", status: 529, type: "overloaded_error" });
		expect((await sendJson(UNMATCHED)).replies[0].explanation?.llmFailure).toBe("overloaded");
		expect(answered.usage?.input_tokens).toBeGreaterThan(0);
		// Analytics events travel a moment after the reply, each call's apart from its answer's.
		const counted = async () => {
			const after = await claudeKpis();
			return { calls: after.calls - before.calls, input: after.tokens.input - before.tokens.input, output: after.tokens.output - before.tokens.output, overloaded: after.failures.overloaded - before.failures.overloaded };
		};
		await expect.poll(counted).toEqual({ calls: 2, input: answered.usage?.input_tokens, output: answered.usage?.output_tokens, overloaded: 1 });
	});

	it("count a call whose answer was never given, as the customer went to a person while Claude wrote it", async () => {
		const before = await claudeKpis();
		await useScenario({ kind: "reply", chunks: ["<intent>none</intent>We don't ", "make ", "gift boxes."], tokenDelayMs: 1500 });
		const conversation = await startConversation();
		const events = await whileClaudeWrites(conversation);
		await call(`/v1/conversations/${conversation.id}/handoff`, { method: "POST", headers: { Authorization: `Bearer ${conversation.token}` } });
		expect(await events()).not.toContain("reply");
		const [request] = await received();
		await expect.poll(async () => (await claudeKpis()).calls - before.calls).toBe(1);
		const after = await claudeKpis();
		expect(after.tokens.input - before.tokens.input).toBe(request.usage?.input_tokens);
		// Stopped before the final count: the one message_start reported (the stand-in's, like the API's, is 1).
		expect(after.tokens.output - before.tokens.output).toBe(1);
	});
});

describe("tier 2: Claude answers what tier 1 cannot", () => {
	beforeEach(() => useScenario({ kind: "reply", chunks: ["<intent>none</intent>", "We don't make ", "gift boxes, ", "sorry."] }));

	it("answers an unmatched message, saying so in the explanation", async () => {
		const sent = await sendJson(UNMATCHED);
		expect(sent.replies).toHaveLength(1);
		expect(sent.replies[0]).toMatchObject({ role: "assistant", text: "We don't make gift boxes, sorry.", explanation: { tier: "llm", intent: null } });
		expect(sent.replies[0].explanation?.firstTokenMs).toBeGreaterThanOrEqual(0);
		const [request] = await received();
		expect(request.body).toMatchObject({ model: siteConfig.cascade.llm.model, stream: true });
	});

	it("streams the reply as server-sent events: the stored message, the tokens, the stored reply", async () => {
		const conversation = await startConversation();
		const response = await call(`/v1/conversations/${conversation.id}/messages`, {
			method: "POST",
			headers: { Authorization: `Bearer ${conversation.token}`, Accept: "text/event-stream" },
			json: { clientMessageId: "stream-000001", text: UNMATCHED },
		});
		expect(response.headers.get("Content-Type")).toMatch(/^text\/event-stream/);
		const events: SendEvent[] = [];
		await readSse(response.body!, (event) => events.push(event));
		expect(events.map((event) => event.event)).toEqual(["message", "delta", "delta", "delta", "reply", "done"]);
		const deltas = events.flatMap((event) => (event.event === "delta" ? [event.data.text] : []));
		expect(deltas).toEqual(["We don't make ", "gift boxes, ", "sorry."]);
		expect(events[4]).toMatchObject({ event: "reply", data: { text: deltas.join(""), explanation: { tier: "llm" } } });
	});

	it("never calls Claude for what tier 1 answers", async () => {
		const sent = await sendJson("How long does delivery take?");
		expect(sent.replies[0].explanation?.tier).toBe("matcher");
		expect(await received()).toEqual([]);
	});

	it("masks personal data before anything reaches the model", async () => {
		// A question tier 1 cannot answer, so that it goes to Claude (a card "charged" is the payment intent's).
		await sendJson("Do you also make custom wedding gift boxes? Mail me at jane.doe@example.com or call +44 20 7946 0958, card 4111 1111 1111 1111");
		const [request] = await received();
		const sentToModel = JSON.stringify(request.body);
		expect(sentToModel).not.toContain("4111");
		expect(sentToModel).not.toContain("jane.doe@example.com");
		expect(sentToModel).not.toContain("7946");
		expect(sentToModel).toContain("[card]");
		expect(sentToModel).toContain("[email]");
	});

	it("caches the stable part of the prompt: the system block with the site's intents", async () => {
		await sendJson(UNMATCHED);
		const [request] = await received();
		const { system } = request.body as { system: Array<{ text: string; cache_control?: unknown }> };
		expect(system.at(-1)?.cache_control).toEqual({ type: "ephemeral" });
		for (const intent of siteConfig.intents) expect(system.map((block) => block.text).join("\n")).toContain(intent.id);
	});

	it("hands off when Claude picks a sensitive intent", async () => {
		await useScenario({ kind: "reply", chunks: ["<intent>payment_dispute</intent>", "I understand you want to contest a charge."] });
		const sent = await sendJson("my bank says the money went back, what now");
		expect(sent.replies.map((reply) => reply.kind)).toEqual(["text", "handoff_requested"]);
		expect(sent.replies[0].explanation).toMatchObject({ tier: "llm", intent: "payment_dispute" });
	});

	it("ignores an intent id Claude made up", async () => {
		await useScenario({ kind: "reply", chunks: ["<intent>delete_everything</intent>", "Done!"] });
		const sent = await sendJson(UNMATCHED);
		expect(sent.replies[0].explanation).toMatchObject({ tier: "llm", intent: null });
	});
});

describe("when Claude fails, the customer gets the honest fallback, never a 500 or a hang", () => {
	const failures: Array<[string, Scenario, string]> = [
		["overloaded (529)", { kind: "error", status: 529, type: "overloaded_error" }, "overloaded"],
		["rate limited (429)", { kind: "error", status: 429, type: "rate_limit_error", retryAfterSeconds: 30 }, "rate_limited"],
		["a server error (500)", { kind: "error", status: 500, type: "api_error" }, "server_error"],
		["a bad key (401)", { kind: "error", status: 401, type: "authentication_error" }, "auth"],
		["the connection dropped mid-stream", { kind: "reply", chunks: ["<intent>none</intent>", "Let me ", "check"], interrupt: { afterChunks: 2, how: "drop" } }, "network"],
		["Claude declined to go on (stop_reason refusal) after writing part of a reply", { kind: "reply", chunks: ["<intent>none</intent>", "Sure, the way to ", "get around"], stopReason: "refusal" }, "refusal"],
		["Claude reached max_tokens before finishing a sentence", { kind: "reply", chunks: ["<intent>none</intent>", "We ship to ", "most coun"], stopReason: "max_tokens" }, "cut_off"],
	];
	for (const [name, scenario, reason] of failures) {
		it(name, async () => {
			await useScenario(scenario);
			const sent = await sendJson(UNMATCHED);
			expect(sent.replies).toEqual([expect.objectContaining({ text: siteConfig.assistant.fallback, explanation: expect.objectContaining({ tier: "fallback", llmFailure: reason }) })]);
		});
	}

	it("logs a failed call for the operator, with its reason, status and request id, and nothing of the conversation", async () => {
		const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
		onTestFinished(() => warn.mockRestore());
		await useScenario({ kind: "error", status: 401, type: "authentication_error" });
		const sent = await sendJson(`${UNMATCHED} Reach me at sam@example.com`);
		expect(sent.replies[0].explanation).toMatchObject({ tier: "fallback", llmFailure: "auth" });
		const lines = warn.mock.calls.flatMap(([line]) => (typeof line === "string" && line.includes('"claude call failed"') ? [JSON.parse(line)] : []));
		expect(lines).toEqual([{ message: "claude call failed", reason: "auth", status: 401, requestId: expect.any(String), error: "invalid x-api-key" }]);
		expect(JSON.stringify(warn.mock.calls)).not.toMatch(/sam@example/);
	});

	it("a reply cut at max_tokens keeps the sentences it finished and drops the one it did not", async () => {
		await useScenario({ kind: "reply", chunks: ["<intent>none</intent>", "We don't make gift boxes. ", "Our cards ship ", "within two da"], stopReason: "max_tokens" });
		const sent = await sendJson(UNMATCHED);
		expect(sent.replies).toEqual([expect.objectContaining({ text: "We don't make gift boxes.", explanation: expect.objectContaining({ tier: "llm" }) })]);
	});

	it("no first token within the budget", async () => {
		await useScenario({ kind: "stall" });
		const started = Date.now();
		const sent = await sendJson(UNMATCHED);
		const waited = Date.now() - started;
		expect(sent.replies[0]).toMatchObject({ text: siteConfig.assistant.fallback, explanation: { tier: "fallback", llmFailure: "timeout" } });
		expect(waited).toBeGreaterThanOrEqual(siteConfig.cascade.llm.firstTokenTimeoutMs);
		// The abort reaches the stand-in a moment after the fallback is sent.
		await expect.poll(async () => (await received())[0]?.closedEarly).toBe(true);
	});
});

describe("a reply nobody will be given is stopped, not paid for to the end", () => {
	const AGENT = { Authorization: "Bearer test-agent-token" };
	// A token every 1.5 s: without being stopped, Claude would still be writing long after each check below.
	beforeEach(() => useScenario({ kind: "reply", chunks: ["<intent>none</intent>We don't ", "make ", "gift ", "boxes."], tokenDelayMs: 1500 }));

	async function stoppedEarly(events: () => Promise<string[]>) {
		// Not stopped, the call ends in four and a half seconds as complete, never closed early.
		await expect.poll(async () => (await received())[0]?.closedEarly, { timeout: 4000 }).toBe(true);
		expect(await events()).not.toContain("reply");
	}

	it("when the customer asks for a person", async () => {
		const conversation = await startConversation();
		const events = await whileClaudeWrites(conversation);
		expect((await call(`/v1/conversations/${conversation.id}/handoff`, { method: "POST", headers: { Authorization: `Bearer ${conversation.token}` } })).status).toBe(201);
		await stoppedEarly(events);
	});

	it("when an agent takes the conversation back and answers", async () => {
		const conversation = await handedOffConversation();
		expect((await call(`/v1/agent/conversations/${conversation.id}/handback`, { method: "POST", headers: AGENT })).status).toBe(200);
		const events = await whileClaudeWrites(conversation);
		expect((await call(`/v1/agent/conversations/${conversation.id}/messages`, { method: "POST", headers: AGENT, json: { text: "Hi, Sam here.", agentName: "Sam" } })).status).toBe(201);
		await stoppedEarly(events);
	});

	it("when the customer erases the conversation", async () => {
		const conversation = await startConversation();
		const events = await whileClaudeWrites(conversation);
		expect((await call(`/v1/conversations/${conversation.id}`, { method: "DELETE", headers: { Authorization: `Bearer ${conversation.token}` } })).status).toBe(200);
		await stoppedEarly(events);
	});
});
