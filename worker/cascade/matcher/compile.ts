// Examples → model. All learning happens here, at build time; the worker only
// looks numbers up. The same examples in any order compile to the same model.
import { fitCalibration, type Calibration } from "./calibration.ts";
import { featureCounts } from "./features.ts";
import { toMatcherModel, type MatcherModel } from "./model.ts";
import { predictionFrom } from "./prediction.ts";
import { seededRandom, shuffled } from "./random.ts";
import { linearScores, trainSoftmaxRegression, type LinearModel } from "./softmax-regression.ts";
import { buildVocabulary, vectorize, type Vocabulary } from "./vectorize.ts";

export interface Example {
	text: string;
	intent: string;
}

export interface CompileOptions {
	seed?: number;
}

const DEFAULT_SEED = 0x5eed;
const CALIBRATION_FOLDS = Number(process.env.FO ?? 3);
// Each fold also hides this share of the intents entirely, so calibration learns what
// a message that fits no intent looks like.
const HELD_OUT_INTENT_SHARE = 0.2;
// Calibration needs a few thousand predictions, not all of them; the cap keeps compile time near one training run.
const CALIBRATION_SAMPLE = 4000;

interface Fitted {
	vocabulary: Vocabulary;
	linear: LinearModel;
}

function fit(counts: readonly Map<number, number>[], labels: readonly number[], classCount: number, seed: number): Fitted {
	const vocabulary = buildVocabulary(counts);
	const vectors = counts.map((example) => vectorize(example, vocabulary).vector);
	return { vocabulary, linear: trainSoftmaxRegression(vectors, labels, vocabulary.columns.size, classCount, seed) };
}

/** Stratified: each intent's examples are dealt round-robin over the folds. */
function assignFolds(labels: readonly number[], classCount: number, random: () => number): number[] {
	const folds = new Array<number>(labels.length).fill(0);
	for (let label = 0; label < classCount; label++) {
		const members = labels.flatMap((other, index) => (other === label ? [index] : []));
		shuffled(members, random).forEach((index, position) => {
			folds[index] = position % CALIBRATION_FOLDS;
		});
	}
	return folds;
}

function heldOutIntents(classCount: number, random: () => number): Set<number>[] {
	const perFold = classCount >= 3 ? Math.max(1, Math.round(classCount * HELD_OUT_INTENT_SHARE)) : 0;
	const order = shuffled(Array.from({ length: classCount }, (_, label) => label), random);
	return Array.from({ length: CALIBRATION_FOLDS }, (_, fold) => new Set(Array.from({ length: perFold }, (_, offset) => order[(fold * perFold + offset) % classCount])));
}

/** Every nth example, so each intent keeps its share of the sample. */
function calibrationSample(size: number): number[] {
	const stride = Math.max(1, size / CALIBRATION_SAMPLE);
	const picked = new Set<number>();
	for (let position = 0; position < size; position += stride) picked.add(Math.floor(position));
	return [...picked];
}

function crossValidatedCalibration(allCounts: readonly Map<number, number>[], allLabels: readonly number[], classCount: number, seed: number): Calibration {
	const sample = calibrationSample(allLabels.length);
	const counts = sample.map((index) => allCounts[index]);
	const labels = sample.map((index) => allLabels[index]);
	const random = seededRandom(seed);
	const folds = assignFolds(labels, classCount, random);
	const hidden = heldOutIntents(classCount, random);
	const signals: number[][] = [];
	const correct: boolean[] = [];
	for (let fold = 0; fold < CALIBRATION_FOLDS; fold++) {
		const training = labels.flatMap((label, index) => (folds[index] !== fold && !hidden[fold].has(label) ? [index] : []));
		if (training.length === 0) continue;
		const fitted = fit(
			training.map((index) => counts[index]),
			training.map((index) => labels[index]),
			classCount,
			seed + fold + 1,
		);
		const { weights, classCount: stride } = fitted.linear;
		const weightOf = (column: number, label: number) => weights[column * stride + label];
		labels.forEach((label, index) => {
			if (folds[index] !== fold) return;
			const message = vectorize(counts[index], fitted.vocabulary);
			const prediction = predictionFrom(linearScores(fitted.linear, message.vector), message, weightOf);
			signals.push(prediction.signals);
			correct.push(!hidden[fold].has(label) && prediction.label === label);
		});
	}
	return fitCalibration(signals, correct);
}

/** A canonical order (by intent, then text) makes the model independent of how the examples were listed. */
function canonical(examples: readonly Example[]): Example[] {
	const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
	return examples.slice().sort((a, b) => compare(a.intent, b.intent) || compare(a.text, b.text));
}

export function compileMatcher(examples: readonly Example[], options: CompileOptions = {}): MatcherModel {
	const seed = options.seed ?? DEFAULT_SEED;
	const ordered = canonical(examples);
	const intents = [...new Set(ordered.map((example) => example.intent))];
	const labelOf = new Map(intents.map((intent, label) => [intent, label]));
	const labels = ordered.map((example) => labelOf.get(example.intent) ?? 0);
	const counts = ordered.map((example) => featureCounts(example.text));
	const calibration = crossValidatedCalibration(counts, labels, intents.length, seed);
	const { vocabulary, linear } = fit(counts, labels, intents.length, seed);
	return toMatcherModel(intents, vocabulary, linear, calibration);
}
