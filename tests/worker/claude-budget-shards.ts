// The Claude budget's shards as tests reach them: their stored counters, and their input gates held shut.
import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { BUDGET_SHARDS, shardAt } from "../../worker/limits/claude-budget.ts";
import type { WindowCount } from "../../worker/limits/fixed-window.ts";

export const budgetShards = Array.from({ length: BUDGET_SHARDS }, (_, index) => shardAt(env, index));

/** Each shard's stored counter named `key` ("claude/minute" or "claude/day"), whether or not its window is still current. */
export function storedCounters(key: string): Promise<Array<WindowCount | undefined>> {
	return Promise.all(budgetShards.map((shard) => runInDurableObject(shard, (_instance, state) => state.storage.kv.get<WindowCount>(key))));
}

/** Each shard's stored count named `key`, 0 where none is stored. */
export async function storedCounts(key: string): Promise<number[]> {
	return (await storedCounters(key)).map((counter) => counter?.count ?? 0);
}

/** Calls counted in today's budget, over every shard. */
export async function callsCountedToday(): Promise<number> {
	return (await storedCounts("claude/day")).reduce((sum, count) => sum + count, 0);
}

/** Every shard holds its input gate shut for `ms`, as an overloaded one would; settles once all are open again. */
export function holdShardsBusy(ms: number): Promise<unknown> {
	return Promise.all(budgetShards.map((shard) => runInDurableObject(shard, (_instance, state) => state.blockConcurrencyWhile(() => new Promise((resolve) => setTimeout(resolve, ms))))));
}
