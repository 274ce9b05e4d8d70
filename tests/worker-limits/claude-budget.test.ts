// The site-wide Claude ceilings: spread over a few limiter objects, exact in
// total, and once reached the cascade answers rules-only and offers a person.
import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import type { MessageSent } from "../../shared/protocol.ts";
import { siteConfig } from "../../worker/config/site-config.ts";
import { BUDGET_SHARDS, reserveClaudeCall, shardShares } from "../../worker/limits/claude-budget.ts";
import type { ReceivedRequest } from "../support/messages-api-server.ts";
import { call } from "../worker/api-client.ts";
import { budgetShards, holdShardsBusy, storedCounts } from "../worker/claude-budget-shards.ts";

const apiKey = env.ANTHROPIC_API_KEY as string;
const { limits } = siteConfig;

async function received(): Promise<ReceivedRequest[]> {
	const response = await fetch(`${env.ANTHROPIC_BASE_URL}/__requests?apiKey=${encodeURIComponent(apiKey)}`);
	return ((await response.json()) as { requests: ReceivedRequest[] }).requests;
}

async function sendOnce(text: string): Promise<MessageSent> {
	const headers = { "CF-Connecting-IP": "192.0.2.10" };
	const started = await call("/v1/conversations", { method: "POST", headers, json: {} });
	const { conversation } = (await started.json()) as { conversation: { id: string; token: string } };
	const response = await call(`/v1/conversations/${conversation.id}/messages`, {
		method: "POST",
		headers: { ...headers, Authorization: `Bearer ${conversation.token}` },
		json: { clientMessageId: crypto.randomUUID(), text },
	});
	expect(response.status).toBe(201);
	return (await response.json()) as MessageSent;
}

describe("shares of the site-wide ceilings", () => {
	const ceilings = [1, 2, 3, 5, 120, 5000, 999_999];
	const pairs = ceilings.flatMap((claudeCallsPerMinute) => ceilings.map((claudeCallsPerDay) => ({ claudeCallsPerMinute, claudeCallsPerDay })));

	it("add up to exactly each ceiling, evenly", () => {
		for (const limits of pairs) {
			const shares = shardShares(limits);
			expect(shares.length).toBeLessThanOrEqual(BUDGET_SHARDS);
			for (const [ceiling, part] of [[limits.claudeCallsPerMinute, "perMinute"], [limits.claudeCallsPerDay, "perDay"]] as const) {
				const parts = shares.map((share) => share[part]);
				expect(parts.reduce((sum, share) => sum + share, 0)).toBe(ceiling);
				expect(Math.max(...parts) - Math.min(...parts)).toBeLessThanOrEqual(1);
			}
		}
	});

	it("give every shard a part of both, so none holds calls it can never make", () => {
		for (const limits of pairs) for (const share of shardShares(limits)) expect(Math.min(share.perMinute, share.perDay), JSON.stringify(limits)).toBeGreaterThan(0);
	});
});

// Before the budget below is spent: this needs room in it.
describe("a reservation that reaches the budget too late", () => {
	it("is refused and counts nothing: the customer has the fallback by then, and no call is made", async () => {
		const before = await storedCounts("claude/day");
		// Every shard busy past the deadline, as in an overloaded moment.
		const busy = holdShardsBusy(800);
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect(await reserveClaudeCall(env, Date.now() + 300)).toMatchObject({ ok: false });
		await busy;
		expect(await storedCounts("claude/day")).toEqual(before);
	});
});

describe("the Claude budget", () => {
	beforeAll(async () => {
		const results = [];
		for (let index = 0; index < limits.claudeCallsPerMinute; index++) results.push((await reserveClaudeCall(env)).ok);
		expect(results.every(Boolean)).toBe(true);
	});

	it(`refuses call ${limits.claudeCallsPerMinute + 1} in the same minute, whatever shard it starts at`, async () => {
		for (let attempt = 0; attempt < 8; attempt++) {
			const reservation = await reserveClaudeCall(env);
			if (reservation.ok) expect.fail("a call over the minute's ceiling was counted");
			// Until the soonest shard's minute ends.
			expect(reservation.retryAfterSeconds).toBeGreaterThanOrEqual(1);
			expect(reservation.retryAfterSeconds).toBeLessThanOrEqual(60);
		}
	});

	it("sends an unmatched message to no model once spent: the fallback, which offers a person", async () => {
		const before = (await received()).length;
		const sent = await sendOnce("Do you also make custom wedding gift boxes?");
		expect(sent.replies.at(-1)).toMatchObject({ role: "assistant", text: siteConfig.assistant.fallback, explanation: { tier: "fallback", llmFailure: "over_budget" } });
		expect((await received()).length).toBe(before);
	});

	it("still answers routine questions from the rules", async () => {
		const sent = await sendOnce("where is my order");
		expect(sent.replies[0].explanation?.tier).not.toBe("fallback");
	});

	it("keeps refusing once the day's budget is spent, even in a new minute", async () => {
		for (const [index, shard] of budgetShards.entries()) {
			await runInDurableObject(shard, (_instance, state) => {
				state.storage.kv.put("claude/minute", { startedAt: Date.now() - 120_000, count: 0 });
				state.storage.kv.put("claude/day", { startedAt: Date.now(), count: shardShares(limits)[index].perDay });
			});
		}
		const reservation = await reserveClaudeCall(env);
		if (reservation.ok) expect.fail("a call over the day's ceiling was counted");
		// Until the soonest shard's day ends.
		expect(reservation.retryAfterSeconds).toBeGreaterThan(86_000);
	});
});
