import { DAY_MS } from "../time/durations.ts";

// The Standard Webhooks retry schedule: immediately, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h.
export const RETRY_DELAYS_MS = [0, 5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000];

// A receiver asking for more than a day is treated as asking for a day.
const MAX_RETRY_AFTER_MS = DAY_MS;
const JITTER = 0.2;

/**
 * When attempt number `attempt` (1-based, the one that just failed) should be followed by the next, or
 * null when the schedule is exhausted. Jitter spreads retries so endpoints recovering from an outage are
 * not hit by every conversation at once; a Retry-After longer than the schedule wins.
 */
export function nextAttemptDelayMs(attempt: number, retryAfterMs: number | null, random: () => number = Math.random): number | null {
	const scheduled = RETRY_DELAYS_MS[attempt];
	if (scheduled === undefined) return null;
	const jittered = Math.round(scheduled * (1 - JITTER + 2 * JITTER * random()));
	return Math.max(jittered, Math.min(retryAfterMs ?? 0, MAX_RETRY_AFTER_MS));
}

/** Retry-After as seconds or an HTTP date, in milliseconds from `now`; null when absent or unreadable. */
export function parseRetryAfter(header: string | null, now: number): number | null {
	if (!header) return null;
	if (/^\d+$/.test(header.trim())) return Number(header) * 1000;
	const date = Date.parse(header);
	return Number.isNaN(date) ? null : Math.max(0, date - now);
}
