// Multinomial logistic regression trained by seeded SGD: the linear classifier
// behind the matcher. Weights are feature-major so scoring one message reads
// one contiguous row per feature, and single precision: the model keeps them
// in hundredths (model.ts), and half the bytes train a large vocabulary faster.
import { seededRandom, shuffled } from "./random.ts";
import type { SparseVector } from "./vectorize.ts";

export interface LinearModel {
	classCount: number;
	/** columns × classCount, feature-major. */
	weights: Float32Array;
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

export function linearScores(model: LinearModel, vector: SparseVector): Float64Array {
	return scoresInto(new Float64Array(model.classCount), model, vector);
}

function scoresInto(scores: Float64Array, model: LinearModel, vector: SparseVector): Float64Array {
	scores.set(model.bias);
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

// Every class's weights move on every step: a softmax leaves no class's gradient at zero, and
// skipping the small ones saved nothing (on 27 and 162 intents, 91 % and 99.7 % of classes were
// above 1e-4 at each step) while costing an indirection in the innermost loop.
function step(model: LinearModel, vector: SparseVector, label: number, rate: number, scores: Float64Array): void {
	const gradient = softmaxInPlace(scoresInto(scores, model, vector));
	gradient[label] -= 1;
	const { classCount, weights, bias } = model;
	for (let other = 0; other < classCount; other++) {
		gradient[other] *= rate;
		bias[other] -= gradient[other];
	}
	const { indices, values } = vector;
	for (let entry = 0; entry < indices.length; entry++) {
		const row = indices[entry] * classCount;
		const value = values[entry];
		for (let other = 0; other < classCount; other++) weights[row + other] -= gradient[other] * value;
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
	const model: LinearModel = { classCount, weights: new Float32Array(columns * classCount), bias: new Float64Array(classCount) };
	const random = seededRandom(seed);
	const order = vectors.map((_, index) => index);
	const scores = new Float64Array(classCount);
	const classWeight = classWeights(labels, classCount);
	for (let epoch = 0; epoch < epochs; epoch++) {
		const rate = LEARNING_RATE + ((FINAL_LEARNING_RATE - LEARNING_RATE) * epoch) / Math.max(1, epochs - 1);
		for (const index of shuffled(order, random)) step(model, vectors[index], labels[index], rate * classWeight[labels[index]], scores);
	}
	return model;
}
