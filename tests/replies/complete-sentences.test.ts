import { describe, expect, it } from "vitest";
import { completeSentences } from "../../worker/replies/complete-sentences.ts";

describe("the complete sentences of a reply cut short", () => {
	it("keeps every sentence that was finished and drops the one that was not", () => {
		expect(completeSentences("Your parcel left today. It should arrive by Fri")).toBe("Your parcel left today.");
		expect(completeSentences("Is it the blue one? Great! Then retu")).toBe("Is it the blue one? Great!");
		expect(completeSentences('He said "no refunds." Then the')).toBe('He said "no refunds."');
		expect(completeSentences("See (the returns page.) and")).toBe("See (the returns page.)");
		expect(completeSentences("ご注文は発送済みです。到着は")).toBe("ご注文は発送済みです。");
	});

	it("does not take a dot inside a word or a number for the end of a sentence", () => {
		expect(completeSentences("It costs 12.50 EUR at shop.example and")).toBe("");
		expect(completeSentences("Done. It costs 12.50 EUR at shop.example and")).toBe("Done.");
	});

	it("does not trust a mark the cut came right after, which may be a number's decimal point, and gives nothing without a finished sentence", () => {
		expect(completeSentences("Sure. The fee is 12.")).toBe("Sure.");
		expect(completeSentences("All done.")).toBe("");
		expect(completeSentences("発送済みです。")).toBe("発送済みです。");
		expect(completeSentences("We ship to")).toBe("");
		expect(completeSentences("")).toBe("");
	});
});
