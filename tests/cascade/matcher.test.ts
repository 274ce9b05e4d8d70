import { describe, expect, it } from "vitest";
import { nameAsWords } from "../../worker/cascade/matcher/compile.ts";
import { hashFeature, isWordPair, messageFeatures } from "../../worker/cascade/matcher/features.ts";
import { FALLBACK_CALIBRATION } from "../../worker/cascade/matcher/calibration.ts";
import { loadMatcher, MIN_WEIGHT, toMatcherModel } from "../../worker/cascade/matcher/model.ts";
import { predictionFrom, type Weights } from "../../worker/cascade/matcher/prediction.ts";
import { buildVocabulary } from "../../worker/cascade/matcher/vectorize.ts";
import { classify, compileMatcher, DEFAULT_THRESHOLD, type Example } from "../../worker/cascade/matcher/index.ts";
import { words } from "../../shared/words.ts";
import matcherModel from "../../worker/generated/matcher-model.json";
import type { MatcherModel } from "../../worker/cascade/matcher/model.ts";
import { bikeShopExamples } from "./fixtures/bike-shop-intents.ts";
import { heldOutPhrasings, outOfScope, trainingExamples } from "./fixtures/shop-intents.ts";

const model = compileMatcher(trainingExamples);

describe("the vocabulary of a large example set", () => {
	it("leaves out word pairs found in one example only, and keeps every single word and its letters", () => {
		const examples = ["where is my parcel", "where is my invoice", "cancel my order"].map((text) => messageFeatures(text));
		const columns = (dropRareWordPairs: boolean) => new Set(buildVocabulary(examples, { dropRareWordPairs }).columns.keys());
		const all = columns(false);
		const kept = columns(true);
		const hashesOf = (text: string) => [...messageFeatures(text).hashes];
		// "where is" and "is my" come twice; "my parcel", "cancel my" once.
		for (const hash of hashesOf("where is my")) expect(kept.has(hash)).toBe(true);
		for (const hash of hashesOf("parcel invoice cancel order").filter((hash) => !isWordPair(hash))) expect(kept.has(hash)).toBe(true);
		const rarePairs = [...all].filter((hash) => isWordPair(hash) && !kept.has(hash));
		expect(rarePairs.sort()).toEqual(["my parcel", "my invoice", "cancel my", "my order"].flatMap((text) => [...messageFeatures(text).hashes]).filter(isWordPair).sort());
	});
});

describe("compiling a large example set", () => {
	it("leaves a word pair found in one example only out of the model from 5,000 examples, and keeps it below", () => {
		const pair = hashFeature("bzebra unicorn") | 1;
		const examples = (count: number): Example[] => [
			{ text: "my zebra unicorn order", intent: "odd" },
			...Array.from({ length: count - 1 }, (_, index) => ({ text: index % 2 ? "where is my order" : "zebra and unicorn toys", intent: index % 2 ? "order" : "toys" })),
		];
		expect(compileMatcher(examples(4_999)).features).toContain(pair);
		expect(compileMatcher(examples(5_000)).features).not.toContain(pair);
	});
});

describe("feature hashes", () => {
	it("are the hashes of the features' texts: words, word pairs, and letter trigrams of the word between spaces", () => {
		const texts = ["wwhere", "wis", "bwhere is", "c wh", "cwhe", "cher", "cere", "cre ", "c is", "cis "];
		const expected = texts.map((text) => (text[0] === "b" ? hashFeature(text) | 1 : hashFeature(text) & ~1));
		expect([...messageFeatures("Where is").hashes].sort()).toEqual(expected.sort());
	});
	// V8 holds integers below 2^30 unboxed; as Map keys, larger ones made classify about twice as slow.
	it("stay small, non-negative integers, and spread over that range", () => {
		const features = ["wrefund", "corde", "bwhere is", "c é", "w📦", ...trainingExamples.map((example) => `w${example.text}`)];
		const hashes = features.map(hashFeature);
		for (const hash of hashes) {
			expect(Number.isInteger(hash)).toBe(true);
			expect(hash).toBeGreaterThanOrEqual(0);
			expect(hash).toBeLessThan(2 ** 30);
		}
		expect(Math.max(...hashes)).toBeGreaterThan(2 ** 29);
		expect(new Set(hashes).size).toBe(new Set(features).size);
	});
});

describe("compileMatcher + classify", () => {
	it.each(heldOutPhrasings)("picks $intent for unseen phrasing \"$text\"", ({ text, intent }) => {
		expect(classify(model, text).topIntent).toBe(intent);
	});

	it("reads a routine question the same with the customer's e-mail address added, which is the entity extractor's to read", () => {
		for (const { text } of heldOutPhrasings) {
			for (const [without, address] of [[`${text} I'm`, "sam.readme@example.com"], [`${text}, write to`, "(o'neil.j@shop-mail.co.uk)"]]) {
				expect(classify(model, `${without} ${address}`), address).toEqual(classify(model, without));
			}
		}
	});

	it("answers most unseen phrasings at the default threshold, and answers them correctly", () => {
		const answers = heldOutPhrasings.map(({ text }) => classify(model, text));
		const answered = answers.filter((answer) => answer.intent !== null);
		expect(answered.length).toBeGreaterThanOrEqual(heldOutPhrasings.length / 2);
		answers.forEach((answer, index) => {
			if (answer.intent !== null) expect(answer.intent).toBe(heldOutPhrasings[index].intent);
		});
	});

	it("declines every out-of-scope message", () => {
		for (const text of outOfScope) expect(classify(model, text).intent, text).toBeNull();
	});

	it("answers a training phrasing with high confidence and lists scores on request", () => {
		const result = classify(model, "reset my password please", { withScores: true });
		expect(result.intent).toBe("reset_password");
		expect(result.confidence).toBeGreaterThan(DEFAULT_THRESHOLD);
		expect(result.scores?.[0].intent).toBe("reset_password");
		expect(result.scores?.length).toBe(3);
	});

	it("reads past the numbers in a message: an order id says nothing about the intent", () => {
		expect(classify(model, "where is my parcel 4815162342, order 0042")).toEqual(classify(model, "where is my parcel, order"));
	});

	it("does not drown out an intent with one example among intents with many", () => {
		const few = new Set(["talk_to_person", "opening_hours"]);
		// Six wordings of every example (the same words with more and more "please") for the other intents.
		const many = trainingExamples.filter(({ intent }) => !few.has(intent)).flatMap(({ text, intent }) => Array.from({ length: 6 }, (_, extra) => ({ text: `${text}${" please".repeat(extra)}`, intent })));
		const single = [...few].map((intent) => trainingExamples.find((example) => example.intent === intent) as Example);
		const imbalanced = compileMatcher([...many, ...single]);
		for (const { text, intent } of heldOutPhrasings.filter((phrasing) => few.has(phrasing.intent))) expect(classify(imbalanced, text).topIntent, text).toBe(intent);
	});

	it("reads an intent's id as words", () => {
		expect(words(nameAsWords("check_invoice"))).toEqual(["check", "invoice"]);
		expect(words(nameAsWords("lost-or-stolen-card"))).toEqual(["lost", "or", "stolen", "card"]);
		expect(words(nameAsWords("orderStatus"))).toEqual(["order", "status"]);
		expect(words(nameAsWords("billing.refund"))).toEqual(["billing", "refund"]);
	});

	it("learns from the intents' names, words no example uses", () => {
		const named = compileMatcher([
			{ text: "can I buy one as a present for a friend", intent: "gift_card" },
			{ text: "something my sister could spend in your shop", intent: "gift_card" },
			{ text: "can I come in on a sunday", intent: "opening_hours" },
			{ text: "are you closed on sundays", intent: "opening_hours" },
		]);
		for (const text of ["gift card", "a gift card for my friend"]) expect(classify(named, text).topIntent, text).toBe("gift_card");
		for (const text of ["opening hours", "your hours on a sunday"]) expect(classify(named, text).topIntent, text).toBe("opening_hours");
	});

	it("honours a caller's threshold", () => {
		expect(classify(model, "reset my password please", { threshold: 1.01 }).intent).toBeNull();
	});

	it("is deterministic across runs and example orders", () => {
		const again = compileMatcher(trainingExamples);
		const reversed = compileMatcher(trainingExamples.slice().reverse());
		expect(JSON.stringify(again)).toBe(JSON.stringify(model));
		expect(JSON.stringify(reversed)).toBe(JSON.stringify(model));
	});

	it("works the same after a JSON round trip", () => {
		const restored = JSON.parse(JSON.stringify(model));
		for (const { text } of heldOutPhrasings) expect(classify(restored, text)).toEqual(classify(model, text));
	});

	it("refuses a model of another format, saying to build it again, rather than answer from numbers it misreads", () => {
		expect(() => classify({ ...model, format: "frontdesk-matcher/4" } as unknown as typeof model, "where is my parcel")).toThrow(/npm run build/);
	});

	it("declines everything when compiled from no examples", () => {
		expect(classify(compileMatcher([]), "where is my parcel")).toEqual({ intent: null, topIntent: null, confidence: 0 });
	});

	it("still ranks with a single intent", () => {
		const single = compileMatcher(trainingExamples.filter((example) => example.intent === "opening_hours"));
		expect(classify(single, "when are you open").topIntent).toBe("opening_hours");
	});

	// With one or two intents, cross-validation has no wrong answers to learn from, and a softmax over one
	// intent is always sure of it: a site starting small must still decline what its examples never spoke of.
	it.each([["order_status"], ["order_status", "reset_password"]])("answers only what its examples speak of with intents %j", (...ids) => {
		const examples: Record<string, string[]> = {
			order_status: ["where is my order", "track my order", "when will my order arrive", "has my package shipped", "my parcel has not come yet"],
			reset_password: ["I forgot my password", "reset my password", "cannot log in, password wrong", "how do I change my password"],
		};
		const small = compileMatcher(ids.flatMap((intent) => examples[intent].map((text) => ({ text, intent }))));
		expect(classify(small, "where is my parcel").intent).toBe("order_status");
		for (const elsewhere of ["tell me a joke", "what's the weather like today", "I want a refund", "this is unacceptable", "can I pay with paypal"]) {
			expect(classify(small, elsewhere)).toMatchObject({ intent: null });
		}
	});
});

describe("a site with a handful of intents", () => {
	const bikeShop = compileMatcher(bikeShopExamples);

	it("declines questions that fit none of them but share their little words, which it took for a warranty or a repair", () => {
		for (const text of ["is it purple", "is it vegan", "is it safe", "how much is it", "do you have parking", "where are you located"]) {
			expect(classify(bikeShop, text), text).toMatchObject({ intent: null });
		}
	});

	it("still answers its own customers' questions in words of their own", () => {
		const asked = [
			["can you service my bike next week", "book_repair"],
			["what size frame for someone 170cm", "bike_sizing"],
			["are you open on saturday", "opening_hours"],
			["how much to hire a bike for two days", "bike_rental"],
			["is my frame covered by warranty", "warranty"],
		];
		for (const [text, intent] of asked) expect(classify(bikeShop, text).intent, text).toBe(intent);
	});
});

describe("a lone word", () => {
	// The demo store's intents, as the worker bundles them: several speak of orders, accounts and delivery.
	const store = matcherModel as MatcherModel;

	it("declines a lone word that several intents' examples share, or that shares only letters with one, rather than guess", () => {
		for (const text of ["order", "account", "my order", "my account", "word", "crossword"]) expect(classify(store, text).intent, text).toBeNull();
	});

	it("answers a lone word that only one intent's examples hold, and a question about one thing as any question", () => {
		const answers = Object.fromEntries(["refund", "invoice", "password", "newsletter", "where is my order"].map((text) => [text, classify(store, text).intent]));
		expect(answers).toEqual({ refund: "refund_status", invoice: "get_invoice", password: "reset_password", newsletter: "newsletter", "where is my order": "order_status" });
	});
});

describe("messages of small words only", () => {
	const examples: Example[] = [
		...["why was my payment declined", "why did my card fail", "my payment did not go through", "payment refused at checkout"].map((text) => ({ text, intent: "payment_problem" })),
		...["I will see you in court", "my lawyer will sue you", "I am taking legal action", "expect to hear from my attorney"].map((text) => ({ text, intent: "legal_threat" })),
		...["where is my parcel", "track my order", "when will my order arrive", "has my package shipped"].map((text) => ({ text, intent: "order_status" })),
	];
	const withYes = compileMatcher([...examples, ...["yes", "yes please", "sure", "ok do it"].map((text) => ({ text, intent: "affirm" }))]);
	const without = compileMatcher(examples);

	it("are declined, with no confidence, by intents whose examples hold only their words", () => {
		for (const text of ["why", "Why?", "i see", "what", "yes please", "hmm ok", "Pourquoi ?", "ja bitte"]) {
			const classification = classify(without, text);
			expect(classification, text).toMatchObject({ intent: null, confidence: 0 });
		}
		// The best guess is still there, for the eval report's accuracy.
		expect(classify(without, "why").topIntent).toBe("payment_problem");
	});

	it("are answered by an intent whose own examples are small words too", () => {
		expect(classify(withYes, "yes please")).toMatchObject({ intent: "affirm" });
		expect(classify(withYes, "sure")).toMatchObject({ intent: "affirm" });
		expect(classify(withYes, "why")).toMatchObject({ intent: null, confidence: 0 });
	});

	it("leave a message with one word of substance alone", () => {
		expect(classify(without, "why was my payment declined")).toMatchObject({ intent: "payment_problem" });
		expect(classify(without, "parcel?")).toMatchObject({ intent: "order_status" });
		expect(classify(without, "see you in court")).toMatchObject({ intent: "legal_threat" });
	});
});

describe("the evidence a confidence is calibrated from", () => {
	// Three features carrying half, three tenths and a fifth of the message: the first speaks for intent 0, the
	// second strongly for intent 1 and against 0, the third weakly for intent 1.
	const table = [
		[1.5, 0],
		[-0.2, 2],
		[0, 0.5],
	];
	const weights: Weights = {
		of: (column, label) => table[column][label],
		strongestOther: (column, label) => Math.max(...table[column].filter((_, other) => other !== label)),
	};
	const message = { vector: { indices: Int32Array.from([0, 1, 2]), values: Float64Array.from([0.5, 0.3, 0.2].map(Math.sqrt)) }, knownShare: 1 };

	/** The best intent for these scores, and the two shares of the message the confidence reads. */
	function evidence(scores: number[], by: Weights = weights) {
		const prediction = predictionFrom(Float64Array.from(scores), message, 3, by);
		const [, , , support, , contested] = prediction.signals;
		return { label: prediction.label, support, contested };
	}

	it("tells the share that speaks for the best intent from the share that speaks strongly for another", () => {
		expect(evidence([3, 1])).toEqual({ label: 0, support: expect.closeTo(0.5), contested: expect.closeTo(0.3) });
	});

	it("sees the same message the other way round when the other intent is the best", () => {
		expect(evidence([1, 3])).toEqual({ label: 1, support: expect.closeTo(0.5), contested: expect.closeTo(0.5) });
	});

	it("counts nothing as contested when no other intent has a strong word in the message", () => {
		expect(evidence([3, 1], { of: weights.of, strongestOther: () => 0.5 }).contested).toBe(0);
	});
});

describe("the weights a compiled model keeps", () => {
	// Rows of every shape: all three intents kept; none; two, one of them the intent asked about; two others.
	const dense = [
		[2, -0.5, 1.2],
		[0.01, 0.02, -0.05],
		[1.5, 0.05, -0.3],
		[0.04, 0.7, 1.1],
	];
	const vocabulary = { columns: new Map(dense.map((_, column) => [column * 2, column])), idf: new Float64Array(dense.length).fill(1), unknownIdf: 1 };
	const linear = { classCount: 3, weights: Float32Array.from(dense.flat()), bias: new Float64Array(3) };
	const stored = loadMatcher(toMatcherModel(["a", "b", "c"], vocabulary, linear, { calibration: FALLBACK_CALIBRATION, loneWordCalibration: FALLBACK_CALIBRATION }, [])).weightsOf;
	// What the model keeps: hundredths, and nothing below MIN_WEIGHT.
	const kept = dense.map((row) => row.map((weight) => (Math.abs(weight) < MIN_WEIGHT ? 0 : Math.round(weight * 100) / 100)));

	it("reads each weight back, a left-out one as zero", () => {
		kept.forEach((row, column) => row.forEach((weight, label) => expect(stored.of(column, label)).toBeCloseTo(weight)));
	});

	it("finds each feature's strongest weight for another intent, a left-out one counting as zero", () => {
		kept.forEach((row, column) =>
			row.forEach((_, label) => expect(stored.strongestOther(column, label)).toBeCloseTo(Math.max(...row.filter((__, other) => other !== label)))),
		);
	});
});

describe("hostile input", () => {
	const hostile: [string, string][] = [
		["empty", ""],
		["whitespace", " \n\t "],
		["1 MB", "refund ".repeat(150_000)],
		["1 MB without spaces", "x".repeat(1_000_000)],
		["emoji", "📦📦 where 🙃 is my parcel?? 🚚"],
		["mixed scripts", "где мой заказ 我的包裹在哪里 où est mon colis"],
		["lone surrogates", "\ud800 track \udfff my \ud83d parcel"],
		["expanding normalisation", "\ufdfa".repeat(5000)],
		["control characters", "\u0000\u0001\u202e parcel \u200b"],
	];

	it.each(hostile)("%s: never throws, returns a bounded confidence, stays fast", (_, text) => {
		const started = performance.now();
		const result = classify(model, text);
		expect(performance.now() - started).toBeLessThan(200);
		expect(result.confidence).toBeGreaterThanOrEqual(0);
		expect(result.confidence).toBeLessThanOrEqual(1);
	});

	it("declines text with no words", () => {
		expect(classify(model, "").intent).toBeNull();
		expect(classify(model, "🙃🙃🙃").intent).toBeNull();
	});

	it("tolerates a non-string at runtime", () => {
		expect(classify(model, undefined as unknown as string).intent).toBeNull();
	});

	it("compiles hostile examples without throwing", () => {
		expect(() => compileMatcher([...trainingExamples, { text: "", intent: "talk_to_person" }, { text: "\ud800".repeat(10), intent: "return_item" }])).not.toThrow();
	});
});
