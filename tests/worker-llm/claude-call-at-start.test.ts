// A conversation's start reserves a Claude call ahead: the widget starts the conversation as the customer
// types, so their first message finds its call in the budget already counted. The real conversation object,
// the real Limiter shards, the real SDK and the Messages API stand-in. Its own file, so that this isolate has
// reserved nothing when it starts.
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { MessageSent } from "../../shared/protocol.ts";
import { siteConfig } from "../../worker/config/site-config.ts";
import { reserveClaudeCallAhead, takeClaudeCall } from "../../worker/limits/claude-calls-ahead.ts";
import { send, startConversation } from "../worker/api-client.ts";
import { callsCountedToday, holdShardsBusy, storedCounters } from "../worker/claude-budget-shards.ts";

const apiKey = env.ANTHROPIC_API_KEY as string;

describe("a conversation's start", () => {
	it("reserves a Claude call, so that its first message reaches Claude while every budget shard is too busy to answer", async () => {
		const scenario = { kind: "reply", chunks: ["<intent>none</intent>", "We don't, ", "sorry."] };
		const control = await fetch(`${env.ANTHROPIC_BASE_URL}/__control`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ apiKey, scenario }) });
		expect(control.ok).toBe(true);
		const before = await callsCountedToday();
		const conversation = await startConversation();
		await expect.poll(callsCountedToday).toBe(before + 1);

		const limit = siteConfig.cascade.llm.firstTokenTimeoutMs;
		const busy = holdShardsBusy(limit + 1500);
		const started = Date.now();
		const response = await send(conversation, "Do you knit matching jumpers for dogs and their owners?");
		expect(response.status).toBe(201);
		const { replies } = (await response.json()) as MessageSent;
		expect(replies[0]).toMatchObject({ text: "We don't, sorry.", explanation: { tier: "llm" } });
		expect(Date.now() - started).toBeLessThan(limit);
		await busy;
		// The call made was the one reserved at the start; the reply reserved the next once the shards answered.
		await expect.poll(callsCountedToday).toBe(before + 2);
	});
});

describe("a call reserved ahead that no longer counts", () => {
	afterEach(() => vi.useRealTimers());

	it("is given back when the next is reserved ahead, which is counted in the minute it is reserved in", async () => {
		// Whatever this isolate holds is used up first, so that the call reserved ahead is counted here.
		expect(await takeClaudeCall(env, Infinity, () => {})).not.toBeNull();
		await reserveClaudeCallAhead(env);
		const before = await callsCountedToday();
		// A minute later, on the clock of the object and the shards alike (one isolate): a conversation starts.
		vi.useFakeTimers({ toFake: ["Date"] });
		const minuteLater = Date.now() + 61_000;
		vi.setSystemTime(minuteLater);
		await reserveClaudeCallAhead(env);
		// One more counted for the call reserved now, one fewer for the one given back.
		expect(await callsCountedToday()).toBe(before);
		const minutes = await storedCounters("claude/minute");
		expect(minutes.filter((minute) => minute && minute.startedAt >= minuteLater)).toEqual([{ startedAt: expect.any(Number), count: 1 }]);
		// And it is the one the next message takes, with no shard asked again.
		const pending: Promise<unknown>[] = [];
		expect(await takeClaudeCall(env, Infinity, (promise) => pending.push(promise))).not.toBeNull();
		expect(pending).toEqual([]);
		expect(await callsCountedToday()).toBe(before);
	});
});
