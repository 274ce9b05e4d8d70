import { describe, expect, it } from "vitest";
import { giveBackAllowance, hasRoom, takeAllowance, type WindowCount } from "../../worker/limits/fixed-window.ts";

const rules = [{ key: "messages/minute", limit: 2, windowMs: 60_000 }];

function windowsOf(allowance: ReturnType<typeof takeAllowance>): number[] {
	if (!allowance.ok) throw new Error("refused");
	return allowance.windows;
}

describe("fixed windows", () => {
	it("give back a call they counted, so another fits in the window", () => {
		const counts = new Map<string, WindowCount>();
		windowsOf(takeAllowance(counts, rules, 0));
		const second = windowsOf(takeAllowance(counts, rules, 1));
		expect(takeAllowance(counts, rules, 2)).toEqual({ ok: false, retryAfterSeconds: 60 });
		giveBackAllowance(counts, rules, second);
		expect(takeAllowance(counts, rules, 4)).toEqual({ ok: true, windows: [0] });
	});

	it("give back nothing to a window that did not count the call, or below zero", () => {
		const counts = new Map<string, WindowCount>();
		windowsOf(takeAllowance(counts, rules, 0));
		// Counted in the window of 0, given back once the next window has started and counted a call of its own.
		const late = windowsOf(takeAllowance(counts, rules, 59_990));
		windowsOf(takeAllowance(counts, rules, 60_000));
		giveBackAllowance(counts, rules, late);
		expect(counts.get("messages/minute")).toEqual({ startedAt: 60_000, count: 1 });
		const current = [60_000];
		giveBackAllowance(counts, rules, current);
		giveBackAllowance(counts, rules, current);
		expect(counts.get("messages/minute")).toEqual({ startedAt: 60_000, count: 0 });
	});

	it("say whether a call would fit without counting it, and have room again in the next window", () => {
		const counts = new Map<string, WindowCount>();
		expect(hasRoom(counts, rules, 0)).toBe(true);
		windowsOf(takeAllowance(counts, rules, 0));
		expect(hasRoom(counts, rules, 1)).toBe(true);
		expect(counts.get("messages/minute")).toEqual({ startedAt: 0, count: 1 });
		windowsOf(takeAllowance(counts, rules, 2));
		expect(hasRoom(counts, rules, 59_999)).toBe(false);
		expect(hasRoom(counts, rules, 60_000)).toBe(true);
	});
});
