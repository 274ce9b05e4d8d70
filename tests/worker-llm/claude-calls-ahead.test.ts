// A Claude call reserved in the site's budget ahead of need: the next message goes to Claude without
// first waiting on a budget shard. The real conversation object, the real Limiter shards, the real SDK
// and the Messages API stand-in. Its own file, so that this isolate has reserved nothing when it starts.
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { MessageSent } from "../../shared/protocol.ts";
import { siteConfig } from "../../worker/config/site-config.ts";
import { giveBackClaudeCall, reserveClaudeCall, stillCounted } from "../../worker/limits/claude-budget.ts";
import { giveBackUnmadeCall, reserveClaudeCallAhead, takeClaudeCall } from "../../worker/limits/claude-calls-ahead.ts";
import type { ReceivedRequest } from "../support/messages-api-server.ts";
import { send, startConversation } from "../worker/api-client.ts";
import { callsCountedToday, holdShardsBusy, storedCounters, storedCounts } from "../worker/claude-budget-shards.ts";

const apiKey = env.ANTHROPIC_API_KEY as string;
const FIRST = "Do you also make custom wedding gift boxes?";
const SECOND = "Can you engrave a short poem inside a silver locket?";
const THIRD = "Do you sell replacement strings for a concert harp?";

async function useScenario() {
	const scenario = { kind: "reply", chunks: ["<intent>none</intent>", "Not that, ", "sorry."] };
	const response = await fetch(`${env.ANTHROPIC_BASE_URL}/__control`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ apiKey, scenario }) });
	expect(response.ok).toBe(true);
}

/** What the stand-in received about `text`: other files may use the same key meanwhile. */
async function requestsAbout(text: string): Promise<ReceivedRequest[]> {
	const response = await fetch(`${env.ANTHROPIC_BASE_URL}/__requests?apiKey=${encodeURIComponent(apiKey)}`);
	const { requests } = (await response.json()) as { requests: ReceivedRequest[] };
	return requests.filter((request) => JSON.stringify(request.body).includes(text));
}

async function timedSend(text: string): Promise<{ sent: MessageSent; waited: number }> {
	const started = Date.now();
	const response = await send(await startConversation(), text);
	expect(response.status).toBe(201);
	return { sent: (await response.json()) as MessageSent, waited: Date.now() - started };
}

describe("a Claude call reserved ahead", () => {
	it("is left by a reply that took a call, and lets the next message reach Claude while every budget shard is too busy to answer", async () => {
		await useScenario();
		const limit = siteConfig.cascade.llm.firstTokenTimeoutMs;
		const first = await timedSend(FIRST);
		expect(first.sent.replies[0].explanation?.tier).toBe("llm");
		// The call just made, and the next one, reserved once the reply was written.
		await expect.poll(callsCountedToday).toBe(2);

		// Every shard holds its input gate shut for longer than the first-token limit, as an overloaded one would.
		const busy = holdShardsBusy(limit + 1500);
		const second = await timedSend(SECOND);
		expect(second.sent.replies[0]).toMatchObject({ text: "Not that, sorry.", explanation: { tier: "llm" } });
		expect(second.waited).toBeLessThan(limit);

		// None is left ahead now (the next is waiting on the busy shards): the same limit bounds the wait for the budget, and Claude is not called.
		const third = await timedSend(THIRD);
		expect(third.sent.replies[0]).toMatchObject({ text: siteConfig.assistant.fallback, explanation: { tier: "fallback", llmFailure: "timeout" } });
		expect(third.waited).toBeGreaterThanOrEqual(limit);
		expect(third.waited).toBeLessThan(limit + 1500);
		await busy;
		expect((await requestsAbout(SECOND)).length).toBe(1);
		expect(await requestsAbout(THIRD)).toEqual([]);
		// The third message's reservation, too late, counted nothing; the one after the second reply is reserved once the shards answer.
		await expect.poll(callsCountedToday).toBe(3);
	});
});

describe("a reserved call that will not be made", () => {
	it("is given back: uncounted from its shard's minute and day", async () => {
		const before = { minute: await storedCounts("claude/minute"), day: await storedCounts("claude/day") };
		const reservation = await reserveClaudeCall(env);
		if (!reservation.ok) expect.fail("no room in the budget");
		expect(await callsCountedToday()).toBe(before.day.reduce((sum, count) => sum + count, 0) + 1);
		await giveBackClaudeCall(env, reservation.call);
		expect({ minute: await storedCounts("claude/minute"), day: await storedCounts("claude/day") }).toEqual(before);
	});

	it("counts only within the minute and the day that counted it", async () => {
		const reservation = await reserveClaudeCall(env);
		if (!reservation.ok) expect.fail("no room in the budget");
		const { call } = reservation;
		const [minuteStartedAt, dayStartedAt] = call.windows;
		expect(stillCounted(call, minuteStartedAt)).toBe(true);
		expect(stillCounted(call, minuteStartedAt + 59_999)).toBe(true);
		expect(stillCounted(call, minuteStartedAt + 60_000)).toBe(false);
		expect(stillCounted({ ...call, windows: [minuteStartedAt, minuteStartedAt - 86_400_000 + 1] }, minuteStartedAt + 1)).toBe(false);
		expect(dayStartedAt).toBeLessThanOrEqual(minuteStartedAt);
	});
});

describe("a call reserved ahead that the next message comes too late for", () => {
	afterEach(() => vi.useRealTimers());

	it("is given back, and a call is reserved for that message in the minute it is made", async () => {
		const ignore = () => {};
		// Whatever this isolate holds is used up first, so that the call reserved ahead is counted here.
		expect(await takeClaudeCall(env, Infinity, ignore)).not.toBeNull();
		await reserveClaudeCallAhead(env);
		const before = await callsCountedToday();
		// A minute later, on the clock of the object and the shards alike (one isolate).
		vi.useFakeTimers({ toFake: ["Date"] });
		const minuteLater = Date.now() + 61_000;
		vi.setSystemTime(minuteLater);
		const pending: Promise<unknown>[] = [];
		expect(await takeClaudeCall(env, Infinity, (promise) => pending.push(promise))).not.toBeNull();
		expect(pending).toHaveLength(1);
		await Promise.all(pending);
		// One more counted for the call made now, one fewer for the one given back.
		expect(await callsCountedToday()).toBe(before);
		const minutes = await storedCounters("claude/minute");
		expect(minutes.filter((minute) => minute && minute.startedAt >= minuteLater)).toEqual([{ startedAt: expect.any(Number), count: 1 }]);
	});
});

describe("a call taken and then not made (its reply was stopped, or came too late for it)", () => {
	it("is given back: uncounted from its shard's minute and day", async () => {
		const call = await takeClaudeCall(env, Infinity, () => {});
		if (!call) expect.fail("no room in the budget");
		const counted = await callsCountedToday();
		const pending: Promise<unknown>[] = [];
		giveBackUnmadeCall(env, call, (promise) => pending.push(promise));
		await Promise.all(pending);
		expect(await callsCountedToday()).toBe(counted - 1);
	});
});
