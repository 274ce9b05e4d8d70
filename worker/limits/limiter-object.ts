import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env.ts";
import { type Allowance, giveBackAllowance, hasRoom, takeAllowance, type WindowCount, type WindowRule } from "./fixed-window.ts";

/**
 * Counters for one key: a client's network, or one shard of the site's Claude budget.
 * There are as many of these as keys, so no single object sits on the message
 * path. A client's messages and reads per minute are counted in memory: an object is
 * evicted only after sitting idle longer than that, so it forgets nothing that
 * still counts. Counts asked for as durable (conversations per hour, every
 * window of the Claude budget) are stored, and deleted once every window has ended.
 */
export class Limiter extends DurableObject<Env> {
	readonly #inMemory = new Map<string, WindowCount>();
	/** When the alarm that deletes the stored counters rings, as far as this instance set it. */
	#cleanUpAt = 0;

	/**
	 * Counts one action against `rules`. One that reaches the object after `notAfter` (ms since the epoch)
	 * is refused uncounted: whoever asked has stopped waiting, and counting it would spend an allowance on nothing.
	 */
	async take(rules: WindowRule[], durable: boolean, notAfter = Infinity): Promise<Allowance> {
		if (Date.now() > notAfter) return { ok: false, retryAfterSeconds: 1 };
		if (!durable) return takeAllowance(this.#inMemory, rules, Date.now());
		const stored = this.#stored(rules);
		const allowance = takeAllowance(stored, rules, Date.now());
		if (!allowance.ok) return allowance;
		this.#store(stored);
		// Moved only when a window ends later than before: a Claude call (on the customer's path) reads no alarm.
		const lastWindowEnds = Math.max(...rules.map((rule) => (stored.get(rule.key)?.startedAt ?? 0) + rule.windowMs));
		if (lastWindowEnds > this.#cleanUpAt) {
			// Read, not assumed: an instance evicted and made again knows no alarm, and setting one sooner than the one
			// stored would delete counts whose windows have not ended (a lockout for wrong tokens among them).
			const alarmAt = await this.ctx.storage.getAlarm();
			this.#cleanUpAt = Math.max(lastWindowEnds, alarmAt ?? 0);
			if (alarmAt === null || alarmAt < lastWindowEnds) await this.ctx.storage.setAlarm(lastWindowEnds);
		}
		return allowance;
	}

	/** What `take` would answer for `rules` counted durably, counting nothing. */
	peek(rules: WindowRule[]): Allowance {
		// The counts read are a copy: what takeAllowance counts in it is never stored.
		return takeAllowance(this.#stored(rules), rules, Date.now());
	}

	/**
	 * Counts a message against `rules`, in memory as `take` does, and says whether `claudeRules` (counted durably) have
	 * room for one more call, counting nothing there: one call on the message's path rather than two.
	 */
	takeMessage(rules: WindowRule[], claudeRules: WindowRule[]): { allowance: Allowance; claudeRoom: boolean } {
		const now = Date.now();
		return { allowance: takeAllowance(this.#inMemory, rules, now), claudeRoom: hasRoom(this.#stored(claudeRules), claudeRules, now) };
	}

	/** Uncounts one action taken with the same `durable`: what it counted turned out to be no new action (a resend, a call not made). */
	giveBack(rules: WindowRule[], windows: number[], durable = false): void {
		if (!durable) return giveBackAllowance(this.#inMemory, rules, windows);
		const stored = this.#stored(rules);
		giveBackAllowance(stored, rules, windows);
		this.#store(stored);
	}

	#stored(rules: WindowRule[]): Map<string, WindowCount> {
		const stored = new Map<string, WindowCount>();
		for (const rule of rules) {
			const count = this.ctx.storage.kv.get<WindowCount>(rule.key);
			if (count) stored.set(rule.key, count);
		}
		return stored;
	}

	#store(counts: Map<string, WindowCount>): void {
		for (const [key, count] of counts) this.ctx.storage.kv.put(key, count);
	}

	/** Every window has ended: nothing here counts any more, and nothing is kept, not even that the key was seen. */
	async alarm(): Promise<void> {
		await this.ctx.storage.deleteAll();
	}
}
