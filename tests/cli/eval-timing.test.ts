import { describe, expect, it } from "vitest";
import { evaluateRows, type EvalSetup } from "../../cli/commands/eval.ts";
import type { LabelledRow } from "../../cli/lib/jsonl.ts";

const FIRST_ANSWER_MS = 5;

function busyWait(ms: number): void {
	const until = performance.now() + ms;
	while (performance.now() < until);
}

describe("eval's per-message timing", () => {
	it("times a second pass: every row has been answered once before, as in a worker that has run a while", () => {
		const rows: LabelledRow[] = Array.from({ length: 120 }, (_, index) => ({ text: `message ${index}`, intent: "a" }));
		const answered = new Map<string, number>();
		const setup: EvalSetup = {
			// Slow the first time a text is answered, like code the JIT has not compiled and memory not yet settled.
			answer(text) {
				const times = (answered.get(text) ?? 0) + 1;
				answered.set(text, times);
				if (times === 1) busyWait(FIRST_ANSWER_MS);
				return { top: "a", confidence: 1, offered: [] };
			},
			threshold: 0.8,
			valueLists: [],
			slots: new Map(),
		};
		const outcomes = evaluateRows(rows, setup);
		expect([...answered.values()].every((times) => times === 2)).toBe(true);
		expect(Math.max(...outcomes.map((outcome) => outcome.latencyUs))).toBeLessThan(FIRST_ANSWER_MS * 1000);
	});
});
