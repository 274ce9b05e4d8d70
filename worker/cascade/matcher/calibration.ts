// Confidence = the estimated probability that the top intent is right, from a
// tiny logistic model over signals of the classifier's output. It is fitted at
// compile time on cross-validated predictions that include whole held-out
// intents, so "right" also covers "this message belongs to no intent at all".

/** Intercept first, then one coefficient per signal. */
export type Calibration = number[];

// Used when the examples cannot show both right and wrong answers (one or two intents). A softmax over one
// intent is always sure of it, so the scores say nothing: confidence rests only on how much of the message the
// examples know, and reaches the default 0.7 at about 72 % of it. On the demo's order_status examples alone,
// its own wordings read 0.78 to 1 of known mass, "tell me a joke" 0.55 and "I want a refund" 0.26.
export const FALLBACK_CALIBRATION: Calibration = [-13.5, 0, 0, 20, 0, 0, 0];

const MAX_LOG_ODDS = 12;
const NEWTON_ITERATIONS = 25;
const RIDGE = 1e-2;

const clamp = (value: number) => Math.max(-MAX_LOG_ODDS, Math.min(MAX_LOG_ODDS, value));

/** The log-odds of a probability, bounded so that a certain 0 or 1 stays a finite signal. */
export const logOdds = (probability: number) => clamp(Math.log(probability) - Math.log1p(-probability));

export interface Evidence {
	/** Softmax probability of the best intent, and of the second best. */
	top: number;
	runnerUp: number;
	/** Share of the message's TF-IDF mass the vocabulary knows: low for text unlike any example. */
	knownShare: number;
	/** Share of the known mass on features that speak for the best intent: low when it won by elimination. */
	support: number;
	/**
	 * Share of the known mass on features that speak strongly for another intent and not for the best one: high
	 * when the message asks about something else that merely shares words with the best intent.
	 */
	contested: number;
	/** Words in the message: a few words are thin evidence whatever the scores say. */
	wordCount: number;
}

export function confidenceSignals(evidence: Evidence): number[] {
	const { top, runnerUp } = evidence;
	return [
		logOdds(top),
		clamp(Math.log(top) - Math.log(runnerUp)),
		evidence.knownShare,
		evidence.support,
		Math.log1p(evidence.wordCount),
		evidence.contested,
	];
}

const sigmoid = (value: number) => 1 / (1 + Math.exp(-value));

export function calibratedConfidence(calibration: Calibration, signals: readonly number[]): number {
	let logit = calibration[0];
	signals.forEach((signal, index) => {
		logit += calibration[index + 1] * signal;
	});
	return sigmoid(logit);
}

/** Gaussian elimination with partial pivoting; the system is tiny and ridge-regularised. */
function solve(matrix: number[][], vector: number[]): number[] {
	const size = vector.length;
	const rows = matrix.map((row, index) => [...row, vector[index]]);
	for (let pivot = 0; pivot < size; pivot++) {
		let best = pivot;
		for (let row = pivot + 1; row < size; row++) if (Math.abs(rows[row][pivot]) > Math.abs(rows[best][pivot])) best = row;
		[rows[pivot], rows[best]] = [rows[best], rows[pivot]];
		for (let row = pivot + 1; row < size; row++) {
			const factor = rows[row][pivot] / rows[pivot][pivot];
			for (let column = pivot; column <= size; column++) rows[row][column] -= factor * rows[pivot][column];
		}
	}
	const solution = new Array<number>(size).fill(0);
	for (let row = size - 1; row >= 0; row--) {
		let sum = rows[row][size];
		for (let column = row + 1; column < size; column++) sum -= rows[row][column] * solution[column];
		solution[row] = sum / rows[row][row];
	}
	return solution;
}

/**
 * Weighted logistic regression by Newton's method: signals → P(top intent is right); `fallback` where the rows do not
 * show both a right and a wrong answer.
 */
export function fitCalibration(
	{ signals, correct, weights }: { signals: readonly number[][]; correct: readonly boolean[]; weights: readonly number[] },
	fallback: Calibration = FALLBACK_CALIBRATION,
): Calibration {
	if (!correct.includes(true) || !correct.includes(false)) return fallback;
	const size = signals[0].length + 1;
	let coefficients = new Array<number>(size).fill(0);
	for (let iteration = 0; iteration < NEWTON_ITERATIONS; iteration++) {
		const gradient = coefficients.map((coefficient) => RIDGE * coefficient);
		const hessian = coefficients.map((_, row) => coefficients.map((__, column) => (row === column ? RIDGE : 0)));
		signals.forEach((row, index) => {
			const inputs = [1, ...row];
			const predicted = calibratedConfidence(coefficients, row);
			const residual = weights[index] * (predicted - (correct[index] ? 1 : 0));
			const weight = weights[index] * predicted * (1 - predicted);
			for (let i = 0; i < size; i++) {
				gradient[i] += residual * inputs[i];
				for (let j = 0; j < size; j++) hessian[i][j] += weight * inputs[i] * inputs[j];
			}
		});
		const delta = solve(hessian, gradient);
		coefficients = coefficients.map((coefficient, index) => coefficient - delta[index]);
	}
	return coefficients;
}
