// The compiled matcher as plain JSON-serialisable data (written at build time,
// bundled into the worker), and its in-memory form for fast lookups.
import type { Calibration } from "./calibration.ts";
import type { Weights } from "./prediction.ts";
import type { LinearModel } from "./softmax-regression.ts";
import type { Vocabulary } from "./vectorize.ts";

// Version 4: a feature hash's lowest bit says whether it is a word pair's (see features.ts), so older models' feature lists do not fit.
// Version 5: the calibration weighs one more signal (calibration.ts), so older models' calibrations do not fit.
// Version 6: the intents that may answer a message of small words only (small-words.ts).
// Version 7: a calibration of its own for a lone word (features.ts, isLoneWord).
const MODEL_FORMAT = "frontdesk-matcher/7";

// Weights are stored as integers in hundredths: finer steps change no decision and cost bytes.
const WEIGHT_SCALE = 100;
// Smaller weights barely move any score; dropping them shrinks the model several times over.
export const MIN_WEIGHT = 0.1;
const IDF_SCALE = 1000;

export interface MatcherModel {
	format: typeof MODEL_FORMAT;
	/** Intent ids; every other per-intent array is indexed like this one. */
	intents: string[];
	/** Feature hashes (see features.ts), ascending. */
	features: number[];
	/** Per feature: inverse document frequency × 1000, rounded. */
	idf: number[];
	unknownIdf: number;
	/** Per feature: how many entries of `classes`/`weights` belong to it, in feature order. */
	rowLengths: number[];
	classes: number[];
	/** Weights × 100, rounded; weights that round to zero are left out. */
	weights: number[];
	bias: number[];
	calibration: Calibration;
	/** The calibration of a lone word ("order", "my account"; features.ts, isLoneWord). */
	loneWordCalibration: Calibration;
	/** Intents with an example of nothing but small words ("yes please"): only they answer a message of small words. */
	smallTalk: number[];
}

export interface LoadedMatcher {
	intents: string[];
	vocabulary: Vocabulary;
	rowStarts: Int32Array;
	classes: Uint16Array;
	weights: Float32Array;
	bias: Float64Array;
	calibration: Calibration;
	loneWordCalibration: Calibration;
	smallTalk: ReadonlySet<number>;
	/** The stored weights as the confidence signals read them (prediction.ts). */
	weightsOf: Weights;
}

export function toMatcherModel(
	intents: string[],
	vocabulary: Vocabulary,
	linear: LinearModel,
	{ calibration, loneWordCalibration }: Pick<MatcherModel, "calibration" | "loneWordCalibration">,
	smallTalk: number[],
): MatcherModel {
	const features = [...vocabulary.columns.keys()];
	const rowLengths: number[] = [];
	const classes: number[] = [];
	const weights: number[] = [];
	features.forEach((hash) => {
		const row = (vocabulary.columns.get(hash) ?? 0) * linear.classCount;
		let length = 0;
		for (let label = 0; label < linear.classCount; label++) {
			const weight = Math.round(linear.weights[row + label] * WEIGHT_SCALE);
			if (Math.abs(weight) < MIN_WEIGHT * WEIGHT_SCALE) continue;
			classes.push(label);
			weights.push(weight);
			length++;
		}
		rowLengths.push(length);
	});
	return {
		format: MODEL_FORMAT,
		intents,
		features,
		idf: Array.from(vocabulary.idf, (idf) => Math.round(idf * IDF_SCALE)),
		unknownIdf: vocabulary.unknownIdf,
		rowLengths,
		classes,
		weights,
		bias: Array.from(linear.bias, (bias) => Math.round(bias * WEIGHT_SCALE) / WEIGHT_SCALE),
		calibration,
		loneWordCalibration,
		smallTalk,
	};
}

interface Rows {
	rowStarts: Int32Array;
	classes: Uint16Array;
	weights: Float32Array;
	classCount: number;
}

const NO_LABEL = -1;

/**
 * Rows list only the weights the model kept, in label order; a missing one is zero. Each row's strongest weight,
 * and the next, are found once here: the confidence signals ask for a feature's strongest weight for another
 * intent than the best one for every feature of every message, and scanning the row each time was a third of
 * what classifying a long message cost.
 */
function storedWeights({ rowStarts, classes, weights, classCount }: Rows): Weights {
	const columns = rowStarts.length - 1;
	const strongest = new Float32Array(columns).fill(-Infinity);
	const strongestLabel = new Int32Array(columns).fill(NO_LABEL);
	const next = new Float32Array(columns).fill(-Infinity);
	for (let column = 0; column < columns; column++) {
		for (let slot = rowStarts[column]; slot < rowStarts[column + 1]; slot++) {
			if (weights[slot] > strongest[column]) {
				next[column] = strongest[column];
				strongest[column] = weights[slot];
				strongestLabel[column] = classes[slot];
			} else next[column] = Math.max(next[column], weights[slot]);
		}
	}
	// Rows of common features hold a weight for most intents: a binary search reads a few of them, not half.
	const of = (column: number, label: number) => {
		let low = rowStarts[column];
		let high = rowStarts[column + 1];
		while (low < high) {
			const middle = (low + high) >>> 1;
			if (classes[middle] < label) low = middle + 1;
			else high = middle;
		}
		return low < rowStarts[column + 1] && classes[low] === label ? weights[low] : 0;
	};
	return {
		of,
		strongestOther(column, label) {
			const stored = strongestLabel[column] === label ? next[column] : strongest[column];
			const length = rowStarts[column + 1] - rowStarts[column];
			// Another intent the row leaves out weighs zero. A row one short of every intent leaves another out only if
			// it keeps this one: the only case worth a scan.
			const leavesOtherOut = length < classCount - 1 || (length === classCount - 1 && of(column, label) !== 0);
			return leavesOtherOut ? Math.max(stored, 0) : stored;
		},
	};
}

const loaded = new WeakMap<MatcherModel, LoadedMatcher>();

/** Builds the lookup structures once per model object. */
export function loadMatcher(model: MatcherModel): LoadedMatcher {
	const cached = loaded.get(model);
	if (cached) return cached;
	// An older model's numbers mean other things: it would answer nothing, or the wrong thing, without saying why.
	if (model.format !== MODEL_FORMAT) throw new Error(`The matcher model is ${model.format}, and this code reads ${MODEL_FORMAT}: build it again (npm run build).`);
	const rowStarts = new Int32Array(model.features.length + 1);
	model.rowLengths.forEach((length, index) => {
		rowStarts[index + 1] = rowStarts[index] + length;
	});
	const classes = Uint16Array.from(model.classes);
	const weights = Float32Array.from(model.weights, (weight) => weight / WEIGHT_SCALE);
	const matcher: LoadedMatcher = {
		intents: model.intents,
		vocabulary: {
			columns: new Map(model.features.map((hash, column) => [hash, column])),
			idf: Float64Array.from(model.idf, (idf) => idf / IDF_SCALE),
			unknownIdf: model.unknownIdf,
		},
		rowStarts,
		classes,
		weights,
		bias: Float64Array.from(model.bias),
		calibration: model.calibration,
		loneWordCalibration: model.loneWordCalibration,
		smallTalk: new Set(model.smallTalk),
		weightsOf: storedWeights({ rowStarts, classes, weights, classCount: model.intents.length }),
	};
	loaded.set(model, matcher);
	return matcher;
}
