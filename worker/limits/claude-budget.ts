import type { Limits } from "../../shared/site-config.ts";
import type { Env } from "../env.ts";
import { effectiveLimits } from "./effective-limits.ts";
import type { WindowRule } from "./fixed-window.ts";
import { DAY_MS, MINUTE_MS } from "../time/durations.ts";

/** The site-wide budget is split over a few objects so that no single one serves every Claude call. */
export const BUDGET_SHARDS = 4;

/** Shard `index`'s part of a site-wide limit split over `shards`; the parts add up to exactly the limit. */
function shareOf(limit: number, index: number, shards: number): number {
	return Math.floor(limit / shards) + (index < limit % shards ? 1 : 0);
}

/**
 * Each shard's part of the two ceilings. Fewer shards when a ceiling is under BUDGET_SHARDS: a shard with
 * no share of one ceiling could never spend its share of the other, and the site would get less than it set.
 */
export function shardShares(limits: Pick<Limits, "claudeCallsPerMinute" | "claudeCallsPerDay">): Array<{ perMinute: number; perDay: number }> {
	const shards = Math.min(BUDGET_SHARDS, limits.claudeCallsPerMinute, limits.claudeCallsPerDay);
	return Array.from({ length: shards }, (_, index) => ({ perMinute: shareOf(limits.claudeCallsPerMinute, index, shards), perDay: shareOf(limits.claudeCallsPerDay, index, shards) }));
}

/** A call made now, or one reserved ahead of need, which may wait for its message a while. */
export type CallPurpose = "now" | "ahead";

function shardRules({ perMinute, perDay }: { perMinute: number; perDay: number }, purpose: CallPurpose): WindowRule[] {
	return [
		// Calls reserved ahead, one per worker instance, wait unmade: they may hold at most half of a minute, so that
		// the other half is always there for calls being made (a shard whose minute share is 1 reserves none ahead).
		{ key: "claude/minute", limit: purpose === "ahead" ? Math.floor(perMinute / 2) : perMinute, windowMs: MINUTE_MS },
		{ key: "claude/day", limit: perDay, windowMs: DAY_MS },
	];
}

/** A call counted against one shard, with when the windows that counted it started (minute, then day). */
export interface ReservedCall {
	shard: number;
	windows: number[];
}

export function shardAt(env: Env, index: number) {
	return env.LIMITERS.get(env.LIMITERS.idFromName(`claude:${index}`));
}

/** A call counted, or refused with how long until the soonest shard asked may have room. */
export type Reservation = { ok: true; call: ReservedCall } | { ok: false; retryAfterSeconds: number };

/**
 * Counts one Claude call against the site's per-minute and per-day ceilings.
 * Starts at a random shard and moves on while a shard is spent, so a call is
 * refused only once the whole site budget is. After `notAfter` the caller
 * no longer waits to make the call, so nothing more is counted.
 */
export async function reserveClaudeCall(env: Env, notAfter = Infinity, purpose: CallPurpose = "now"): Promise<Reservation> {
	const shares = shardShares(effectiveLimits(env.FRONTDESK_LIMITS));
	const first = Math.floor(Math.random() * shares.length);
	let retryAfterSeconds = Infinity;
	for (let step = 0; step < shares.length && Date.now() <= notAfter; step++) {
		const index = (first + step) % shares.length;
		const allowance = await shardAt(env, index).take(shardRules(shares[index], purpose), true, notAfter);
		if (allowance.ok) return { ok: true, call: { shard: index, windows: allowance.windows } };
		retryAfterSeconds = Math.min(retryAfterSeconds, allowance.retryAfterSeconds);
	}
	return { ok: false, retryAfterSeconds: Number.isFinite(retryAfterSeconds) ? retryAfterSeconds : 1 };
}

/** Whether `call` is still counted in the minute and the day it was reserved in, so that making it now keeps both ceilings. */
export function stillCounted(call: ReservedCall, now: number): boolean {
	const [minuteStartedAt, dayStartedAt] = call.windows;
	return now - minuteStartedAt < MINUTE_MS && now - dayStartedAt < DAY_MS;
}

/** Uncounts a reserved call that will not be made, from the windows that counted it; a window since ended keeps its count. */
export async function giveBackClaudeCall(env: Env, call: ReservedCall): Promise<void> {
	const shares = shardShares(effectiveLimits(env.FRONTDESK_LIMITS));
	// The ceilings changed since (a new FRONTDESK_LIMITS): the shard it was counted in may be gone.
	if (call.shard >= shares.length) return;
	await shardAt(env, call.shard).giveBack(shardRules(shares[call.shard], "now"), call.windows, true);
}
