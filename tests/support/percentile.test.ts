import { describe, expect, it } from "vitest";
import { percentile } from "./percentile.ts";

describe("benchmark percentile", () => {
	it("ranks unsorted values the way frontdesk eval ranks latencies", () => {
		const values = [40, 10, 30, 20, 50, 60, 70, 80, 90, 100];
		expect(percentile(values, 50)).toBe(50);
		expect(percentile(values, 99)).toBe(100);
		expect(percentile(values, 10)).toBe(10);
		expect(values[0]).toBe(40);
	});

	it("reads as no data when there are no values", () => {
		expect(percentile([], 50)).toBeNaN();
	});
});
