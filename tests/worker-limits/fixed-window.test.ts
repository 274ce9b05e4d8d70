import { describe, expect, it } from "vitest";
import { giveBackAllowance, takeAllowance, type WindowCount } from "../../worker/limits/fixed-window.ts";

const rules = [{ key: "messages/minute", limit: 2, windowMs: 60_000 }];

describe("fixed windows", () => {
	it("give back a call they counted, so another fits in the window", () => {
		const counts = new Map<string, WindowCount>();
		expect(takeAllowance(counts, rules, 0)).toEqual({ ok: true });
		expect(takeAllowance(counts, rules, 1)).toEqual({ ok: true });
		expect(takeAllowance(counts, rules, 2)).toEqual({ ok: false, retryAfterSeconds: 60 });
		giveBackAllowance(counts, rules, 3);
		expect(takeAllowance(counts, rules, 4)).toEqual({ ok: true });
	});

	it("give back nothing from a window that has ended, or below zero", () => {
		const counts = new Map<string, WindowCount>();
		takeAllowance(counts, rules, 0);
		giveBackAllowance(counts, rules, 60_000);
		expect(counts.get("messages/minute")).toEqual({ startedAt: 0, count: 1 });
		giveBackAllowance(counts, rules, 1);
		giveBackAllowance(counts, rules, 2);
		expect(counts.get("messages/minute")).toEqual({ startedAt: 0, count: 0 });
	});
});
