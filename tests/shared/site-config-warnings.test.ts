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
});
