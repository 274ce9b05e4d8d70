import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseSiteConfig } from "../../shared/site-config.ts";
import { PATTERN_ENTITY_TYPES, PERSONAL_DATA_TYPES } from "../../shared/site-config.ts";
import { extractEntities, MAX_ENTITY_SCAN_CHARS } from "../../worker/cascade/entities/index.ts";
import { classify, type MatcherModel } from "../../worker/cascade/matcher/index.ts";
import { MAX_INPUT_CHARS, words } from "../../shared/words.ts";
import { passesLuhn } from "../../worker/cascade/pii/luhn.ts";
import { MAX_MASKED_CHARS, maskPersonalData, placeholder } from "../../worker/cascade/pii/mask-personal-data.ts";
import { createTier1, type Tier1Result } from "../../worker/cascade/tier1.ts";
import { siteConfig } from "../../worker/config/site-config.ts";
import matcherModel from "../../worker/generated/matcher-model.json";
import { scoreSentiment } from "../../worker/handoff/sentiment/score-sentiment.ts";
import { renderResponse } from "../../worker/replies/render-response.ts";
import { hostileText } from "../support/hostile-arbitraries.ts";
import { NASTY_TEXTS } from "../support/nasty-inputs.ts";
import { runs } from "../support/property-runs.ts";

const model = matcherModel as MatcherModel;
const valueLists = siteConfig.entities.valueLists;

// A second site whose intents fire by explicit rules of every kind, so tier 1a sees hostile text too.
const rulesConfig = parseSiteConfig({
	intents: [
		{ id: "legal_threat", description: "Legal threats", rules: { keywords: ["lawyer"], patterns: ["\\bsue(d)?\\b", "court\\s+case"] }, sensitive: true },
		{ id: "talk_to_person", description: "Wants a person", rules: { phrases: ["real person", "talk to a human"] }, action: "handoff" },
		{ id: "refunds", description: "Refunds", rules: { keywords: ["refund", "money"], patterns: ["\\border\\s+#?\\d{5,12}\\b"] }, response: { text: "Refunds for {order_id|your order} take 5 days." } },
		...siteConfig.intents.slice(0, 3),
	],
});

const SITES = [
	{ name: "the shipped site config", config: siteConfig, tier1: createTier1(siteConfig, model) },
	{ name: "a site with rules of every kind", config: rulesConfig, tier1: createTier1(rulesConfig, model) },
];

// The corpus entries that fit in a failure report; the megabyte ones get tests of their own below.
const SMALL_NASTY_TEXTS = NASTY_TEXTS.filter(({ text }) => text.length <= 1000).map(({ text }) => text);
const anyText = fc.oneof(hostileText(), hostileText(600), fc.constantFrom(...SMALL_NASTY_TEXTS));

function expectValidTier1Result(result: Tier1Result, config: typeof siteConfig) {
	expect(Number.isFinite(result.confidence)).toBe(true);
	expect(result.confidence).toBeGreaterThanOrEqual(0);
	expect(result.confidence).toBeLessThanOrEqual(1);
	if (result.tier === null) {
		if (result.guess !== null) expect(model.intents).toContain(result.guess);
		return;
	}
	if (result.intent !== null) expect(config.intents).toContain(result.intent);
	if (result.tier === "rule") {
		expect(result.confidence).toBe(1);
		expect(result.rule.length).toBeGreaterThan(0);
	}
}

describe.each(SITES)("tier 1 on $name", ({ config, tier1 }) => {
	it("answers any text with a valid result, the same one every time, and never throws", () => {
		fc.assert(
			fc.property(anyText, (text) => {
				const result = tier1(text);
				expectValidTier1Result(result, config);
				expect(tier1(text)).toEqual(result);
			}),
			runs(300),
		);
	});

	it.each(NASTY_TEXTS)("handles the corpus entry: $name", ({ text }) => {
		expectValidTier1Result(tier1(text), config);
	});
});

describe("the matcher", () => {
	it("gives a calibrated confidence and its best scores, in order, for any text", () => {
		fc.assert(
			fc.property(anyText, (text) => {
				const result = classify(model, text, { withScores: true });
				expect(result.confidence).toBeGreaterThanOrEqual(0);
				expect(result.confidence).toBeLessThanOrEqual(1);
				if (result.intent !== null) expect(result.intent).toBe(result.topIntent);
				const probabilities = (result.scores ?? []).map((score) => score.probability);
				expect(probabilities).toEqual([...probabilities].sort((a, b) => b - a));
				for (const probability of probabilities) expect(probability).toBeGreaterThanOrEqual(0);
				expect(classify(model, text, { withScores: true })).toEqual(result);
			}),
			runs(300),
		);
	});

	it("reads words of letters and digits only, folded to lower case, at most 400 of at most 40 characters", () => {
		fc.assert(
			fc.property(anyText, (text) => {
				const found = words(text);
				expect(found.length).toBeLessThanOrEqual(400);
				for (const word of found) {
					expect(word).toMatch(/^[\p{L}\p{N}]{1,40}$/u);
					expect(word).toBe(word.toLowerCase());
				}
			}),
			runs(300),
		);
	});
});

describe("entity extraction", () => {
	const knownTypes = [...PATTERN_ENTITY_TYPES, ...valueLists.map((list) => list.type)];

	it("finds entities that are exact, ordered, non-overlapping spans of the message's start", () => {
		fc.assert(
			fc.property(anyText, (text) => {
				const entities = extractEntities(text, { valueLists });
				let previousEnd = 0;
				for (const entity of entities) {
					expect(knownTypes).toContain(entity.type);
					expect(entity.start).toBeGreaterThanOrEqual(previousEnd);
					expect(entity.end).toBeGreaterThan(entity.start);
					expect(entity.end).toBeLessThanOrEqual(MAX_ENTITY_SCAN_CHARS);
					expect(text.slice(entity.start, entity.end)).toBe(entity.value);
					previousEnd = entity.end;
				}
				expect(extractEntities(text, { valueLists })).toEqual(entities);
			}),
			runs(300),
		);
	});

	// Messages made of what amounts, ranges and dates are written with, so their patterns meet each other.
	const dateAndMoneyWords = ["12", "30", "2024", "5.50", "1.234,56", "-", "–", "/", ".", "to", "and", "between", "$", "€", "£", "euros", "pounds", "of", "weighs", "paid", "March", "März", "de", "1er", "Dec", "days", "ago", "vor", "Tagen", "il", "y", "a", "in", "last", "Friday", "letzten", "Freitag", "zwei", "lundi", "dernier", "pasado", "yesterday", "avant-hier", "order", "#", "invoice", "INV", "standard", "account", " "];
	const dateAndMoneyText = fc.tuple(fc.array(fc.constantFrom(...dateAndMoneyWords), { maxLength: 40 }), fc.constantFrom(" ", "")).map(([parts, glue]) => parts.join(glue));

	it("finds exact, ordered, non-overlapping spans in messages of dates, ranges and amounts, and dates that are real days", () => {
		const now = Date.UTC(2026, 11, 1, 15);
		fc.assert(
			fc.property(dateAndMoneyText, (text) => {
				const entities = extractEntities(text, { valueLists, now });
				let previousEnd = 0;
				for (const entity of entities) {
					expect(entity.start).toBeGreaterThanOrEqual(previousEnd);
					expect(text.slice(entity.start, entity.end)).toBe(entity.value);
					if (entity.type === "date" && entity.normalized) expect(new Date(`${entity.normalized}T00:00:00Z`).toISOString().slice(0, 10)).toBe(entity.normalized);
					if (entity.type === "refund_amount") expect(entity.normalized).toMatch(/^\d+(\.\d{1,2})? [A-Z]{3}$/);
					previousEnd = entity.end;
				}
				expect(extractEntities(text, { valueLists, now })).toEqual(entities);
			}),
			runs(300),
		);
	});

	it("fills every placeholder of every response with an entity or its fallback", () => {
		const templates = siteConfig.intents.flatMap((intent) => (intent.response ? [intent.response.text] : []));
		fc.assert(
			fc.property(anyText, fc.constantFrom(...templates), (text, template) => {
				expect(renderResponse(template, extractEntities(text, { valueLists }))).not.toMatch(/\{[a-z][a-z0-9_]*\|[^{}]*\}/);
			}),
			runs(200),
		);
	});
});

/** Visa, Mastercard and Amex shaped numbers with a valid Luhn check digit. */
const cardNumber = fc
	.tuple(fc.constantFrom("4", "51", "55", "2221", "34", "37"), fc.integer({ min: 15, max: 16 }), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 16, maxLength: 16 }))
	.map(([prefix, length, digits]) => {
		const body = (prefix + digits.join("")).slice(0, length - 1);
		const checkDigit = [..."0123456789"].find((digit) => passesLuhn(body + digit)) ?? "0";
		return body + checkDigit;
	});

const printedCard = fc.tuple(cardNumber, fc.constantFrom("", " ", "-", "  ", ".", "_", "\n", "–")).map(([digits, separator]) => digits.replace(/(\d{4})(?=\d)/g, `$1${separator}`));

describe("masking personal data", () => {
	const countOf = (text: string, mark: string) => text.split(mark).length - 1;

	it("reports exactly the placeholders it writes, keeps no more than its cap, and gives the same result twice", () => {
		fc.assert(
			fc.property(anyText, (text) => {
				const result = maskPersonalData(text);
				const read = text.slice(0, MAX_MASKED_CHARS);
				for (const { type, count } of result.found) {
					expect(PERSONAL_DATA_TYPES).toContain(type);
					expect(count).toBeGreaterThan(0);
				}
				for (const type of PERSONAL_DATA_TYPES) {
					const reported = result.found.find((found) => found.type === type)?.count ?? 0;
					expect(countOf(result.text, placeholder(type)) - countOf(read, placeholder(type))).toBe(reported);
				}
				expect(maskPersonalData(text)).toEqual(result);
			}),
			runs(300),
		);
	});

	it("finds nothing more when run over its own output", () => {
		fc.assert(
			fc.property(anyText, (text) => {
				const once = maskPersonalData(text).text;
				expect(maskPersonalData(once)).toEqual({ text: once, found: [] });
			}),
			runs(300),
		);
	});

	it("never lets a card number through, whatever hostile text surrounds it", () => {
		fc.assert(
			fc.property(hostileText(80), printedCard, hostileText(80), (before, card, after) => {
				const masked = maskPersonalData(`${before} ${card} ${after}`).text;
				expect(masked.replace(/\D/g, "")).not.toContain(card.replace(/\D/g, ""));
			}),
			runs(300),
		);
	});
});

describe("sentiment scoring", () => {
	it("scores any text between -1 and 1 with at most ten cues, the same every time", () => {
		fc.assert(
			fc.property(anyText, (text) => {
				const result = scoreSentiment(text);
				expect(result.score).toBeGreaterThanOrEqual(-1);
				expect(result.score).toBeLessThanOrEqual(1);
				expect(result.cues.length).toBeLessThanOrEqual(10);
				expect(result.strongNegative).toBe(result.score <= -0.5);
				expect(scoreSentiment(text)).toEqual(result);
			}),
			runs(300),
		);
	});
});

// Time is never asserted as a speed target here. Boundedness is shown two ways: each step
// reads a capped prefix, so anything after the cap (a megabyte, ten megabytes) changes
// nothing; and on inputs built to make regular expressions backtrack, each call ends
// within a ceiling a hundred times what it takes, which only exponential behaviour breaks.
const STEPS = [
	{ name: "tier 1 with rules", cap: MAX_INPUT_CHARS, run: (text: string) => SITES[1].tier1(text) },
	{ name: "the matcher", cap: MAX_INPUT_CHARS, run: (text: string) => classify(model, text, { withScores: true }) },
	{ name: "entity extraction", cap: MAX_ENTITY_SCAN_CHARS, run: (text: string) => extractEntities(text, { valueLists }) },
	{ name: "PII masking", cap: MAX_MASKED_CHARS, run: (text: string) => maskPersonalData(text) },
	{ name: "sentiment scoring", cap: MAX_INPUT_CHARS, run: (text: string) => scoreSentiment(text) },
];

const MEGABYTE_TAILS = NASTY_TEXTS.filter(({ text }) => text.length >= 1024 * 1024).map(({ text }) => text);
const GENEROUS_CEILING_MS = 2000;

/** A text at least `length` long made of repeats of `piece`. */
const filledTo = (piece: string, length: number) => (piece || "a").repeat(Math.ceil(length / (piece || "a").length));

function elapsedMs(run: () => unknown): number {
	const started = performance.now();
	run();
	return performance.now() - started;
}

describe.each(STEPS)("$name stays bounded", ({ cap, run }) => {
	it("gives the same answer whatever follows its first characters, up to ten megabytes of it", () => {
		const tail = fc.oneof(hostileText(), fc.constantFrom(...MEGABYTE_TAILS));
		fc.assert(
			fc.property(hostileText(40), tail, (piece, extra) => {
				const head = filledTo(piece, cap);
				expect(run(head + extra)).toEqual(run(head));
			}),
			runs(25),
		);
	});

	it("ends far within the ceiling on text built to make patterns backtrack", () => {
		const pump = fc.tuple(
			fc.constantFrom("", "order #", "$", "+", "a@", "invoice ", "call "),
			fc.constantFrom("a", "1", "1-", "1 ", "1,000", "a.", "a@", "@a", "12/", "4111 ", "(1", "\u0301", "\ufdfa", "\u200b1"),
			fc.constantFrom("!", "x", "@", "-", ".", "$", ""),
		);
		fc.assert(
			fc.property(pump, ([prefix, piece, spoiler]) => {
				expect(elapsedMs(() => run(prefix + filledTo(piece, cap) + spoiler))).toBeLessThan(GENEROUS_CEILING_MS);
			}),
			runs(40),
		);
	});

	it.each(NASTY_TEXTS)("ends far within the ceiling on the corpus entry: $name", ({ text }) => {
		expect(elapsedMs(() => run(text))).toBeLessThan(GENEROUS_CEILING_MS);
	});
});
