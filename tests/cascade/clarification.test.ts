import { describe, expect, it } from "vitest";
import type { Intent } from "../../shared/site-config.ts";
import { createClarifier } from "../../worker/cascade/clarification.ts";

const intent = (id: string, examples: string[], more: Partial<Intent> = {}) => ({ id, description: id, examples, response: { text: "An answer.", quickReplies: [] }, rules: { keywords: [], phrases: [], patterns: [] }, sensitive: false, ...more }) as Intent;
const clarify = createClarifier([
	intent("order_status", ["where is my order", "has my parcel shipped"]),
	intent("cancel_order", ["cancel my order"]),
	intent("change_order", ["I would like to change the size and the colour of what I ordered last week", "change my order"]),
	intent("dispute", ["I want to dispute a charge"], { sensitive: true }),
	intent("refund_status", ["refund", "where is my refund"]),
	intent("talk_to_person", ["let me talk to a person"], { action: "handoff" }),
	intent("by_rules_only", []),
]);
const scores = (...pairs: [string, number][]) => pairs.map(([id, probability]) => ({ intent: id, probability }));
/** The buttons for a message the matcher declined with little confidence, whose words it knows. */
const buttons = (...pairs: [string, number][]) => clarify({ scores: scores(...pairs), confidence: 0.2, knownShare: 1 }).map((choice) => choice.button);
const suggested = (confidence: number, ...pairs: [string, number][]) => clarify({ scores: scores(...pairs), confidence, knownShare: 1 }).map((choice) => choice.button);

describe("the choices offered for a message the matcher declined", () => {
	it("are its best intents when it was torn between a few, each as its first example short enough for a button, capitalised", () => {
		expect(buttons(["cancel_order", 0.37], ["change_order", 0.34], ["order_status", 0.27])).toEqual(["Cancel my order", "Change my order", "Where is my order"]);
	});

	it("are none when one intent holds the message, or when it is unlike them all", () => {
		expect(buttons(["order_status", 0.7], ["cancel_order", 0.1], ["change_order", 0.05])).toEqual([]);
		expect(buttons(["order_status", 0.2], ["cancel_order", 0.18], ["change_order", 0.16])).toEqual([]);
	});

	it("are none when the matcher knows too little of the message: spread over a few intents, it is unlike them all", () => {
		const spread = scores(["cancel_order", 0.37], ["change_order", 0.34], ["order_status", 0.27]);
		expect(clarify({ scores: spread, confidence: 0.2, knownShare: 0.69 })).toEqual([]);
		expect(clarify({ scores: spread, confidence: 0.2, knownShare: 0.7 })).toHaveLength(3);
	});

	it("are none when the customer may mean an intent that goes to a person, which the fallback offers", () => {
		expect(buttons(["dispute", 0.3], ["order_status", 0.4], ["cancel_order", 0.25])).toEqual([]);
		expect(buttons(["order_status", 0.4], ["cancel_order", 0.35], ["talk_to_person", 0.2])).toEqual([]);
		expect(buttons(["order_status", 0.4], ["cancel_order", 0.35], ["dispute", 0.1])).toEqual(["Where is my order", "Cancel my order"]);
	});

	it("leave out an intent with no example to put on a button, and put no lone word there, which the matcher may decline", () => {
		expect(buttons(["by_rules_only", 0.3], ["order_status", 0.4], ["cancel_order", 0.25])).toEqual(["Where is my order", "Cancel my order"]);
		expect(buttons(["refund_status", 0.4], ["order_status", 0.3])).toEqual(["Where is my refund", "Where is my order"]);
	});

	it("are the best intent alone, suggested, when the matcher leaned to it with a confidence of at least 0.5", () => {
		expect(suggested(0.55, ["order_status", 0.7], ["cancel_order", 0.1])).toEqual(["Where is my order"]);
		expect(suggested(0.5, ["cancel_order", 0.9])).toEqual(["Cancel my order"]);
		expect(suggested(0.49, ["order_status", 0.7], ["cancel_order", 0.1])).toEqual([]);
	});

	it("are still the few when the matcher was torn between them, whatever its confidence in the best", () => {
		expect(suggested(0.6, ["cancel_order", 0.37], ["change_order", 0.34], ["order_status", 0.27])).toEqual(["Cancel my order", "Change my order", "Where is my order"]);
	});

	it("suggest no intent that goes to a person, none beside one that may, and none without a button", () => {
		expect(suggested(0.6, ["dispute", 0.8], ["order_status", 0.1])).toEqual([]);
		expect(suggested(0.6, ["talk_to_person", 0.8])).toEqual([]);
		expect(suggested(0.6, ["order_status", 0.6], ["dispute", 0.2])).toEqual([]);
		expect(suggested(0.6, ["by_rules_only", 0.8])).toEqual([]);
		expect(suggested(0.6)).toEqual([]);
	});
});
