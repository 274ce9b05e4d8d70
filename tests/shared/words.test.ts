import { describe, expect, it } from "vitest";
import { MAX_INPUT_CHARS, words } from "../../shared/words.ts";

describe("words", () => {
	it("folds case and accents and splits on punctuation", () => {
		expect(words("Rëfund, PLEASE!")).toEqual(["refund", "please"]);
	});

	it("reads letters and digits of any script, and drops symbols and emoji", () => {
		expect(words("Заказ №42 😡 注文 C++ €10")).toEqual(["заказ", "no42", "注文", "c", "10"]);
	});

	it("reads no further than MAX_INPUT_CHARS", () => {
		expect(words(`${"a".repeat(MAX_INPUT_CHARS - 1)} refund`)).toEqual(["a".repeat(40)]);
	});
});
