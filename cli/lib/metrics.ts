// Scoring tier-1 outcomes against labels. Pure functions over plain data, so the
// numbers can be checked by hand on a tiny fixture.
import type { Entity } from "../../worker/cascade/entities/index.ts";

export interface Outcome {
	gold: string | null;
	/** Best intent whatever its confidence. */
	top: string | null;
	confidence: number;
	/** For a row tier 1 declined: the intents the fallback would offer as buttons, two or three, or one suggested. */
	offered: string[];
	latencyUs: number;
	goldEntities?: Entity[];
	entities: Entity[];
}

export interface IntentStats {
	intent: string;
	precision: number;
	recall: number;
	support: number;
	/** Rows answered as the intent: with none, its precision is no 0 %, but nothing to measure. */
	answered: number;
}

export interface SweepPoint {
	threshold: number;
	coverage: number;
	precision: number;
	oosAcceptRate: number;
	/** In-scope rows answered at the threshold, over which `precision` is counted. */
	answered: number;
}

export interface EntityStats {
	precision: number;
	recall: number;
	f1: number;
	support: number;
}

export interface Summary {
	total: number;
	in_scope: number;
	answered: number;
	correct: number;
	coverage: number;
	precision: number;
	accuracy: number;
	oos_total: number;
	oos_answered: number;
	threshold: number;
	latency_us: { p50: number; p99: number };
	entities?: Record<string, EntityStats>;
	fallback_offers: FallbackOffers;
}

/**
 * What the fallback offers for the rows tier 1 declines: in-scope ones offered a choice of intents, and the share with
 * the right one among them; those offered one intent, suggested, and the share of right suggestions; and out-of-scope
 * rows offered either, which the customer passes over.
 */
export interface FallbackOffers {
	declined: number;
	choices: number;
	choices_right: number;
	suggestions: number;
	suggestions_right: number;
	oos_declined: number;
	oos_offered: number;
}

/** 0/0 reads as 0: nothing answered is no evidence of precision. */
const ratio = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);

export function percentile(sorted: readonly number[], fraction: number): number {
	if (sorted.length === 0) return 0;
	return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? sorted[0];
}

/**
 * Whether tier 1 answered the row at `threshold`. A row with no top intent (a message of no known word, or "are you
 * a bot?", answered with the disclosure) was answered by no intent, even where the threshold is 0.
 */
export const isAnswered = (outcome: Outcome, threshold: number): outcome is Outcome & { top: string } => outcome.top !== null && outcome.confidence >= threshold;

function atThreshold(outcomes: readonly Outcome[], threshold: number) {
	const inScope = outcomes.filter((outcome) => outcome.gold !== null);
	const answered = inScope.filter((outcome) => isAnswered(outcome, threshold));
	const correct = answered.filter((outcome) => outcome.top === outcome.gold).length;
	const oos = outcomes.filter((outcome) => outcome.gold === null);
	const oosAnswered = oos.filter((outcome) => isAnswered(outcome, threshold)).length;
	return { inScope: inScope.length, answered: answered.length, correct, oosTotal: oos.length, oosAnswered };
}

export function sweep(outcomes: readonly Outcome[], thresholds: readonly number[]): SweepPoint[] {
	return thresholds.map((threshold) => {
		const counts = atThreshold(outcomes, threshold);
		return {
			threshold,
			coverage: ratio(counts.answered, counts.inScope),
			precision: ratio(counts.correct, counts.answered),
			oosAcceptRate: ratio(counts.oosAnswered, counts.oosTotal),
			answered: counts.answered,
		};
	});
}

/**
 * Per intent, counting only answers at the threshold: precision over what was answered as it, recall over its rows.
 * The intents are those of the labels and those that answered: one that only answered lines labelled otherwise (out
 * of scope, as most of a review export is) has made nothing but mistakes, and is listed with them.
 */
export function perIntent(outcomes: readonly Outcome[], threshold: number): IntentStats[] {
	const answered = outcomes.filter((outcome) => isAnswered(outcome, threshold));
	const labels = outcomes.flatMap((outcome) => (outcome.gold === null ? [] : [outcome.gold]));
	const intents = [...new Set([...labels, ...answered.map((outcome) => outcome.top)])].sort();
	return intents.map((intent) => {
		const answeredAs = answered.filter((outcome) => outcome.top === intent);
		const right = answeredAs.filter((outcome) => outcome.gold === intent).length;
		const support = outcomes.filter((outcome) => outcome.gold === intent).length;
		return { intent, precision: ratio(right, answeredAs.length), recall: ratio(right, support), support, answered: answeredAs.length };
	});
}

/** Most frequent (expected → predicted) top-1 mistakes on in-scope rows, ignoring the threshold. */
export function confusions(outcomes: readonly Outcome[], limit: number): { gold: string; predicted: string; count: number }[] {
	const counts = new Map<string, number>();
	for (const outcome of outcomes) {
		if (outcome.gold === null || outcome.top === outcome.gold) continue;
		const key = `${outcome.gold}\u0000${outcome.top ?? "(none)"}`;
		counts.set(key, (counts.get(key) ?? 0) + 1);
	}
	return [...counts]
		.map(([key, count]) => {
			const [gold, predicted] = key.split("\u0000");
			return { gold, predicted, count };
		})
		.sort((a, b) => b.count - a.count || a.gold.localeCompare(b.gold) || a.predicted.localeCompare(b.predicted))
		.slice(0, limit);
}

const entityKey = (entity: Entity) => `${entity.type}\u0000${entity.start}\u0000${entity.end}`;

/** Exact-span matching by type, over rows that carry entity annotations. */
function entityScores(outcomes: readonly Outcome[]): Record<string, EntityStats> | undefined {
	const annotated = outcomes.filter((outcome) => outcome.goldEntities !== undefined);
	if (annotated.length === 0) return undefined;
	const tally = new Map<string, { truePositives: number; predicted: number; support: number }>();
	const counter = (type: string) => {
		const existing = tally.get(type) ?? { truePositives: 0, predicted: 0, support: 0 };
		tally.set(type, existing);
		return existing;
	};
	for (const outcome of annotated) {
		const gold = new Set((outcome.goldEntities ?? []).map(entityKey));
		for (const entity of outcome.goldEntities ?? []) counter(entity.type).support++;
		for (const entity of outcome.entities) {
			const count = counter(entity.type);
			count.predicted++;
			if (gold.has(entityKey(entity))) count.truePositives++;
		}
	}
	// Built from entries, so a type named like an Object property ("__proto__") is a type like any other.
	return Object.fromEntries(
		[...tally]
			.sort(([a], [b]) => a.localeCompare(b))
			.map(([type, count]) => {
				const precision = ratio(count.truePositives, count.predicted);
				const recall = ratio(count.truePositives, count.support);
				return [type, { precision, recall, f1: ratio(2 * precision * recall, precision + recall), support: count.support }];
			}),
	);
}

function fallbackOffers(outcomes: readonly Outcome[], threshold: number): FallbackOffers {
	const declined = outcomes.filter((outcome) => !isAnswered(outcome, threshold));
	const inScope = declined.filter((outcome) => outcome.gold !== null);
	const rightAmong = (rows: readonly Outcome[]) => rows.filter((outcome) => outcome.gold !== null && outcome.offered.includes(outcome.gold)).length;
	const choices = inScope.filter((outcome) => outcome.offered.length > 1);
	const suggestions = inScope.filter((outcome) => outcome.offered.length === 1);
	const oos = declined.filter((outcome) => outcome.gold === null);
	return {
		declined: inScope.length,
		choices: choices.length,
		choices_right: rightAmong(choices),
		suggestions: suggestions.length,
		suggestions_right: rightAmong(suggestions),
		oos_declined: oos.length,
		oos_offered: oos.filter((outcome) => outcome.offered.length > 0).length,
	};
}

export function summarize(outcomes: readonly Outcome[], threshold: number): Summary {
	const counts = atThreshold(outcomes, threshold);
	const latencies = outcomes.map((outcome) => outcome.latencyUs).sort((a, b) => a - b);
	const topCorrect = outcomes.filter((outcome) => outcome.gold !== null && outcome.top === outcome.gold).length;
	const summary: Summary = {
		total: outcomes.length,
		in_scope: counts.inScope,
		answered: counts.answered,
		correct: counts.correct,
		coverage: ratio(counts.answered, counts.inScope),
		precision: ratio(counts.correct, counts.answered),
		accuracy: ratio(topCorrect, counts.inScope),
		oos_total: counts.oosTotal,
		oos_answered: counts.oosAnswered,
		threshold,
		latency_us: { p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99) },
		fallback_offers: fallbackOffers(outcomes, threshold),
	};
	const entities = entityScores(outcomes);
	if (entities) summary.entities = entities;
	return summary;
}
