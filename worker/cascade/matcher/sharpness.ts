// Calibration is fitted on the fold models, each trained on part of the examples (on a sample of
// them, for large sets). The final model takes the same passes over all of them, so it takes more
// steps, its weights grow larger, and its probabilities come out sharper than those the calibration
// learned from, for messages that fit no intent as much as for the rest. Softening its scores until
// it is no surer of its own examples than the fold models were of theirs keeps the calibration true.
import { logOdds } from "./calibration.ts";
import { linearScores, type LinearModel } from "./softmax-regression.ts";
import type { SparseVector } from "./vectorize.ts";

// A few hundred examples pin the mean down; scoring more would only cost compile time.
const MEASURED = 600;
const MIN_SCALE = 0.05;
const SEARCH_STEPS = 20;

function sampledScores(model: LinearModel, vectors: readonly SparseVector[]): Float64Array[] {
	const stride = Math.max(1, vectors.length / MEASURED);
	const scores: Float64Array[] = [];
	for (let position = 0; position < vectors.length; position += stride) scores.push(linearScores(model, vectors[Math.floor(position)]));
	return scores;
}

/** The softmax probability of the top score once all are multiplied by `scale`, without building the rest. */
function topProbability(raw: Float64Array, scale: number): number {
	let max = -Infinity;
	for (const score of raw) max = Math.max(max, score * scale);
	let sum = 0;
	for (const score of raw) sum += Math.exp(score * scale - max);
	return 1 / sum;
}

// Runs once per search step over every measured example: a compile of many intents spent a tenth of its time here.
function meanTopLogOdds(scores: readonly Float64Array[], scale: number): number {
	let sum = 0;
	for (const raw of scores) sum += logOdds(topProbability(raw, scale));
	return scores.length ? sum / scores.length : 0;
}

/** How sure a model is of the examples it was trained on: the mean log-odds of its top intent. */
export function sharpness(model: LinearModel, trainedOn: readonly SparseVector[]): number {
	return meanTopLogOdds(sampledScores(model, trainedOn), 1);
}

/**
 * Scales the model's scores down (a temperature, folded into its weights and bias) until its
 * sharpness on its own training examples is `target`; a model no sharper than that is left as it
 * is. Returns the scale applied.
 */
export function soften(model: LinearModel, trainedOn: readonly SparseVector[], target: number): number {
	const scores = sampledScores(model, trainedOn);
	if (meanTopLogOdds(scores, 1) <= target) return 1;
	let low = MIN_SCALE;
	let high = 1;
	for (let step = 0; step < SEARCH_STEPS; step++) {
		const middle = (low + high) / 2;
		if (meanTopLogOdds(scores, middle) > target) high = middle;
		else low = middle;
	}
	const scale = (low + high) / 2;
	for (let index = 0; index < model.weights.length; index++) model.weights[index] *= scale;
	for (let index = 0; index < model.bias.length; index++) model.bias[index] *= scale;
	return scale;
}
