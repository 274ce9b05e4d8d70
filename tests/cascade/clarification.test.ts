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
const buttons = (...pairs: [string, number][]) => clarify(scores(...pairs)).map((choice) => choice.button);

describe("the choices offered for a message the matcher declined", () => {
	it("are its best intents when it was torn between a few, each as its first example short enough for a button, capitalised", () => {
		expect(buttons(["cancel_order", 0.37], ["change_order", 0.34], ["order_status", 0.27])).toEqual(["Cancel my order", "Change my order", "Where is my order"]);
	});

	it("are none when one intent holds the message, or when it is unlike them all", () => {
		expect(buttons(["order_status", 0.7], ["cancel_order", 0.1], ["change_order", 0.05])).toEqual([]);
		expect(buttons(["order_status", 0.2], ["cancel_order", 0.18], ["change_order", 0.16])).toEqual([]);
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
});
