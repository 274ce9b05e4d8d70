import { describe, expect, it } from "vitest";
import { ApiError } from "../../../shared/api-error.ts";
import { dayOf, dayRange, MAX_RANGE_DAYS } from "../../../worker/analytics/day-range.ts";
import { normalizeMessage } from "../../../worker/analytics/normalize.ts";

function rejection(from: string | undefined, to: string | undefined): { status: number; message: string } {
	try {
		dayRange(from, to);
	} catch (error) {
		if (error instanceof ApiError) return { status: error.status, message: error.message };
		throw error;
	}
	throw new Error("the range was accepted");
}

describe("a KPI date range", () => {
	it("lists every UTC day from the first to the last, across a month's end", () => {
		expect(dayRange("2026-02-27", "2026-03-02")).toEqual(["2026-02-27", "2026-02-28", "2026-03-01", "2026-03-02"]);
		expect(dayRange("2026-11-30", "2026-11-30")).toEqual(["2026-11-30"]);
	});

	it(`allows ${MAX_RANGE_DAYS} days and no more`, () => {
		expect(dayRange("2026-01-01", "2026-04-02")).toHaveLength(92);
		expect(rejection("2026-01-01", "2026-04-03")).toEqual({ status: 400, message: "The range spans 93 days; ask for 92 at most." });
	});

	it("refuses missing, malformed, impossible and reversed days with a 400 naming the field", () => {
		expect(rejection(undefined, "2026-01-01").message).toBe("from: must be a day as YYYY-MM-DD.");
		expect(rejection("2026-01-01", "2026-1-2").message).toBe("to: must be a day as YYYY-MM-DD.");
		expect(rejection("2026-02-30", "2026-03-01").message).toBe("from: must be a day as YYYY-MM-DD.");
		expect(rejection("2026-01-01T00:00", "2026-01-02").status).toBe(400);
		expect(rejection("2026-03-02", "2026-03-01").message).toBe("to: must not be before from.");
	});

	it("names a conversation's day by the UTC date it started", () => {
		expect(dayOf("2026-11-30T23:59:59.999Z")).toBe("2026-11-30");
	});
});

describe("unmatched messages", () => {
	it("count under one form whatever the case, accents, punctuation and numbers", () => {
		expect(normalizeMessage("Where is ORDER 12345?!")).toBe(normalizeMessage("where is order #987"));
		expect(normalizeMessage("  Où   est ma commande ? ")).toBe("ou est ma commande");
		expect(normalizeMessage("my card [card] was charged 2x")).toBe("my card [card] was charged #x");
	});
});
