import { describe, expect, it } from "vitest";
import { confusions, perIntent, summarize, sweep, type Outcome } from "../../cli/lib/metrics.ts";

const outcome = (gold: string | null, top: string | null, confidence: number, latencyUs = 10, offered: string[] = []): Outcome => ({ gold, top, confidence, offered, latencyUs, entities: [] });

// Six in-scope rows, two out-of-scope, worked by hand at threshold 0.5:
// answered in scope = rows 1,2,3,5 (4 of 6); correct = rows 1,2,5 (3); top-1 correct = rows 1,2,4,5 (4 of 6);
// out-of-scope answered = the first only; answered as "a" = rows 1, 2 and the first out-of-scope row.
const outcomes: Outcome[] = [
	outcome("a", "a", 0.9, 5),
	outcome("a", "a", 0.6, 7),
	outcome("a", "b", 0.7, 9),
	outcome("b", "b", 0.2, 11),
	outcome("b", "b", 0.95, 13),
	outcome("c", "a", 0.1, 100),
	outcome(null, "a", 0.8, 1),
	outcome(null, "c", 0.3, 3),
];

describe("eval metrics", () => {
	it("summarises coverage, precision, accuracy and out-of-scope answers", () => {
		const summary = summarize(outcomes, 0.5);
		expect(summary).toMatchObject({ total: 8, in_scope: 6, answered: 4, correct: 3, oos_total: 2, oos_answered: 1 });
		expect(summary.coverage).toBeCloseTo(4 / 6);
		expect(summary.precision).toBeCloseTo(3 / 4);
		expect(summary.accuracy).toBeCloseTo(4 / 6);
		expect(summary.latency_us).toEqual({ p50: 7, p99: 100 });
		expect(summary.entities).toBeUndefined();
	});

	it("counts a row with no top intent as declined, even at threshold 0", () => {
		// "Are you a bot?" (answered with the disclosure, by no intent) and a message of no known word: no intent answered either.
		const declined = [outcome("a", null, 0), outcome(null, null, 0), outcome("a", "a", 0.1)];
		expect(summarize(declined, 0)).toMatchObject({ in_scope: 2, answered: 1, correct: 1, oos_total: 1, oos_answered: 0 });
		expect(sweep(declined, [0])[0]).toMatchObject({ coverage: 1 / 2, precision: 1, oosAcceptRate: 0, answered: 1 });
	});

	it("counts what the fallback offers for the declined rows, and how often the right intent is among it", () => {
		const declined = [
			outcome("a", "a", 0.3, 10, ["a", "b"]),
			outcome("b", "a", 0.3, 10, ["a", "c"]),
			outcome("a", "a", 0.6, 10, ["a"]),
			outcome("c", "b", 0.6, 10, ["b"]),
			outcome("c", "c", 0.2),
			outcome(null, "a", 0.4, 10, ["a"]),
			outcome(null, "b", 0.1),
			// Answered: nothing is offered, whatever the field holds.
			outcome("a", "a", 0.9, 10, ["a"]),
		];
		expect(summarize(declined, 0.7).fallback_offers).toEqual({ declined: 5, choices: 2, choices_right: 1, suggestions: 2, suggestions_right: 1, oos_declined: 2, oos_offered: 1 });
	});

	it("scores each intent on what was answered as it", () => {
		expect(perIntent(outcomes, 0.5)).toEqual([
			{ intent: "a", precision: 2 / 3, recall: 2 / 3, support: 3, answered: 3 },
			{ intent: "b", precision: 1 / 2, recall: 1 / 2, support: 2, answered: 2 },
			{ intent: "c", precision: 0, recall: 0, support: 1, answered: 0 },
		]);
	});

	it("lists an intent that answered only lines labelled otherwise, its precision counting those wrong answers", () => {
		// A review export: mostly out-of-scope lines, some answered all the same.
		const review = [outcome(null, "greeting", 0.9), outcome(null, "greeting", 0.8), outcome(null, "refunds", 0.2), outcome("a", "a", 0.9), outcome("a", "greeting", 0.95)];
		expect(perIntent(review, 0.5)).toEqual([
			{ intent: "a", precision: 1, recall: 1 / 2, support: 2, answered: 1 },
			{ intent: "greeting", precision: 0, recall: 0, support: 0, answered: 3 },
		]);
	});

	it("lists top-1 confusions, most frequent first", () => {
		expect(confusions(outcomes, 5)).toEqual([
			{ gold: "a", predicted: "b", count: 1 },
			{ gold: "c", predicted: "a", count: 1 },
		]);
	});

	it("sweeps thresholds", () => {
		const [low, high] = sweep(outcomes, [0, 0.85]);
		expect(low).toEqual({ threshold: 0, coverage: 1, precision: 4 / 6, oosAcceptRate: 1, answered: 6 });
		expect(high).toEqual({ threshold: 0.85, coverage: 2 / 6, precision: 1, oosAcceptRate: 0, answered: 2 });
	});

	it("scores entities by exact type and span", () => {
		const withEntities: Outcome[] = [
			{
				...outcome("a", "a", 1),
				goldEntities: [
					{ type: "order_id", value: "123456", start: 6, end: 12 },
					{ type: "email", value: "x@y.io", start: 20, end: 26 },
				],
				entities: [
					{ type: "order_id", value: "123456", start: 6, end: 12 },
					{ type: "email", value: "y.io", start: 22, end: 26 },
				],
			},
		];
		expect(summarize(withEntities, 0.5).entities).toEqual({
			email: { precision: 0, recall: 0, f1: 0, support: 1 },
			order_id: { precision: 1, recall: 1, f1: 1, support: 1 },
		});
	});
});
