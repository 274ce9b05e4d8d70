import { describe, expect, it } from "vitest";
import { messageFeatures } from "../../worker/cascade/matcher/features.ts";
import { sharpness, soften } from "../../worker/cascade/matcher/sharpness.ts";
import { type LinearModel, linearScores, trainSoftmaxRegression } from "../../worker/cascade/matcher/softmax-regression.ts";
import type { SparseVector } from "../../worker/cascade/matcher/vectorize.ts";
import { buildVocabulary, vectorize } from "../../worker/cascade/matcher/vectorize.ts";
import { trainingExamples } from "./fixtures/shop-intents.ts";

function trained(epochs: number) {
	const intents = [...new Set(trainingExamples.map((example) => example.intent))];
	const messages = trainingExamples.map((example) => messageFeatures(example.text));
	const vocabulary = buildVocabulary(messages);
	const vectors = messages.map((message) => vectorize(message, vocabulary).vector);
	const labels = trainingExamples.map((example) => intents.indexOf(example.intent));
	return { model: trainSoftmaxRegression(vectors, labels, vocabulary.columns.size, intents.length, epochs, 1), vectors };
}

/** The best intent for each vector. */
function ranking(model: LinearModel, vectors: SparseVector[]): number[] {
	return vectors.map((vector) => {
		const scores = linearScores(model, vector);
		return scores.indexOf(Math.max(...scores));
	});
}

describe("sharpness and soften", () => {
	it("finds a model trained longer surer of its own examples", () => {
		const long = trained(20);
		const short = trained(2);
		expect(sharpness(long.model, long.vectors)).toBeGreaterThan(sharpness(short.model, short.vectors) + 1);
	});

	it("softens a model that is too sure down to the target, keeping its ranking", () => {
		const { model, vectors } = trained(20);
		const before = ranking(model, vectors);
		const target = sharpness(model, vectors) - 2;
		const scale = soften(model, vectors, target);
		expect(scale).toBeGreaterThan(0);
		expect(scale).toBeLessThan(1);
		expect(sharpness(model, vectors)).toBeCloseTo(target, 1);
		expect(ranking(model, vectors)).toEqual(before);
	});

	it("never sharpens: a model already less sure than the target is left as it is", () => {
		const { model, vectors } = trained(2);
		const weights = model.weights.slice();
		expect(soften(model, vectors, sharpness(model, vectors) + 1)).toBe(1);
		expect(model.weights).toEqual(weights);
	});
});
