import { describe, expect, it } from "vitest";
import { compileInParallel } from "../../cli/lib/compile-in-parallel.ts";
import { compileMatcher, type Example } from "../../worker/cascade/matcher/index.ts";
import { trainingExamples } from "../cascade/fixtures/shop-intents.ts";

// More than 3,000 examples: calibrated on a sample, with fewer folds (compile.ts), the path large sets take.
const manyExamples: Example[] = Array.from({ length: 3_200 }, (_, index) => {
	const { text, intent } = trainingExamples[index % trainingExamples.length];
	return { text: `${text} ${["please", "today", "thanks", "now"][index % 4]} ${index % 7}`, intent };
});

describe("compileInParallel", () => {
	it("builds exactly the model compileMatcher builds on one thread", async () => {
		expect(JSON.stringify(await compileInParallel(trainingExamples))).toBe(JSON.stringify(compileMatcher(trainingExamples)));
	});

	it("builds exactly the same model for a large example set", async () => {
		expect(JSON.stringify(await compileInParallel(manyExamples))).toBe(JSON.stringify(compileMatcher(manyExamples)));
	});

	it("rejects when the examples cannot be compiled", async () => {
		const broken = [{ text: 42, intent: "order_status" }] as unknown as Example[];
		await expect(compileInParallel(broken)).rejects.toThrow();
	});
});
