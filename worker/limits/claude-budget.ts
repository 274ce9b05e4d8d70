import type { Env } from "../env.ts";
import { effectiveLimits } from "./effective-limits.ts";
import type { WindowRule } from "./fixed-window.ts";

/** The site-wide budget is split over a few objects so that no single one serves every Claude call. */
export const BUDGET_SHARDS = 4;

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** Shard `index`'s part of a site-wide limit; the parts add up to exactly the limit. */
export function shareOf(limit: number, index: number): number {
	return Math.floor(limit / BUDGET_SHARDS) + (index < limit % BUDGET_SHARDS ? 1 : 0);
}

function shardRules(env: Env, index: number): WindowRule[] {
	const limits = effectiveLimits(env.FRONTDESK_LIMITS);
	return [
		{ key: "claude/minute", limit: shareOf(limits.claudeCallsPerMinute, index), windowMs: MINUTE },
		{ key: "claude/day", limit: shareOf(limits.claudeCallsPerDay, index), windowMs: DAY },
	];
}

/**
 * Counts one Claude call against the site's per-minute and per-day ceilings.
 * Starts at a random shard and moves on while a shard is spent, so a call is
 * refused only once the whole site budget is.
 */
export async function reserveClaudeCall(env: Env): Promise<boolean> {
	const first = Math.floor(Math.random() * BUDGET_SHARDS);
	for (let step = 0; step < BUDGET_SHARDS; step++) {
		const index = (first + step) % BUDGET_SHARDS;
		const rules = shardRules(env, index);
		if (rules.some((rule) => rule.limit === 0)) continue;
		const shard = env.LIMITERS.get(env.LIMITERS.idFromName(`claude:${index}`));
		if ((await shard.take(rules, true)).ok) return true;
	}
	return false;
}
