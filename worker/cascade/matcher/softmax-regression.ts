// Multinomial logistic regression trained by seeded SGD: the linear classifier
// behind the matcher. Weights are feature-major so scoring one message reads
// one contiguous row per feature.
import { seededRandom, shuffled } from "./random.ts";
import type { SparseVector } from "./vectorize.ts";

export interface LinearModel {
	classCount: number;
	/** columns × classCount, feature-major. */
	weights: Float64Array;
	bias: Float64Array;
}

// Passes over the data: at least a few, and more for small example sets, whose
// weights otherwise stay too timid to tell intents apart. The step budget keeps
// compile time flat as the examples grow.
const MIN_EPOCHS = 4;
const MAX_EPOCHS = 20;
const STEP_BUDGET = 25_000;
const LEARNING_RATE = 1;
const FINAL_LEARNING_RATE = 0.1;
// Examples per intent say how much the site owner wrote, not how often customers ask, so
// each intent's examples weigh about as much in training as another's: an intent with few
// examples is not drowned out by one with many. The weight is the square root of the
// balancing factor, capped, so a lone example never takes steps far past the learning rate.
const MAX_CLASS_WEIGHT = 4;
// Classes whose gradient is this small are skipped: it keeps training cost near the size of the data.
const NEGLIGIBLE_GRADIENT = 1e-4;

export function linearScores(model: LinearModel, vector: SparseVector): Float64Array {
	const scores = model.bias.slice();
	const { classCount, weights } = model;
	const { indices, values } = vector;
	for (let entry = 0; entry < indices.length; entry++) {
		const row = indices[entry] * classCount;
		const value = values[entry];
		for (let label = 0; label < classCount; label++) scores[label] += value * weights[row + label];
	}
	return scores;
}

/** In place: scores → probabilities. */
export function softmaxInPlace(scores: Float64Array): Float64Array {
	let max = -Infinity;
	for (const score of scores) max = Math.max(max, score);
	let sum = 0;
	for (let label = 0; label < scores.length; label++) {
		scores[label] = Math.exp(scores[label] - max);
		sum += scores[label];
	}
	for (let label = 0; label < scores.length; label++) scores[label] /= sum;
	return scores;
}

function step(model: LinearModel, vector: SparseVector, label: number, rate: number, active: Int32Array, scaled: Float64Array): void {
	const probabilities = softmaxInPlace(linearScores(model, vector));
	probabilities[label] -= 1;
	const { classCount, weights, bias } = model;
	let activeCount = 0;
	for (let other = 0; other < classCount; other++) {
		if (Math.abs(probabilities[other]) < NEGLIGIBLE_GRADIENT) continue;
		bias[other] -= rate * probabilities[other];
		active[activeCount] = other;
		scaled[activeCount++] = rate * probabilities[other];
	}
	const { indices, values } = vector;
	for (let entry = 0; entry < indices.length; entry++) {
		const row = indices[entry] * classCount;
		const value = values[entry];
		for (let slot = 0; slot < activeCount; slot++) weights[row + active[slot]] -= scaled[slot] * value;
	}
}

/** Epochs for a compile over `exampleCount` examples; every training run of one compile uses the same, so cross-validated models behave like the final one. */
export function epochsFor(exampleCount: number): number {
	return Math.max(MIN_EPOCHS, Math.min(MAX_EPOCHS, Math.round(STEP_BUDGET / Math.max(1, exampleCount))));
}

function classWeights(labels: readonly number[], classCount: number): Float64Array {
	const counts = new Float64Array(classCount);
	for (const label of labels) counts[label]++;
	const meanCount = labels.length / Math.max(1, counts.filter((count) => count > 0).length);
	return counts.map((count) => (count === 0 ? 1 : Math.min(MAX_CLASS_WEIGHT, Math.sqrt(meanCount / count))));
}

export function trainSoftmaxRegression(
	vectors: readonly SparseVector[],
	labels: readonly number[],
	columns: number,
	classCount: number,
	epochs: number,
	seed: number,
): LinearModel {
	const model: LinearModel = { classCount, weights: new Float64Array(columns * classCount), bias: new Float64Array(classCount) };
	const random = seededRandom(seed);
	const order = vectors.map((_, index) => index);
	const active = new Int32Array(classCount);
	const scaled = new Float64Array(classCount);
	const classWeight = classWeights(labels, classCount);
	for (let epoch = 0; epoch < epochs; epoch++) {
		const rate = LEARNING_RATE + ((FINAL_LEARNING_RATE - LEARNING_RATE) * epoch) / Math.max(1, epochs - 1);
		for (const index of shuffled(order, random)) step(model, vectors[index], labels[index], rate * classWeight[labels[index]], active, scaled);
	}
	return model;
}
