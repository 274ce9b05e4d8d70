import { describe, expect, it } from "vitest";
import { parseSiteConfig, SiteConfigError } from "../../shared/site-config.ts";

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
				intents: [{ id: "Track Order", keywords: [], response: { text: "ok" } }],
			}),
		).toEqual([
			"allowedOrigins[0]: must be an origin: scheme, host and optional port, with no path or trailing slash",
			expect.stringMatching(/^widget\.title: /),
			"intents[0].id: must be snake_case: lowercase letters, digits and '_'",
			"intents[0].keywords: needs at least one keyword",
		]);
	});

	it("rejects unknown fields, so a typo is not silently ignored", () => {
		expect(problemsOf({ asistant: { name: "Fern" } })).toEqual([expect.stringMatching(/asistant/)]);
	});

	it("rejects duplicate intent ids", () => {
		const intent = { id: "refunds", keywords: ["refund"], response: { text: "Refunds take 5 days." } };
		expect(problemsOf({ intents: [intent, intent] })).toEqual(['intents[1].id: duplicate intent id "refunds"']);
	});

	it("rejects a disclosure too short to say plainly that this is an AI", () => {
		expect(problemsOf({ assistant: { disclosure: "Hi!" } })).toEqual([expect.stringMatching(/^assistant\.disclosure: .*AI/)]);
	});
});
