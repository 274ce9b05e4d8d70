import { describe, expect, it } from "vitest";
import { MAX_HISTORY_MESSAGES, parseSiteConfig, SiteConfigError } from "../../shared/site-config.ts";
import { greetingFor } from "../../widget/lib/settings.ts";

function problemsOf(raw: unknown): string[] {
	try {
		parseSiteConfig(raw);
	} catch (error) {
		if (error instanceof SiteConfigError) return error.problems;
		throw error;
	}
	throw new Error("expected the config to be rejected");
}

describe("site config schema", () => {
	it("fills sensible defaults, including an AI disclosure, from an empty config", () => {
		const config = parseSiteConfig({});
		expect(config.allowedOrigins).toEqual(["http://localhost:8787"]);
		expect(config.assistant.disclosure).toMatch(/AI/);
		expect(config.assistant.fallback).toMatch(/person/);
		expect(config.limits.maxMessageLength).toBe(2000);
		expect(config.intents).toEqual([]);
	});

	it("names every bad field by its path", () => {
		expect(
			problemsOf({
				allowedOrigins: ["https://shop.example/path"],
				widget: { title: "" },
				intents: [{ id: "Track Order", description: "Tracking", rules: { keywords: ["track order"], patterns: ["(unclosed"] }, response: { text: "ok" } }],
			}),
		).toEqual([
			"allowedOrigins[0]: must be an origin as browsers send it, with no path or trailing slash: https://shop.example",
			expect.stringMatching(/^widget\.title: /),
			"intents[0].id: must be snake_case: a lowercase letter, then lowercase letters, digits and '_'",
			"intents[0].rules.keywords[0]: must be one word; put multi-word text in phrases",
			"intents[0].rules.patterns[0]: must be a valid JavaScript regular expression (it is used with the flags i and u)",
		]);
	});

	it("refuses an origin that could match no page: a wildcard, capitals, or no scheme, saying which", () => {
		expect(problemsOf({ allowedOrigins: ["https://*.shop.example", "https://Shop.Example", "shop.example"] })).toEqual([
			"allowedOrigins[0]: must be one origin: wildcards are not supported, so list each origin (https://shop.example.com, https://www.shop.example.com)",
			"allowedOrigins[1]: must be an origin as browsers send it, with lowercase letters: https://shop.example",
			"allowedOrigins[2]: must be an origin such as https://shop.example.com: http:// or https://, a host and an optional port",
		]);
	});

	it("says how an origin differs from the one browsers send, and gives that one", () => {
		expect(problemsOf({ allowedOrigins: ["https://bücher.example", "https://shop.example.com:443", "http://shop.example.com:80/", "https://Shop.Example/Help", "https://shop.example:8443", "http://[::1]:8787"] })).toEqual([
			"allowedOrigins[0]: must be an origin as browsers send it, with its host in punycode: https://xn--bcher-kva.example",
			"allowedOrigins[1]: must be an origin as browsers send it, with no default port (:443): https://shop.example.com",
			"allowedOrigins[2]: must be an origin as browsers send it, with no default port (:80) and no path or trailing slash: http://shop.example.com",
			"allowedOrigins[3]: must be an origin as browsers send it, with lowercase letters and no path or trailing slash: https://shop.example",
		]);
		expect(problemsOf({ allowedOrigins: ["https://fern@shop.example"] })).toEqual(["allowedOrigins[0]: must be an origin as browsers send it, with a scheme, a host and an optional port only: https://shop.example"]);
		expect(problemsOf({ allowedOrigins: ["HTTPS://shop.example"] })).toEqual(["allowedOrigins[0]: must be an origin as browsers send it, with lowercase letters: https://shop.example"]);
	});

	it("refuses a text of only spaces, which would reach customers blank", () => {
		const blank = "   ";
		const aSentenceOfSpaces = " ".repeat(30);
		expect(
			problemsOf({
				widget: { title: blank, greeting: blank, pageGreetings: [{ path: "/pricing*", text: blank }] },
				assistant: { name: blank, disclosure: aSentenceOfSpaces, fallback: blank, handoff: blank, resolved: blank, handedBack: aSentenceOfSpaces },
			}),
		).toEqual([
			"widget.title: must not be empty",
			"widget.greeting: must not be empty",
			"widget.pageGreetings[0].text: must not be empty",
			"assistant.name: must not be empty",
			"assistant.disclosure: must say plainly that the customer is talking to an AI",
			"assistant.fallback: must not be empty",
			"assistant.handoff: must not be empty",
			"assistant.resolved: must not be empty",
			"assistant.handedBack: must say plainly that the customer is talking to an AI again",
		]);
		expect(parseSiteConfig({ assistant: { fallback: " Not sure; shall I get you a person? " } }).assistant.fallback).toBe("Not sure; shall I get you a person?");
	});

	it("rejects unknown fields, so a typo is not silently ignored", () => {
		expect(problemsOf({ asistant: { name: "Fern" } })).toEqual([expect.stringMatching(/asistant/)]);
	});

	it("takes context words for a value list, one word each", () => {
		const list = { type: "account_type", values: ["standard", "premium"] };
		expect(parseSiteConfig({ entities: { valueLists: [{ ...list, context: ["account", "plan"] }] } }).entities.valueLists[0].context).toEqual(["account", "plan"]);
		expect(problemsOf({ entities: { valueLists: [{ ...list, context: ["account", "price plan"] }] } })).toEqual(["entities.valueLists[0].context[1]: must be one word of letters or digits"]);
		expect(problemsOf({ entities: { valueLists: [{ ...list, context: [] }] } })).toEqual([expect.stringMatching(/^entities\.valueLists\[0\]\.context: /)]);
	});

	it("says in words what to write in a field written wrongly, not which check of the library failed", () => {
		expect(problemsOf({ cascade: { threshold: 1.5 } })).toEqual(["cascade.threshold: must be at most 1"]);
		expect(problemsOf({ widget: { locale: "it" } })).toEqual(['widget.locale: must be one of "en", "es", "fr", "de", "ar"']);
		expect(problemsOf({ widget: { position: "center" } })).toEqual(['widget.position: must be one of "right", "left"']);
		expect(problemsOf({ limits: { maxMessageLength: 20.5 } })).toEqual(["limits.maxMessageLength: must be a whole number"]);
		expect(problemsOf({ limits: { maxMessageLength: -5 } })).toEqual(["limits.maxMessageLength: must be at least 20"]);
		expect(problemsOf({ limits: { maxMessageLength: "2000" } })).toEqual(["limits.maxMessageLength: must be a number, not a string"]);
		expect(problemsOf({ allowedOrigins: "https://shop.example" })).toEqual(["allowedOrigins: must be an array, not a string"]);
		expect(problemsOf({ handoff: { businessHours: { open: { mon: ["09:00", "17:00"] } } } })).toEqual(["handoff.businessHours.timezone: is required"]);
	});

	it("says of opening hours written wrongly only that, not also that they close before they open", () => {
		const hours = (mon: unknown) => ({ handoff: { businessHours: { timezone: "Europe/Berlin", open: { mon } } } });
		expect(problemsOf(hours(["9:00", "17:00"]))).toEqual(["handoff.businessHours.open.mon[0]: must be a 24-hour time such as 09:00"]);
		expect(problemsOf(hours(["17:00", "09:00"]))).toEqual(["handoff.businessHours.open.mon: must open before it closes"]);
	});

	it("rejects duplicate intent ids", () => {
		const intent = { id: "refunds", description: "Refund timing", examples: ["where is my refund"], response: { text: "Refunds take 5 days." } };
		expect(problemsOf({ intents: [intent, intent] })).toEqual(['intents[1].id: duplicate intent id "refunds": intents[0] has it too']);
	});

	it("rejects a disclosure too short to say plainly that this is an AI", () => {
		expect(problemsOf({ assistant: { disclosure: "Hi!" } })).toEqual([expect.stringMatching(/^assistant\.disclosure: .*AI/)]);
	});

	it("rejects a hand-back notice too short to say the customer is talking to an AI again", () => {
		expect(problemsOf({ assistant: { handedBack: "Back!" } })).toEqual([expect.stringMatching(/^assistant\.handedBack: .*AI again/)]);
		expect(parseSiteConfig({}).assistant.resolved).toBe("Our team marked this conversation as resolved. Write again any time.");
	});

	it("needs the saved-address notice to name the address, or the customer would not learn which one was saved", () => {
		expect(problemsOf({ assistant: { contactSaved: "Thanks!" } })).toEqual(["assistant.contactSaved: must contain {email}"]);
		expect(parseSiteConfig({ assistant: { contactSaved: "Merci : nous répondrons à {email}." } }).assistant.contactSaved).toBe("Merci : nous répondrons à {email}.");
	});
});

describe("intents in the site config", () => {
	const base = { id: "order_status", description: "Where an order is" };

	it("needs examples or rules, or nothing could ever match the intent", () => {
		expect(problemsOf({ intents: [{ ...base, response: { text: "Track it under Orders." } }] })).toEqual([
			"intents[0].examples: needs example utterances or rules, or nothing can ever match it",
		]);
	});

	it("needs a response unless the intent is sensitive or hands off", () => {
		expect(problemsOf({ intents: [{ ...base, examples: ["where is my parcel"] }] })).toEqual(["intents[0].response: is required unless the intent is sensitive or hands off"]);
		const sensitive = parseSiteConfig({ intents: [{ ...base, id: "legal_threat", rules: { keywords: ["lawyer"] }, sensitive: true }] });
		expect(sensitive.intents[0]).toMatchObject({ sensitive: true, rules: { keywords: ["lawyer"], phrases: [], patterns: [] }, examples: [] });
	});

	it("checks response placeholders have a fallback text", () => {
		expect(problemsOf({ intents: [{ ...base, examples: ["where is my parcel"], response: { text: "Track {order_id} under Orders." } }] })).toEqual([
			"intents[0].response.text: placeholders must look like {entity_type|text used when the message has none}, e.g. {order_id|your order}",
		]);
	});

	it("refuses a placeholder left open, or one naming no entity type, which would reach customers as written or never be filled", () => {
		const answering = (text: string, valueLists: unknown[] = []) => ({ entities: { valueLists }, intents: [{ ...base, examples: ["where is my parcel"], response: { text } }] });
		expect(problemsOf(answering("Track {order_id|your order here under Orders."))).toEqual([expect.stringMatching(/^intents\[0\]\.response\.text: placeholders must look like/)]);
		expect(problemsOf(answering("Track order_id|your order} under Orders."))).toEqual([expect.stringMatching(/^intents\[0\]\.response\.text: placeholders must look like/)]);
		expect(problemsOf(answering("Track {orderid|your order} under Orders."))).toEqual([
			'intents[0].response.text: no entity has the type "orderid"; the types are order_id, invoice_id, refund_amount, email, phone, date',
		]);
		const plans = { type: "account_type", values: ["standard", "premium"] };
		expect(parseSiteConfig(answering("Your {account_type|current} plan includes {order_id|your order}.", [plans])).intents[0].response?.text).toContain("{account_type|current}");
		expect(problemsOf(answering("ok", [{ type: "order_id", values: ["gold"] }]))).toEqual([expect.stringMatching(/^entities\.valueLists\[0\]\.type: "order_id" is a built-in entity type/)]);
	});

	it("refuses a link in an answer that the chat would show as written, as it is no full web or mail address", () => {
		const answering = (text: string) => ({ intents: [{ ...base, examples: ["where are my orders"], response: { text } }] });
		expect(problemsOf(answering("See [My orders](/orders), [our FAQ](https://shop.example/faq) or [write to us](mailto:help@shop.example).\n- [Pay](javascript:pay)"))).toEqual([
			"intents[0].response.text: [My orders](/orders) would show as written, not as a link: write the link's full address, starting with https://",
			"intents[0].response.text: [Pay](javascript:pay) would show as written, not as a link: write the link's full address, starting with https://",
		]);
	});

	it("refuses a link or web address inside bold, which the chat would show as written or as plain text", () => {
		const answering = (text: string) => ({ intents: [{ ...base, examples: ["where are my orders"], response: { text } }] });
		expect(problemsOf(answering("**[My orders](https://shop.example/orders)** and\n- **see https://shop.example/faq**\n**[ok]** **https** [**Pay**](https://shop.example/pay)"))).toEqual([
			"intents[0].response.text: **[My orders](https://shop.example/orders)** would show its link as written or as plain text: links cannot be bold; put the link outside the ** **",
			"intents[0].response.text: **see https://shop.example/faq** would show its link as written or as plain text: links cannot be bold; put the link outside the ** **",
			"intents[0].response.text: the link **Pay** would show its ** as written: a link's label cannot be bold",
		]);
		const linked = { intents: [{ ...base, examples: ["where are my orders"], response: { text: "See below.", link: { label: "**My orders**", url: "https://shop.example/orders" } } }] };
		expect(problemsOf(linked)).toEqual(["intents[0].response.link.label: is shown as plain text, without formatting: **My orders** would show as written"]);
	});

	it("refuses formatting in a notice or greeting, which the chat shows as plain text, and reads the fallback as an answer", () => {
		expect(
			problemsOf({
				widget: { greeting: "Hi! **Free shipping** today", pageGreetings: [{ path: "/faq", text: "See [all questions](https://shop.example/faq)" }] },
				assistant: {
					handoff: "Passing you to our team. You can also [write to us](mailto:help@shop.example).",
					handoffWait: "A person replies within **{wait}**.",
					resolved: "Solved: see https://shop.example/help and 2 ** 3 *is* fine",
					fallback: "I'm not sure. [Help centre](/help)",
				},
			}),
		).toEqual([
			"widget.greeting: is shown as plain text, without formatting: **Free shipping** would show as written",
			"widget.pageGreetings[0].text: is shown as plain text, without formatting: [all questions](https://shop.example/faq) would show as written",
			"assistant.fallback: [Help centre](/help) would show as written, not as a link: write the link's full address, starting with https://",
			"assistant.handoff: is shown as plain text, without formatting: [write to us](mailto:help@shop.example) would show as written",
			"assistant.handoffWait: is shown as plain text, without formatting: **{wait}** would show as written",
		]);
	});

	it("refuses an example given to two intents, which the matcher would learn as both", () => {
		const intent = (id: string, examples: string[]) => ({ id, description: id, examples, response: { text: "ok" } });
		expect(problemsOf({ intents: [intent("track_order", ["where is my parcel", "track my order"]), intent("delivery_time", ["how long is delivery", "Where is my parcel"])] })).toEqual([
			'intents[1].examples[1]: is also an example of "track_order"; an example belongs to one intent',
		]);
		// Within one intent, a repeat would weigh twice in what the matcher learns.
		expect(problemsOf({ intents: [intent("track_order", ["where is my parcel", "Where is my parcel"])] })).toEqual(["intents[0].examples[1]: is the same as [0]; give each once"]);
	});

	it("reports a problem across intents with those of every other field, so the owner fixes them in one round", () => {
		const intent = (id: string, examples: string[]) => ({ id, description: id, examples, response: { text: "ok" } });
		expect(
			problemsOf({
				widget: { position: "center" },
				intents: [intent("track_order", ["where is my parcel"]), intent("delivery_time", ["Where is my parcel"]), intent("track_order", ["track it"])],
				entities: { valueLists: [{ type: "order_id", values: ["gold"] }] },
			}),
		).toEqual([
			expect.stringMatching(/^widget\.position: /),
			'intents[1].examples[0]: is also an example of "track_order"; an example belongs to one intent',
			'intents[2].id: duplicate intent id "track_order": intents[0] has it too',
			'entities.valueLists[0].type: "order_id" is a built-in entity type; give the list a type of its own',
		]);
	});

	it("lists the problems across intents, and each intent's own, even where an intent or a field fails its type check", () => {
		const intent = (id: string, examples: unknown[], more = {}) => ({ id, description: id, examples, response: { text: "ok" }, ...more });
		expect(
			problemsOf({
				intents: [
					intent("track_order", ["where is my parcel", "track it", 42, "Track it"], { sensitive: "yes" }),
					{ id: "delivery_time", examples: ["Where is my parcel"], response: { text: "It takes {days|a few days}." } },
					intent("track_order", ["anything else"], { action: "hand_off" }),
					"refunds",
					{ id: 7 },
				],
				entities: { valueLists: [{ type: "plan", values: ["pro", 3, "Pro"] }, { type: "plan", values: "team" }] },
			}),
		).toEqual([
			"intents[0].examples[2]: must be a string, not a number",
			"intents[0].examples[3]: is the same as [1]; give each once",
			"intents[0].sensitive: must be true or false, not a string",
			"intents[1].description: is required",
			expect.stringMatching(/^intents\[2\]\.action: /),
			"intents[3]: must be an object, not a string",
			"intents[4].id: must be a string, not a number",
			"intents[4].description: is required",
			"intents[4].examples: needs example utterances or rules, or nothing can ever match it",
			"intents[4].response: is required unless the intent is sensitive or hands off",
			'intents[1].examples[0]: is also an example of "track_order"; an example belongs to one intent',
			'intents[2].id: duplicate intent id "track_order": intents[0] has it too',
			"entities.valueLists[0].values[1]: must be a string, not a number",
			"entities.valueLists[0].values[2]: is the same as [0]; give each once",
			"entities.valueLists[1].values: must be an array, not a string",
			"entities.valueLists[1]: has the same type as [0]; give each once",
			'intents[1].response.text: no entity has the type "days"; the types are order_id, invoice_id, refund_amount, email, phone, date, plan',
		]);
	});

	it("checks across fields whatever the config holds in their place, naming nothing that is not there", () => {
		for (const intents of ["none", [null], [[]], [{ id: "x", examples: "where", rules: "lawyer", response: 3 }]]) {
			expect(problemsOf({ intents, entities: { valueLists: [null, { type: 5 }] } }).length).toBeGreaterThan(0);
		}
		// A value list whose type cannot be read may be the one a placeholder names.
		const answering = { id: "plans", description: "Plans", examples: ["which plan"], response: { text: "Your {plan|current} plan." } };
		expect(problemsOf({ intents: [answering], entities: { valueLists: [{ type: 5, values: ["pro"] }] } })).toEqual([expect.stringMatching(/^entities\.valueLists\[0\]\.type: /)]);
	});

	it("takes only an https avatar, as an http image on an https page is blocked or flagged as mixed content", () => {
		expect(problemsOf({ widget: { avatarUrl: "http://cdn.example/fern.png" } })).toEqual(["widget.avatarUrl: must be a web address starting with https://"]);
		expect(parseSiteConfig({ widget: { avatarUrl: "https://cdn.example/fern.png" } }).widget.avatarUrl).toBe("https://cdn.example/fern.png");
	});

	it("takes only a Claude model id for tier 2", () => {
		const refused = "cascade.llm.model: must be a Claude model id, such as claude-haiku-4-5: its version is written with '-', not '.'";
		expect(problemsOf({ cascade: { llm: { model: "gpt-4" } } })).toEqual([refused]);
		// A version written with a dot names no model, and would fail only at the first call to Claude.
		expect(problemsOf({ cascade: { llm: { model: "claude-haiku-4.5" } } })).toEqual([refused]);
		expect(parseSiteConfig({ cascade: { llm: { model: "claude-sonnet-4-5-20250929" } } }).cascade.llm.model).toBe("claude-sonnet-4-5-20250929");
	});

	it("refuses what is given twice in a list, naming the place of the first, and a value in two value lists", () => {
		const config = {
			allowedOrigins: ["https://shop.example", "https://shop.example"],
			widget: { pageGreetings: [{ path: "/pricing*", text: "Plans?" }, { path: "/pricing*", text: "Questions on plans?" }] },
			intents: [{ id: "track_order", description: "Tracking", examples: ["Where is my order", "where is my order"], rules: { keywords: ["track", "Track"] }, response: { text: "ok", quickReplies: ["Yes", "yes"] } }],
			entities: { valueLists: [{ type: "plan", values: ["pro", "basic"] }, { type: "plan", values: ["team"] }, { type: "tier", values: ["Pro"] }] },
		};
		expect(problemsOf(config)).toEqual([
			"allowedOrigins[1]: is the same as [0]; give each once",
			"widget.pageGreetings[1]: has the same path as [0]; give each once",
			"intents[0].examples[1]: is the same as [0]; give each once",
			"intents[0].rules.keywords[1]: is the same as [0]; give each once",
			"intents[0].response.quickReplies[1]: is the same as [0]; give each once",
			"entities.valueLists[1]: has the same type as [0]; give each once",
			'entities.valueLists[2].values[0]: is also a value of "plan"; a value belongs to one list',
		]);
	});

	it("refuses what is accepted as written but could never work: a pattern in /…/flags, a greeting path with a query, a three-digit colour", () => {
		const config = {
			widget: { color: "#abc", pageGreetings: [{ path: "/pricing?plan=team", text: "Plans?" }, { path: "/*/help/*", text: "Help?" }] },
			intents: [{ id: "greeting", description: "Hello", rules: { patterns: ["/^hi$/i", "^hi$", "/hello there/i", "/^hey/", "/orders/", "/help/faq"] }, response: { text: "Hello!" } }],
		};
		expect(problemsOf(config)).toEqual([
			"widget.pageGreetings[0].path: must be a path starting with /, with * as a wildcard, and no ?query or #fragment: only the page's path is compared",
			"widget.pageGreetings[1].path: may hold one * at most: with more, a very long page path could freeze the visitor's tab",
			"widget.color: must be a colour of six hex digits, like #1d4ed8",
			"intents[0].rules.patterns[0]: must be written without the /…/ and flags around it (^hi$, not /^hi$/i): it is matched ignoring case already",
			"intents[0].rules.patterns[2]: must be written without the /…/ and flags around it (^hi$, not /^hi$/i): it is matched ignoring case already",
			"intents[0].rules.patterns[3]: must be written without the /…/ and flags around it (^hi$, not /^hi$/i): it is matched ignoring case already",
		]);
	});

	it("refuses a keyword or phrase that the rules read as no words, or as words without a sign that matters, suggesting a pattern", () => {
		const rules = (keywords: string[], phrases: string[]) => ({ intents: [{ id: "complaint", description: "Complaints", rules: { keywords, phrases }, response: { text: "Sorry to hear that." } }] });
		expect(problemsOf(rules(["😡", "€", "C++", "Rëfund!", "e-mail"], ["!!!", "talk to a human", "£10 refund"]))).toEqual([
			'intents[0].rules.keywords[0]: has no letters or digits, so it can never match: keywords and phrases are read as words, without punctuation, symbols or emoji; to match "😡", write a pattern instead: 😡',
			'intents[0].rules.keywords[1]: has no letters or digits, so it can never match: keywords and phrases are read as words, without punctuation, symbols or emoji; to match "€", write a pattern instead: €',
			'intents[0].rules.keywords[2]: is read as "c", as keywords and phrases are read as words, without punctuation, symbols or emoji: "c" alone would fire it; to match "C++", write a pattern instead: C\\+\\+',
			'intents[0].rules.phrases[0]: has no letters or digits, so it can never match: keywords and phrases are read as words, without punctuation, symbols or emoji; to match "!!!", write a pattern instead: !!!',
			'intents[0].rules.phrases[2]: is read as "10 refund", as keywords and phrases are read as words, without punctuation, symbols or emoji: "10 refund" alone would fire it; to match "£10 refund", write a pattern instead: £10 refund',
		]);
	});

	it("refuses a pattern that matches an empty text, as it fires on every message", () => {
		const intent = (patterns: string[]) => ({ intents: [{ id: "greeting", description: "Hello", rules: { patterns }, response: { text: "Hello!" } }] });
		const refused = "matches an empty text, so it fires on every message: make what it looks for required, e.g. (hi|hello), not (hi|hello)?";
		// The last: nothing matched in front of any word, so on every message with one.
		expect(problemsOf(intent(["(hi|hello)?", "^", "hi|", "^(hi|hello)\\b", "\\bC\\+\\+", "(?=order)", "(hi|hello)?\\b"]))).toEqual([0, 1, 2, 6].map((index) => `intents[0].rules.patterns[${index}]: ${refused}`));
	});

	it("keeps a greeting's path as browsers give the page's, percent-encoded, so that one with ü or an emoji still greets its page", () => {
		const { pageGreetings } = parseSiteConfig({ widget: { pageGreetings: [{ path: "/über*", text: "Über uns?" }, { path: "/%C3%A4rger", text: "Ärger?" }, { path: "/🎁/*", text: "A gift?" }, { path: "/pricing*", text: "Plans?" }] } }).widget;
		expect(pageGreetings.map((greeting) => greeting.path)).toEqual(["/%C3%BCber*", "/%C3%A4rger", "/%F0%9F%8E%81/*", "/pricing*"]);
		const onPage = (url: string) => greetingFor({ greeting: null, pageGreetings }, new URL(url).pathname);
		expect([onPage("https://shop.example/über-uns"), onPage("https://shop.example/ärger"), onPage("https://shop.example/🎁/wrap"), onPage("https://shop.example/pricing")]).toEqual(["Über uns?", "Ärger?", "A gift?", "Plans?"]);
		// The same page written both ways is one path, given twice.
		expect(problemsOf({ widget: { pageGreetings: [{ path: "/über", text: "Hallo!" }, { path: "/%C3%BCber", text: "Hi!" }] } })).toEqual(["widget.pageGreetings[1]: has the same path as [0]; give each once"]);
	});

	it("refuses a pattern that can backtrack exponentially, naming it", () => {
		const intent = (patterns: string[]) => ({ intents: [{ id: "track_order", description: "Tracking", rules: { patterns }, response: { text: "ok" } }] });
		expect(problemsOf(intent(["order\\s*#?\\d{5,}", "(a+)+$", "(\\w+\\s?)*$"]))).toEqual([
			expect.stringMatching(/^intents\[0\]\.rules\.patterns\[1\]: must not nest repetition/),
			expect.stringMatching(/^intents\[0\]\.rules\.patterns\[2\]: must not nest repetition/),
			expect.stringMatching(/^intents\[0\]\.rules\.patterns\[2\]: matches an empty text/),
		]);
	});

	it("fills the cascade's defaults: a fast Claude model and time budgets", () => {
		const { cascade } = parseSiteConfig({});
		expect(cascade.threshold).toBeUndefined();
		expect(cascade.llm).toEqual({ model: "claude-haiku-4-5", firstTokenTimeoutMs: 3000, totalTimeoutMs: 20000, maxTokens: 400, historyMessages: 10, linkDomains: [] });
		expect(problemsOf({ cascade: { llm: { firstTokenTimeoutMs: 5 } } })).toEqual([expect.stringMatching(/^cascade\.llm\.firstTokenTimeoutMs: /)]);
		// No more than the prompt would take: a larger number would promise Claude context it never gets.
		expect(parseSiteConfig({ cascade: { llm: { historyMessages: MAX_HISTORY_MESSAGES } } }).cascade.llm.historyMessages).toBe(MAX_HISTORY_MESSAGES);
		expect(problemsOf({ cascade: { llm: { historyMessages: MAX_HISTORY_MESSAGES + 1 } } })).toEqual([expect.stringMatching(/^cascade\.llm\.historyMessages: /)]);
	});

	it("refuses a first-token limit above the whole reply's, at the first-token limit, saying what to write", () => {
		const refused = "cascade.llm.firstTokenTimeoutMs: must be at most totalTimeoutMs (1000), by which the whole reply is stopped: write 1000 or less, or raise totalTimeoutMs";
		expect(problemsOf({ cascade: { llm: { firstTokenTimeoutMs: 30_000, totalTimeoutMs: 1000 } } })).toEqual([refused]);
		// The default first-token limit, 3000, is above it too.
		expect(problemsOf({ cascade: { llm: { totalTimeoutMs: 1000 } } })).toEqual([refused]);
		expect(problemsOf({ cascade: { llm: { firstTokenTimeoutMs: 2000, totalTimeoutMs: 1000, maxTokens: "400" } } })).toEqual([expect.stringMatching(/^cascade\.llm\.maxTokens: /), refused]);
		expect(parseSiteConfig({ cascade: { llm: { firstTokenTimeoutMs: 1000, totalTimeoutMs: 1000 } } }).cascade.llm.firstTokenTimeoutMs).toBe(1000);
	});
});

describe("privacy in the site config", () => {
	it("keeps conversations 90 days after their last activity unless told otherwise", () => {
		expect(parseSiteConfig({}).privacy).toEqual({ retentionDays: 90 });
		expect(parseSiteConfig({ privacy: { retentionDays: 30 } }).privacy.retentionDays).toBe(30);
		expect(parseSiteConfig({ privacy: { retentionDays: 1 } }).privacy.retentionDays).toBe(1);
		expect(parseSiteConfig({ privacy: { retentionDays: 3650 } }).privacy.retentionDays).toBe(3650);
	});

	it("names the field when the retention is not a whole number of days from 1 to 3650", () => {
		for (const retentionDays of [0, -5, 3651, 1.5, "90", null]) {
			expect(problemsOf({ privacy: { retentionDays } })).toEqual([expect.stringMatching(/^privacy\.retentionDays: /)]);
		}
	});

	it("rejects unknown privacy fields, such as a misspelt retention", () => {
		expect(problemsOf({ privacy: { retentionDay: 30 } })).toEqual(['privacy.retentionDay: is no field here (did you mean "retentionDays"?)']);
	});

	it("names the weekday meant by a misspelt or spelt-out one in business hours", () => {
		const hours = (open: Record<string, [string, string]>) => problemsOf({ handoff: { businessHours: { timezone: "Europe/London", open } } });
		expect(hours({ monday: ["09:00", "17:00"] })).toContain('handoff.businessHours.open.monday: is no field here (did you mean "mon"?)');
		expect(hours({ tues: ["09:00", "17:00"] })).toContain('handoff.businessHours.open.tues: is no field here (did you mean "tue"?)');
		expect(hours({ mon: ["09:00", "17:00"], xyz: ["09:00", "17:00"] })).toEqual(["handoff.businessHours.open.xyz: is no field here; the fields are sun, mon, tue, wed, thu, fri, sat"]);
	});

	it("names each intent's problems by the intent's id too, in the message the owner reads", () => {
		const raw = {
			widget: { titel: "Help" },
			intents: [
				{ id: "track_order", description: "Where an order is", examples: ["where is my order"], respons: { text: "Under Orders." } },
				{ id: "Bad Id", description: "x", examples: ["hi"], response: { text: "hello" } },
			],
		};
		let message = "";
		try {
			parseSiteConfig(raw);
		} catch (error) {
			message = (error as SiteConfigError).message;
		}
		expect(message.split("\n").slice(1)).toEqual([
			'  - widget.titel: is no field here (did you mean "title"?)',
			'  - intents[0].respons (intent "track_order"): is no field here (did you mean "response"?)',
			'  - intents[0].response (intent "track_order"): is required unless the intent is sensitive or hands off',
			"  - intents[1].id: must be snake_case: a lowercase letter, then lowercase letters, digits and '_'",
		]);
	});

	it("names a misspelt field where it is, with the field it most likely meant, or the fields there are", () => {
		expect(problemsOf({ widget: { titel: "Help" }, cascade: { llm: { modle: "claude-haiku-4-5" } }, colour: "#000000" })).toEqual([
			'widget.titel: is no field here (did you mean "title"?)',
			'cascade.llm.modle: is no field here (did you mean "model"?)',
			"colour: is no field here; the fields are $schema, allowedOrigins, widget, assistant, intents, entities, cascade, handoff, limits, privacy",
		]);
		expect(problemsOf({ intents: [{ id: "order_status", description: "Orders", Examples: ["where is my order"], response: { text: "ok" } }] })[0]).toBe('intents[0].Examples: is no field here (did you mean "examples"?)');
	});
});
