import { describe, expect, it } from "vitest";
import { nextAttemptDelayMs, parseRetryAfter, RETRY_DELAYS_MS } from "../../../worker/handoff/retry-schedule.ts";

describe("the retry schedule", () => {
	it("follows Standard Webhooks with jitter, and ends", () => {
		expect(RETRY_DELAYS_MS.slice(0, 7)).toEqual([0, 5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000]);
		expect(nextAttemptDelayMs(1, null, () => 0)).toBe(4_000);
		expect(nextAttemptDelayMs(1, null, () => 1)).toBe(6_000);
		expect(nextAttemptDelayMs(RETRY_DELAYS_MS.length, null)).toBeNull();
	});

	it("waits at least as long as Retry-After asks, up to a day", () => {
		expect(nextAttemptDelayMs(1, 60_000, () => 0.5)).toBe(60_000);
		expect(nextAttemptDelayMs(1, 7 * 86_400_000, () => 0.5)).toBe(86_400_000);
		expect(parseRetryAfter("120", 0)).toBe(120_000);
		expect(parseRetryAfter(new Date(90_000).toUTCString(), 0)).toBe(90_000);
		expect(parseRetryAfter("soon", 0)).toBeNull();
	});
});
