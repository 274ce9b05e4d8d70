// What compile-time cross-validation and request-time classification both
// read off a message's scores, so the calibration sees the same signals
// it is later applied to.
import { confidenceSignals } from "./calibration.ts";
import { MIN_WEIGHT } from "./model.ts";
import { softmaxInPlace } from "./softmax-regression.ts";
import type { Vectorized } from "./vectorize.ts";

/** How a classifier exposes one weight: feature column × intent label. */
export type WeightOf = (column: number, label: number) => number;

export interface Prediction {
	label: number;
	/** Softmax over the intents (the scores array, converted in place). */
	probabilities: Float64Array;
	signals: number[];
}

/**
 * Share of the known part of the message carried by features that speak for `label`:
 * weights the compiled model keeps (so cross-validation and serving agree) and that are positive.
 */
function supportShare(message: Vectorized, label: number, weightOf: WeightOf): number {
	const { indices, values } = message.vector;
	let supported = 0;
	for (let entry = 0; entry < indices.length; entry++) {
		if (weightOf(indices[entry], label) >= MIN_WEIGHT) supported += values[entry] * values[entry];
	}
	return supported;
}

export function predictionFrom(scores: Float64Array, message: Vectorized, wordCount: number, weightOf: WeightOf): Prediction {
	let label = 0;
	for (let other = 1; other < scores.length; other++) if (scores[other] > scores[label]) label = other;
	const probabilities = softmaxInPlace(scores);
	let runnerUp = 0;
	for (let other = 0; other < probabilities.length; other++) if (other !== label && probabilities[other] > runnerUp) runnerUp = probabilities[other];
	const signals = confidenceSignals({
		top: probabilities[label],
		runnerUp,
		knownShare: message.knownShare,
		support: supportShare(message, label, weightOf),
		wordCount,
	});
	return { label, probabilities, signals };
}
