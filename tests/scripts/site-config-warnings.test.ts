import { describe, expect, it } from "vitest";
import { parseSiteConfig } from "../../shared/site-config.ts";
import { siteConfigWarnings } from "../../worker/config/site-config-warnings.ts";

const askForPerson = { id: "contact_human", description: "Asks for a person.", examples: ["can I talk to a person"], action: "handoff" };
const answered = (id: string, rules: object) => ({ id, description: id, examples: [`a question about ${id}`], response: { text: "An answer." }, rules });
/** The warnings for a config of these fields, with an intent that hands off unless it sets its own intents. */
const warningsFor = (raw: object) => siteConfigWarnings(parseSiteConfig({ intents: [askForPerson], ...raw }));

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

	it("says when no intent hands off, so that a customer asking for a person in words gets only the fallback", () => {
		expect(warningsFor({ intents: [answered("opening_hours", {})] })).toEqual([expect.stringMatching(/^no intent hands off \("action": "handoff"\)/)]);
		expect(warningsFor({ intents: [answered("opening_hours", {})], handoff: { triggers: { customerRequest: false } } })).toEqual([]);
	});

	it("names a keyword or phrase that never fires, as it holds one of an intent whose rules are tried first", () => {
		const intents = [
			askForPerson,
			answered("opening_hours", { keywords: ["open"] }),
			answered("book_repair", { keywords: ["open"], phrases: ["is the workshop open today", "book a repair"] }),
			{ ...answered("account_security", { phrases: ["book a repair"] }), sensitive: true },
		];
		expect(warningsFor({ intents })).toEqual([
			'intent "book_repair": the rule "open" never fires: it holds "open", a rule of "opening_hours", which is tried first (sensitive intents, then hand-offs, then the rest in the order listed).',
			'intent "book_repair": the rule "is the workshop open today" never fires: it holds "open", a rule of "opening_hours", which is tried first (sensitive intents, then hand-offs, then the rest in the order listed).',
			'intent "book_repair": the rule "book a repair" never fires: it holds "book a repair", a rule of "account_security", which is tried first (sensitive intents, then hand-offs, then the rest in the order listed).',
		]);
	});
});
