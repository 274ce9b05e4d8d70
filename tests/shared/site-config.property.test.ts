import fc from "fast-check";
import { describe, expect, it } from "vitest";
import rawSiteConfig from "../../frontdesk.config.json";
import { parseSiteConfig, SiteConfigError } from "../../shared/site-config.ts";
import { anyValue, hostileText } from "../support/hostile-arbitraries.ts";
import { NASTY_TEXTS } from "../support/nasty-inputs.ts";
import { runs } from "../support/property-runs.ts";

type Path = Array<string | number>;

// Every part of the schema in use, so mutations reach every field's validation.
const FULL_CONFIG = {
	allowedOrigins: ["https://shop.example", "http://localhost:8787"],
	widget: { title: "Help", greeting: "Hi!", pageGreetings: [{ path: "/pricing*", text: "Questions?" }], color: "#0a7d5a", position: "left", zIndex: 10, locale: "es", avatarUrl: "https://shop.example/a.png" },
	assistant: { name: "Fern", disclosure: "You are talking to an AI assistant.", fallback: "Not sure; a person?", handoff: "Passing you to a person." },
	intents: [
		{
			id: "order_status",
			description: "Where an order is",
			examples: ["where is my order"],
			rules: { keywords: ["tracking"], phrases: ["where is my parcel"], patterns: ["\\border\\s+#?\\d{5,}\\b"] },
			response: { text: "Your {order_id|order} is on its way.", quickReplies: ["Thanks"], link: { label: "Track", url: "https://shop.example/track" } },
		},
		{ id: "legal", description: "Legal threats", rules: { keywords: ["lawyer"] }, sensitive: true },
		{ id: "human", description: "Wants a person", rules: { phrases: ["real person"] }, action: "handoff" },
	],
	entities: { valueLists: [{ type: "account_type", values: ["free", "premium"] }] },
	cascade: { threshold: 0.7, llm: { model: "claude-haiku-4-5", firstTokenTimeoutMs: 2000, totalTimeoutMs: 15000, maxTokens: 300, historyMessages: 6 } },
	handoff: {
		triggers: { customerRequest: true, sensitive: true, repeatedFailure: false, negativeSentiment: true },
		failuresBeforeHandoff: 3,
		businessHours: { timezone: "Europe/Madrid", open: { mon: ["09:00", "17:00"], sat: ["10:00", "14:00"] } },
		expectedReplyMinutes: 30,
		askForEmail: false,
		maskInTicket: ["card", "email"],
	},
	limits: { maxMessageLength: 1000 },
};

function pathsOf(value: unknown, path: Path = []): Path[] {
	if (typeof value !== "object" || value === null) return [path];
	return [path, ...Object.entries(value).flatMap(([key, child]) => pathsOf(child, [...path, Array.isArray(value) ? Number(key) : key]))];
}

const BASES = [rawSiteConfig, FULL_CONFIG] as const;
const BASE_PATHS = BASES.map((base) => pathsOf(base).filter((path) => path.length > 0));

// Keys stay plain so a problem's rendered path can be walked back; the values are anything at all.
const plainKey = fc.oneof(fc.stringMatching(/^[a-zA-Z_$][a-zA-Z0-9_$]{0,9}$/), fc.constantFrom("__proto__", "constructor", "toString"));
const anyLeaf = fc.oneof(
	hostileText(40),
	fc.constantFrom(...NASTY_TEXTS.filter(({ text }) => text.length < 1000).map(({ text }) => text)),
	fc.double(),
	fc.integer(),
	fc.boolean(),
	fc.constant(null),
	fc.constant(undefined),
);
const anyReplacement = fc.oneof(anyLeaf, fc.anything({ key: plainKey, values: [anyLeaf], maxDepth: 2, maxKeys: 4 }));

type Mutation = { kind: "set"; at: number; value: unknown } | { kind: "delete"; at: number } | { kind: "add"; at: number; key: string; value: unknown };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
	fc.record({ kind: fc.constant("set" as const), at: fc.nat(), value: anyReplacement }),
	fc.record({ kind: fc.constant("delete" as const), at: fc.nat() }),
	fc.record({ kind: fc.constant("add" as const), at: fc.nat(), key: plainKey, value: anyReplacement }),
);

function parentAndKey(root: unknown, path: Path): [Record<string | number, unknown>, string | number] | null {
	let node = root;
	for (const key of path.slice(0, -1)) {
		if (typeof node !== "object" || node === null || !Object.hasOwn(node, key)) return null;
		node = (node as Record<string | number, unknown>)[key];
	}
	return typeof node === "object" && node !== null ? [node as Record<string | number, unknown>, path[path.length - 1]] : null;
}

function mutated(baseIndex: number, mutations: readonly Mutation[]): unknown {
	const config: unknown = structuredClone(BASES[baseIndex]);
	const paths = BASE_PATHS[baseIndex];
	for (const change of mutations) {
		const path = paths[change.at % paths.length];
		const target = parentAndKey(config, path);
		if (!target) continue;
		const [parent, key] = target;
		if (change.kind === "set") parent[key] = change.value;
		if (change.kind === "delete") delete parent[key];
		if (change.kind === "add" && typeof parent[key] === "object" && parent[key] !== null) {
			Object.defineProperty(parent[key], change.key, { value: change.value, enumerable: true, writable: true, configurable: true });
		}
	}
	return config;
}

const configLike = fc.tuple(fc.integer({ min: 0, max: BASES.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 4 })).map(([base, changes]) => mutated(base, changes));

/** The problems parseSiteConfig reports, or null when it accepts; anything but a SiteConfigError fails the test. */
function problemsOf(raw: unknown): string[] | null {
	try {
		parseSiteConfig(raw);
		return null;
	} catch (error) {
		if (error instanceof SiteConfigError) return error.problems;
		throw error;
	}
}

const PROBLEM = /^(\(root\)|[^.[\]:]+(?:\.[^.[\]:]+|\[\d+\])*): (.+)$/s;

/** `intents[0].rules.keywords[2]` → ["intents", 0, "rules", "keywords", 2]. */
function parsedPath(rendered: string): Path {
	return [...rendered.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((token) => (token[2] !== undefined ? Number(token[2]) : token[1]));
}

function expectNamesAFieldOf(raw: unknown, problem: string) {
	const match = PROBLEM.exec(problem);
	expect(match, problem).not.toBeNull();
	const rendered = match?.[1] ?? "";
	if (rendered === "(root)") return;
	// The field itself may be missing (a required one left out), but the object that should hold it is in the input.
	expect(parentAndKey(raw, parsedPath(rendered)), `${problem} names no place in the input`).not.toBeNull();
}

describe("the site config schema under hostile input", () => {
	it("accepts both base configs, so every rejection below comes from a mutation", () => {
		for (const base of BASES) expect(problemsOf(base)).toBeNull();
	});

	it("names an allowed origin that is no URL at all, such as one missing its scheme, instead of throwing", () => {
		for (const origin of ["shop.example", "", "//shop.example"]) {
			const problems = problemsOf({ allowedOrigins: [origin] });
			expect(problems?.length).toBeGreaterThan(0);
			for (const problem of problems ?? []) expect(problem).toMatch(/^allowedOrigins\[0\]: /);
		}
	});

	it("either parses a mutated config or rejects it with problems that each name a field path present in it", () => {
		fc.assert(
			fc.property(configLike, (raw) => {
				const problems = problemsOf(raw);
				if (problems === null) return;
				expect(problems.length).toBeGreaterThan(0);
				for (const problem of problems) expectNamesAFieldOf(raw, problem);
			}),
			runs(500),
		);
	});

	it("throws nothing but SiteConfigError for any value at all", () => {
		fc.assert(
			fc.property(anyValue(Object.keys(FULL_CONFIG)), (raw) => {
				const problems = problemsOf(raw);
				for (const problem of problems ?? []) expect(problem).toMatch(/: /);
			}),
			runs(300),
		);
	});

	it("gives the same verdict for the same input", () => {
		fc.assert(
			fc.property(configLike, (raw) => {
				expect(problemsOf(raw)).toEqual(problemsOf(raw));
			}),
			runs(100),
		);
	});
});
