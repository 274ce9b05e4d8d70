import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env.ts";
import { type Allowance, takeAllowance, type WindowCount, type WindowRule } from "./fixed-window.ts";

/**
 * Counters for one key: a client IP, or one shard of the site's Claude budget.
 * There are as many of these as keys, so no single object sits on the message
 * path. IP counters live in memory: an evicted object forgetting a minute of
 * counts is harmless. Budget counters are stored, because a daily spend
 * ceiling must survive restarts.
 */
export class Limiter extends DurableObject<Env> {
	readonly #inMemory = new Map<string, WindowCount>();

	take(rules: WindowRule[], durable: boolean): Allowance {
		if (!durable) return takeAllowance(this.#inMemory, rules, Date.now());
		const { kv } = this.ctx.storage;
		const stored = new Map<string, WindowCount>();
		for (const rule of rules) {
			const count = kv.get<WindowCount>(rule.key);
			if (count) stored.set(rule.key, count);
		}
		const allowance = takeAllowance(stored, rules, Date.now());
		if (allowance.ok) for (const [key, count] of stored) kv.put(key, count);
		return allowance;
	}
}
