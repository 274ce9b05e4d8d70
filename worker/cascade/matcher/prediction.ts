// What compile-time cross-validation and request-time classification both
// read off a message's scores, so the calibration sees the same signals
// it is later applied to.
import { confidenceSignals } from "./calibration.ts";
import { MIN_WEIGHT } from "./model.ts";
import { softmaxInPlace } from "./softmax-regression.ts";
import type { Vectorized } from "./vectorize.ts";

/** How a classifier exposes its weights: feature column × intent label. */
export interface Weights {
	of(column: number, label: number): number;
	/** The feature's largest weight for any intent but `label`. */
	strongestOther(column: number, label: number): number;
}

// A feature with a weight of 1 multiplies an intent's odds by up to e (its TF-IDF value is at most 1): it speaks strongly for it.
const STRONG_WEIGHT = 1;

export interface Prediction {
	label: number;
	/** Softmax over the intents (the scores array, converted in place). */
	probabilities: Float64Array;
	signals: number[];
}

/**
 * Shares of the known part of the message carried by features that speak for `label` (weights the compiled
 * model keeps, so cross-validation and serving agree, and that are positive), and by features that do not
 * but speak strongly for another intent.
 */
function shares(message: Vectorized, label: number, weights: Weights): { support: number; contested: number } {
	const { indices, values } = message.vector;
	let support = 0;
	let contested = 0;
	for (let entry = 0; entry < indices.length; entry++) {
		const mass = values[entry] * values[entry];
		if (weights.of(indices[entry], label) >= MIN_WEIGHT) support += mass;
		else if (weights.strongestOther(indices[entry], label) >= STRONG_WEIGHT) contested += mass;
	}
	return { support, contested };
}

export function predictionFrom(scores: Float64Array, message: Vectorized, wordCount: number, weights: Weights): Prediction {
	let label = 0;
	for (let other = 1; other < scores.length; other++) if (scores[other] > scores[label]) label = other;
	const probabilities = softmaxInPlace(scores);
	let runnerUp = 0;
	for (let other = 0; other < probabilities.length; other++) if (other !== label && probabilities[other] > runnerUp) runnerUp = probabilities[other];
	const signals = confidenceSignals({
		top: probabilities[label],
		runnerUp,
		knownShare: message.knownShare,
		...shares(message, label, weights),
		wordCount,
	});
	return { label, probabilities, signals };
}
