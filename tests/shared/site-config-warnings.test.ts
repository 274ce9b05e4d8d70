import { describe, expect, it } from "vitest";
import { parseSiteConfig } from "../../shared/site-config.ts";
import { siteConfigWarnings } from "../../shared/site-config-warnings.ts";

const warningsFor = (raw: object) => siteConfigWarnings(parseSiteConfig(raw));

describe("the site config's warnings", () => {
	it("takes A.I., with its dots, as saying AI, wherever it stands in the sentence", () => {
		for (const disclosure of ["You are chatting with an A.I.", "You are chatting with an A.I. assistant.", "You are chatting with an A.I., not a person."]) {
			expect(warningsFor({ assistant: { disclosure } }), disclosure).toEqual([]);
		}
		// Dots alone say nothing: "A.Im" is no acronym.
		expect(warningsFor({ assistant: { disclosure: "You are chatting with A.Imelda today." } })).toEqual([expect.stringMatching(/^assistant\.disclosure does not seem to say/)]);
	});

	it("names a page greeting that never shows, as one listed before it greets every page it would, and that one", () => {
		const pageGreetings = ["/pricing*", "/help", "/pricing/enterprise", "/help*", "/*/faq", "/pricing/*/faq", "/shop/faq"].map((path) => ({ path, text: `On ${path}?` }));
		expect(warningsFor({ widget: { pageGreetings } })).toEqual([
			"widget.pageGreetings[2] (/pricing/enterprise) never shows: widget.pageGreetings[0] (/pricing*) comes before it and matches every page it would, and the first that matches is shown. Move it above [0].",
			"widget.pageGreetings[5] (/pricing/*/faq) never shows: widget.pageGreetings[0] (/pricing*) comes before it and matches every page it would, and the first that matches is shown. Move it above [0].",
			"widget.pageGreetings[6] (/shop/faq) never shows: widget.pageGreetings[4] (/*/faq) comes before it and matches every page it would, and the first that matches is shown. Move it above [4].",
		]);
		const mostPreciseFirst = ["/pricing/enterprise", "/pricing/*/faq", "/shop/faq", "/*/faq", "/pricing*", "/help", "/help*"];
		expect(warningsFor({ widget: { pageGreetings: mostPreciseFirst.map((path) => ({ path, text: `On ${path}?` })) } })).toEqual([]);
	});
});
