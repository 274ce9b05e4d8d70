// Calls reserved ahead wait unmade, one per worker instance: they must never take the room in the site's
// Claude budget that calls being made need. The site config's default ceilings, the real Limiter shards.
// Its own file, so that this isolate has reserved nothing when it starts.
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { siteConfig } from "../../worker/config/site-config.ts";
import { giveBackClaudeCall, reserveClaudeCall, shardShares } from "../../worker/limits/claude-budget.ts";
import { reserveClaudeCallAhead } from "../../worker/limits/claude-calls-ahead.ts";
import { holdShardsBusy, storedCounters, storedCounts } from "../worker/claude-budget-shards.ts";

const { limits } = siteConfig;
const shares = shardShares(limits);
const roomAhead = shares.reduce((sum, share) => sum + Math.floor(share.perMinute / 2), 0);

async function reservedAll(count: number, purpose: "now" | "ahead"): Promise<boolean> {
	const results = [];
	for (let index = 0; index < count; index++) results.push((await reserveClaudeCall(env, Infinity, purpose)).ok);
	return results.every(Boolean);
}

describe("calls reserved ahead", () => {
	afterEach(() => vi.useRealTimers());

	it("are none where a shard's share of the minute is a single call", async () => {
		const smallSite = { ...env, FRONTDESK_LIMITS: JSON.stringify({ claudeCallsPerMinute: 4 }) };
		expect(await reserveClaudeCall(smallSite, Infinity, "ahead")).toMatchObject({ ok: false });
		const made = await reserveClaudeCall(smallSite, Infinity, "now");
		if (!made.ok) expect.fail("the small site's budget had no room for a call being made");
		await giveBackClaudeCall(smallSite, made.call);
	});

	it("hold at most half of each shard's minute: the other half is there for calls being made", async () => {
		expect(roomAhead).toBeGreaterThan(0);
		expect(await reservedAll(roomAhead, "ahead")).toBe(true);
		const refused = await reserveClaudeCall(env, Infinity, "ahead");
		if (refused.ok) expect.fail("a call reserved ahead took more than half of a minute");
		expect(refused.retryAfterSeconds).toBeLessThanOrEqual(60);
		expect(await reservedAll(limits.claudeCallsPerMinute - roomAhead, "now")).toBe(true);
		expect(await reserveClaudeCall(env)).toMatchObject({ ok: false });
	});

	it("are not asked of the shards again, start after start, until one may have room", async () => {
		// The test before spent every shard's minute.
		await reserveClaudeCallAhead(env);
		const counted = await storedCounts("claude/minute");
		// A start now finds its answer without asking: the shards, held too busy to answer, would keep it waiting.
		const busy = holdShardsBusy(1500);
		const started = Date.now();
		await reserveClaudeCallAhead(env);
		expect(Date.now() - started).toBeLessThan(1000);
		await busy;
		expect(await storedCounts("claude/minute")).toEqual(counted);

		// A minute later, on the clock of the shards alike (one isolate), a start reserves one.
		vi.useFakeTimers({ toFake: ["Date"] });
		const minuteLater = Date.now() + 61_000;
		vi.setSystemTime(minuteLater);
		await reserveClaudeCallAhead(env);
		const minutes = await storedCounters("claude/minute");
		expect(minutes.filter((minute) => minute && minute.startedAt >= minuteLater)).toEqual([{ startedAt: expect.any(Number), count: 1 }]);
	});
});
