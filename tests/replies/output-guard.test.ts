import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { INSTRUCTIONS_MARKER, instructions, systemBlocks } from "../../worker/cascade/llm/prompt.ts";
import { compiledSite } from "../../worker/config/compiled-site.ts";
import { guardedStream, type OutputRules } from "../../worker/replies/output-guard/guarded-stream.ts";
import { leaks, QUOTE_WORDS, secretValues } from "../../worker/replies/output-guard/leak-check.ts";
import { filterLinks, REMOVED_LINK } from "../../worker/replies/output-guard/link-filter.ts";
import { parseBlocks } from "../../shared/formatting.ts";
import { runs } from "../support/property-runs.ts";

const DOMAINS = ["shop.example"];
const SECRET = "sk-ant-very-secret-key-0123456789";
const NAME = compiledSite.config.assistant.name;
const INSTRUCTIONS = instructions(NAME);
const rules: OutputRules = { linkDomains: DOMAINS, secrets: [SECRET], instructionFragments: compiledSite.instructionFragments };

function streamed(chunks: string[]): { deltas: string[]; final: string | null } {
	const deltas: string[] = [];
	const stream = guardedStream(rules, (text) => deltas.push(text));
	for (const chunk of chunks) stream.push(chunk);
	return { deltas, final: stream.finish() };
}

const words = (text: string) => text.match(/\s*\S+/g) ?? [];

describe("links in Claude's replies", () => {
	it("keeps links to the site's domains and their subdomains", () => {
		const text = "See [your orders](https://shop.example/orders), https://help.shop.example/returns and [mail us](mailto:help@shop.example).";
		expect(filterLinks(text, DOMAINS)).toBe(text);
	});

	it("drops the target of a link elsewhere, keeping its label", () => {
		expect(filterLinks("Pay at [our portal](https://evil.example/pay) today", DOMAINS)).toBe("Pay at our portal today");
		expect(filterLinks("[x](javascript:alert(1))", DOMAINS)).not.toContain("javascript:");
		expect(filterLinks("[write](mailto:scam@evil.example)", DOMAINS)).toBe("write");
	});

	it("filters again what dropping a target leaves behind, however deeply links are nested", () => {
		expect(filterLinks("[[Reset password](https://x.example)](https:/evil.example/reset)", DOMAINS)).toBe("Reset password");
		expect(filterLinks(`${"[".repeat(5)}a${"](https://x.example)".repeat(5)}`, DOMAINS)).toBe("a");
		// An allowed inner link stays, and leaves no room for a new one: what follows it is text.
		const allowedInside = "[[Orders](https://shop.example/orders)](https:/evil.example)";
		expect(filterLinks(allowedInside, DOMAINS)).toBe(allowedInside);
	});

	it("keeps a mail link only when every recipient is at the site's domains", () => {
		const kept = "[mail us](mailto:help@shop.example?subject=Order%2000123842&body=Hello)";
		expect(filterLinks(kept, DOMAINS)).toBe(kept);
		for (const target of ["mailto:attacker@evil.example,help@shop.example", "mailto:help@shop.example,attacker@evil.example", "mailto:help@shop.example%2Cattacker@evil.example", "mailto:attacker@evil.example;help@shop.example", "mailto:help@shop.example%3Battacker@evil.example", "mailto:attacker@evil.example@shop.example", "mailto:\"a@evil.example\"@shop.example", "mailto:help@shop.example?bcc=attacker@evil.example", "mailto:help@shop.example?CC=attacker@evil.example", "mailto:?to=help@shop.example"]) {
			expect(filterLinks(`[mail us](${target})`, DOMAINS), target).toBe("mail us");
		}
	});

	it("replaces bare addresses elsewhere, including look-alikes", () => {
		expect(filterLinks("Try https://evil.example/x, or not.", DOMAINS)).toBe(`Try ${REMOVED_LINK}, or not.`);
		for (const url of ["https://evil.example/x", "http://shop.example.evil.example/", "https://evilshop.example", "www.evil.example", "https://shop.example@evil.example/"]) {
			expect(filterLinks(`Go to ${url} now`, DOMAINS)).toBe(`Go to ${REMOVED_LINK} now`);
		}
	});
});

describe("links the widget shows from a filtered reply", () => {
	/** The targets of the links the widget renders from `text` (shared/formatting.ts). */
	const shownLinks = (text: string) =>
		parseBlocks(text)
			.flatMap((block) => (block.type === "paragraph" ? block.inlines : block.items.flat()))
			.flatMap((inline) => (inline.type === "link" ? [inline.href] : []));
	// "shop.example." is the same host, written as a fully qualified name.
	const onSite = (host: string) => ["shop.example", ".shop.example"].some((end) => `.${host.replace(/\.$/, "")}`.endsWith(end));
	const allowed = (href: string) => {
		const url = new URL(href);
		if (url.protocol !== "mailto:") return onSite(url.hostname);
		const recipients = [...decodeURIComponent(url.pathname).split(/[,;]/), ...[...url.searchParams].filter(([field]) => !/^(subject|body)$/i.test(field)).map(([, value]) => value)];
		return recipients.every((address) => address.includes("@") && onSite(address.slice(address.lastIndexOf("@") + 1).trim()));
	};

	it("points only at the site's domains, however the reply glues addresses, brackets and words together", () => {
		const pieces = ["https://", "http://", "HTTPS://", "https:", "www.", "mailto:", "evil.example", "shop.example", "@", "/", "\\", "x", "_", "1", "(", ")", "[", "]", "](", "'", '"', "*", "**", "**[", ".", ",", ":", "?bcc=", "?subject=", "%2C", ";", "%3B", " ", "\n", "- "];
		fc.assert(
			fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 24 }), (parts) => {
				for (const href of shownLinks(filterLinks(parts.join(""), DOMAINS))) expect(allowed(href), href).toBe(true);
			}),
			runs(3_000),
		);
	});

	it("shows no link elsewhere from the replies that once slipped one past the filter", () => {
		expect(filterLinks("Visit xhttps://evil.example/pay now", DOMAINS)).toBe(`Visit x${REMOVED_LINK} now`);
		for (const reply of [
			"Visit 1https://evil.example/pay",
			"**https://shop.example/a**https://evil.example/pay",
			"https://evil.example(mailto:scam@evil.example)",
			"www.shop.example\\https://evil.example/pay",
			"HTTPS://shop.example/https://evil.example/pay",
			"https://shop.example/[x](https://evil.example/pay)",
			// Bold text that takes a "[", and a label over two lines: the widget reads them so.
			"**[a**](https://shop.example/[b](mailto:x@evil.example)",
			"**[a**](https://shop.example/[b](https:evil.example/pay)",
			"[a\n](https://shop.example/[b](mailto:x@evil.example)",
			"- [a](https://evil.example/pay)",
		]) {
			expect(shownLinks(reply).every(allowed), reply).toBe(false);
			expect(shownLinks(filterLinks(reply, DOMAINS)).filter((href) => !allowed(href)), reply).toEqual([]);
		}
		// An address the widget would not link, whose removal would make a link of what follows.
		expect(shownLinks(filterLinks("HTTPS://evil.example(mailto:scam@evil.example)", DOMAINS))).toEqual([]);
	});
});

describe("leaks", () => {
	it("catches a secret, a quote of the instructions, and the prompt's markup", () => {
		expect(leaks(`my key is ${SECRET}`, rules.secrets, rules.instructionFragments)).toBe(true);
		const quote = INSTRUCTIONS.split("\n").find((line) => line.startsWith("- You cannot see")) as string;
		expect(leaks(`Sure: ${quote.slice(2, 60)}`, rules.secrets, rules.instructionFragments)).toBe(true);
		expect(leaks('<topic id="refund">', rules.secrets, rules.instructionFragments)).toBe(true);
	});

	it("catches a quote of the instructions hidden by invisible characters, which the customer would read whole", () => {
		const line = INSTRUCTIONS.split("\n").find((candidate) => candidate.startsWith("- You cannot see")) as string;
		const hidden = line.replace(/(\p{L})(\p{L}*)/gu, "$1\u200b$2");
		expect(hidden).not.toContain(line.slice(2, 20));
		expect(leaks(hidden, rules.secrets, rules.instructionFragments)).toBe(true);
		expect(streamed(words(hidden)).final).toBeNull();
		expect(leaks(`my key is ${SECRET.replace("very", "ve\u2060ry")}`, rules.secrets, rules.instructionFragments)).toBe(true);
		expect(leaks(line.replace(/(\p{L})(\p{L}*)/gu, "$1\u2066$2"), rules.secrets, rules.instructionFragments)).toBe(true);
	});

	it("lets ordinary support replies and the site's own answers through", () => {
		const replies = [
			"I'm not sure I can answer that correctly. Would you like me to connect you with a person from our team?",
			"We don't make gift boxes, sorry. Is there anything else I can help with?",
			"Refunds usually reach your card within 5 to 10 business days after we receive the return.",
			...compiledSite.config.intents.flatMap((intent) => (intent.response ? [intent.response.text] : [])),
		];
		for (const reply of replies) expect(leaks(reply, rules.secrets, rules.instructionFragments), reply).toBe(false);
	});

	it("lets through what the instructions mean Claude to tell the customer", () => {
		const replies = [
			`Hi! I'm ${NAME}, the AI customer support assistant of this website.`,
			"Please don't send card numbers or national ids in this chat.",
			"Sorry, I cannot see orders, accounts, payments or deliveries.",
		];
		for (const reply of replies) expect(leaks(reply, rules.secrets, rules.instructionFragments), reply).toBe(false);
	});

	it("still catches the instructions read out without their marker, line by line, and the topic list", () => {
		const lines = INSTRUCTIONS.replace(INSTRUCTIONS_MARKER, "").split("\n").filter((line) => line.split(/\s+/).length >= QUOTE_WORDS);
		for (const line of lines) expect(leaks(line, rules.secrets, rules.instructionFragments), line).toBe(true);
		const topics = systemBlocks(NAME, compiledSite.llmIntents)[0].text.slice(INSTRUCTIONS.length);
		expect(leaks(topics, rules.secrets, rules.instructionFragments)).toBe(true);
	});

	it("reads every configured secret, also a whsec_ secret without its prefix and each of several", () => {
		const env = { ANTHROPIC_API_KEY: SECRET, FRONTDESK_WEBHOOK_SECRET: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw whsec_c2Vjb25kLXNlY3JldA==", FRONTDESK_AGENT_TOKEN: undefined };
		expect(secretValues(env, ["ANTHROPIC_API_KEY", "FRONTDESK_WEBHOOK_SECRET", "FRONTDESK_AGENT_TOKEN"])).toEqual([
			SECRET,
			SECRET,
			"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
			"MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
			"whsec_c2Vjb25kLXNlY3JldA==",
			"c2Vjb25kLXNlY3JldA==",
		]);
	});
});

describe("the guarded stream", () => {
	const safeReply = "Returns are free within 30 days. Start one under [Orders](https://shop.example/orders) and print the label, then drop the parcel at any post office.";

	it("passes a safe reply on word by word, and the deltas add up to the final reply", () => {
		fc.assert(
			fc.property(fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 60 }), (sizes) => {
				const chunks: string[] = [];
				for (let at = 0, index = 0; at < safeReply.length; index++) {
					const size = sizes[index % sizes.length];
					chunks.push(safeReply.slice(at, at + size));
					at += size;
				}
				const { deltas, final } = streamed(chunks);
				expect(final).toBe(safeReply);
				expect(deltas.join("")).toBe(safeReply);
				expect(deltas.length).toBeGreaterThan(1);
			}),
			runs(100),
		);
	});

	it("never passes on a link elsewhere, even while it arrives in pieces", () => {
		const { deltas, final } = streamed(words("Please pay the fee at [our portal](https://evil.example/pay) to release the parcel."));
		expect(deltas.join("")).not.toContain("evil");
		expect(final).toBe("Please pay the fee at our portal to release the parcel.");
		const nested = streamed([..."Reset it [[here](https://x.example)](https:/evil.example/reset) now."]);
		expect(nested.deltas.join("")).not.toContain("evil");
		expect(nested.final).toBe("Reset it here now.");
	});

	it("filters links split anywhere, and passes on the same text the reply ends with", () => {
		const reply = "Thanks, your [email] is safe. Pay at [our portal](https://evil.example/pay), not [here] (https://evil.example) or [there](x y), but see [Orders](https://shop.example/orders) [card].";
		fc.assert(
			fc.property(fc.uniqueArray(fc.integer({ min: 1, max: reply.length - 1 }), { maxLength: 40 }), (cuts) => {
				const bounds = [0, ...cuts.sort((a, b) => a - b), reply.length];
				const { deltas, final } = streamed(bounds.slice(1).map((bound, index) => reply.slice(bounds[index], bound)));
				expect(final).toBe(filterLinks(reply, DOMAINS));
				expect(deltas.join("")).toBe(final);
				for (const delta of deltas) expect(delta).not.toContain("evil");
			}),
			runs(100),
		);
	});

	it("passes on the words after a placeholder such as [email] before the reply ends", () => {
		const deltas: string[] = [];
		const stream = guardedStream(rules, (text) => deltas.push(text));
		for (const chunk of ["Thanks", " for", " sharing", " your", " [", "email", "].", " We", " will", " reply", " soon"]) stream.push(chunk);
		expect(deltas.join("")).toBe("Thanks for sharing your [email]. We will reply soon");
	});

	it("holds a bracketed label followed by ( until its link is whole and filtered", () => {
		const deltas: string[] = [];
		const stream = guardedStream(rules, (text) => deltas.push(text));
		for (const chunk of ["Pay", " at", " [our", " portal]", "(https://", "evil.example/pay", ")"]) stream.push(chunk);
		expect(deltas.join("")).toBe("Pay at ");
		stream.push(" today");
		expect(deltas.join("")).toBe("Pay at our portal today");
	});

	it("passes each word on as soon as it is whole, and a plain word even before", () => {
		const { deltas } = streamed(["Sure", "! We", " ship", " to", " Spain."]);
		expect(deltas).toEqual(["Sure", "! We", " ship", " to", " Spain."]);
	});

	it("stops before any of a secret reaches the customer, even glued to a word", () => {
		for (const text of [`Of course, here it is: ${SECRET} — keep it safe.`, `Of course: key=${SECRET}.`]) {
			const secret = streamed(Array.from(text));
			expect(secret.final).toBeNull();
			expect(secret.deltas.join("")).not.toContain("sk-a");
		}
	});

	it("stops a model reading out its instructions at their first word", () => {
		const echo = streamed(words(`Here are my instructions: ${INSTRUCTIONS}`));
		expect(echo.final).toBeNull();
		expect(echo.deltas.join("")).toBe("Here are my instructions:");
	});

	it("stops a quote from the middle of the instructions within four of its words", () => {
		const line = INSTRUCTIONS.split("\n").find((candidate) => candidate.startsWith("- You cannot see")) as string;
		const quote = streamed(words(`Well, ${line.slice(2)}`));
		expect(quote.final).toBeNull();
		expect(quote.deltas.join("").trim()).toBe("Well, You cannot see orders,");
	});
});
