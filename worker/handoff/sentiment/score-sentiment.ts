// A lexicon-based reading of how a customer feels, to decide when a
// conversation should go to a human. Words carry weights; negators flip and
// intensifiers strengthen the next weighted word; capitals and "!!!" add to
// it. Routine problem words ("broken", "failed") barely count, so a plain
// support request never reads as anger.

import { MAX_INPUT_CHARS } from "../../../shared/words.ts";
import {
	BEFORE_CONTRAST_FACTOR,
	INTENSIFIER_FACTOR,
	INTENSIFIER_REACH,
	NEGATION_FACTOR,
	NEGATION_REACH,
	ROUTINE_FLOOR,
} from "./lexicon.ts";
import { hasInterrobang, hasRepeatedQuestion, isShouting, maskedSwearing, repeatedBangs } from "./signals.ts";
import { emojiTerm, termAt, tokens, type Kind, type Term } from "./terms.ts";

export interface SentimentScore {
	/** -1 (furious) … 1 (delighted); 0 when nothing in the message carries feeling. */
	score: number;
	/** Swearing, insults or outbursts ("ridiculous", "scam"), or a strongly negative message shouted or with "!!!". */
	angry: boolean;
	/** score at or below STRONG_NEGATIVE_THRESHOLD. */
	strongNegative: boolean;
	/** The words and signals that weighed most, strongest first, to explain the decision. */
	cues: string[];
}

/**
 * At or below this a message reads as strongly negative: one outburst ("this is
 * ridiculous"), a strong word ("terrible"), or an intensified complaint ("very
 * disappointed"). It corresponds to summed weights of about -2.25; routine
 * problem words alone stop at ROUTINE_FLOOR, well short of it.
 */
export const STRONG_NEGATIVE_THRESHOLD = -0.5;

/** How fast summed weights approach ±1 (as in VADER): a sum of -2.25 gives -0.5, -4 gives -0.72. */
const SATURATION = 15;
const SHOUTING_WEIGHT = -1.5;
const INTERROBANG_WEIGHT = -1;
const REPEATED_QUESTION_WEIGHT = -0.5;
/** Added per repeated "!", in whichever direction the message already leans. */
const BANG_WEIGHT = 0.3;
const MASKED_SWEARING_WEIGHT = -3;
const MAX_CUES = 10;
/** Clause punctuation ends a negation's reach: in "No, that was helpful" the "no" doesn't touch "helpful". */
const CLAUSE_BREAK = /[.,;:!?¡¿()\n]+/u;
const PICTOGRAPHS = /\p{Extended_Pictographic}/gu;

interface Hit {
	cue: string;
	weight: number;
	/** A weighted lexicon kind, or "signal" for how the message is typed. */
	kind: Kind | "signal";
}

function hitOf(term: Term, negated: boolean, boosted: boolean): Hit {
	const flips = negated && term.kind !== "profanity";
	const weight = term.weight * (boosted ? INTENSIFIER_FACTOR : 1) * (flips ? NEGATION_FACTOR : 1);
	// "isn't a scam" is no outburst; "no problem" stays a routine word, now on the good side.
	const kind = flips && term.kind === "anger" ? "mood" : term.kind;
	return { cue: flips ? `not ${term.entry}` : term.entry, weight, kind };
}

/** Weighted words of one clause, with negators and intensifiers applied; `contrasts` gets the hit count at each "but". */
function clauseHits(found: string[], hits: Hit[], contrasts: number[]): void {
	let negated = 0;
	let boosted = 0;
	for (let i = 0; i < found.length; ) {
		const term = termAt(found, i);
		i += term?.words.length ?? 1;
		// Negators, intensifiers and contrasts carry no weight of their own.
		if (term && term.weight !== 0) {
			hits.push(hitOf(term, negated > 0, boosted > 0));
			negated = 0;
			boosted = 0;
			continue;
		}
		negated = term?.kind === "negator" ? NEGATION_REACH : Math.max(negated - 1, 0);
		boosted = term?.kind === "intensifier" ? INTENSIFIER_REACH : Math.max(boosted - 1, 0);
		if (term?.kind === "contrast") contrasts.push(hits.length);
	}
}

function wordHits(text: string): Hit[] {
	const hits: Hit[] = [];
	const contrasts: number[] = [];
	for (const clause of text.split(CLAUSE_BREAK)) clauseHits(tokens(clause), hits, contrasts);
	const lastContrast = contrasts.at(-1) ?? 0;
	return hits.map((hit, index) => (index < lastContrast ? { ...hit, weight: hit.weight * BEFORE_CONTRAST_FACTOR } : hit));
}

function emojiHits(text: string): Hit[] {
	const hits: Hit[] = [];
	for (const [pictograph] of text.matchAll(PICTOGRAPHS)) {
		const term = emojiTerm(pictograph);
		if (term) hits.push(hitOf(term, false, false));
	}
	return hits;
}

function swearingHits(text: string): Hit[] {
	return maskedSwearing(text).map((cue) => ({ cue, weight: MASKED_SWEARING_WEIGHT, kind: "profanity" }));
}

/** Sum of weights; routine problem words together count for no more than ROUTINE_FLOOR. */
function sumOf(hits: Hit[]): number {
	let routine = 0;
	let rest = 0;
	for (const hit of hits) {
		if (hit.kind === "routine") routine += hit.weight;
		else rest += hit.weight;
	}
	return rest + Math.max(routine, ROUTINE_FLOOR);
}

/** Capitals and "?!" say the customer is upset, unless the words are happy ("THANK YOU SO MUCH"). */
function toneHits(text: string, wordsSum: number): Hit[] {
	const hits: Hit[] = [];
	if (isShouting(text) && wordsSum <= 0) hits.push({ cue: "ALL CAPS", weight: SHOUTING_WEIGHT, kind: "signal" });
	if (hasInterrobang(text)) hits.push({ cue: "?!", weight: INTERROBANG_WEIGHT, kind: "signal" });
	if (hasRepeatedQuestion(text)) hits.push({ cue: "???", weight: REPEATED_QUESTION_WEIGHT, kind: "signal" });
	return hits;
}

/** Repeated "!" strengthens whatever the message already says. */
function emphasisHit(text: string, sum: number): Hit | undefined {
	const bangs = repeatedBangs(text);
	if (bangs === 0 || sum === 0) return undefined;
	return { cue: "!!!", weight: Math.sign(sum) * BANG_WEIGHT * bangs, kind: "signal" };
}

function strongestCues(hits: Hit[]): string[] {
	const cues = hits.toSorted((a, b) => Math.abs(b.weight) - Math.abs(a.weight)).map((hit) => hit.cue);
	return [...new Set(cues)].slice(0, MAX_CUES);
}

export function scoreSentiment(text: string): SentimentScore {
	// Only what the matcher would read of a message; the rest can't change a handoff.
	const read = typeof text === "string" ? text.slice(0, MAX_INPUT_CHARS) : "";
	const hits = [...wordHits(read), ...emojiHits(read), ...swearingHits(read)];
	hits.push(...toneHits(read, sumOf(hits)));
	const emphasis = emphasisHit(read, sumOf(hits));
	if (emphasis) hits.push(emphasis);
	const sum = sumOf(hits);
	const score = sum / Math.sqrt(sum * sum + SATURATION);
	const strongNegative = score <= STRONG_NEGATIVE_THRESHOLD;
	const outburst = hits.some((hit) => hit.kind === "anger" || hit.kind === "profanity");
	const emphatic = hits.some((hit) => hit.cue === "ALL CAPS" || hit.cue === "!!!");
	return {
		score,
		angry: (outburst && score < 0) || (strongNegative && emphatic),
		strongNegative,
		cues: strongestCues(hits),
	};
}
