// The site owner's configuration (frontdesk.config.json): one schema validates
// it for the build, `npm start` and the worker, and names the exact bad field.
import { z } from "zod";

const DEFAULT_DISCLOSURE =
	"You're chatting with an AI assistant, not a person. It can make mistakes. You can ask for a human at any time.";
const DEFAULT_FALLBACK =
	"I'm not sure I can answer that correctly, and I'd rather not guess. Would you like me to connect you with a person?";

const origin = z.url({ protocol: /^https?$/ }).refine((value) => new URL(value).origin === value, {
	message: "must be an origin: scheme, host and optional port, with no path or trailing slash",
});

const keyword = z.string().trim().min(1, "must not be empty").max(100);

const intentSchema = z.strictObject({
	id: z.string().regex(/^[a-z][a-z0-9_]*$/, "must be snake_case: lowercase letters, digits and '_'"),
	description: z.string().min(1).max(500).optional(),
	keywords: z.array(keyword).min(1, "needs at least one keyword"),
	response: z.strictObject({ text: z.string().trim().min(1, "must not be empty").max(4000) }),
});

export const siteConfigSchema = z
	.strictObject({
		$schema: z.string().optional(),
		allowedOrigins: z.array(origin).default(["http://localhost:8787"]),
		widget: z
			.strictObject({
				title: z.string().min(1).max(60).default("Support"),
				greeting: z.string().min(1).max(500).nullable().default(null),
			})
			.prefault({}),
		assistant: z
			.strictObject({
				name: z.string().min(1).max(60).default("Frontdesk Assistant"),
				disclosure: z.string().min(20, "must say plainly that the customer is talking to an AI").max(500).default(DEFAULT_DISCLOSURE),
				fallback: z.string().min(1).max(1000).default(DEFAULT_FALLBACK),
			})
			.prefault({}),
		intents: z.array(intentSchema).default([]),
		limits: z
			.strictObject({
				maxMessageLength: z.number().int().min(20).max(20000).default(2000),
			})
			.prefault({}),
	})
	.superRefine((config, ctx) => {
		const seen = new Set<string>();
		config.intents.forEach((intent, index) => {
			if (seen.has(intent.id)) {
				ctx.addIssue({ code: "custom", path: ["intents", index, "id"], message: `duplicate intent id "${intent.id}"` });
			}
			seen.add(intent.id);
		});
	});

export type SiteConfigInput = z.input<typeof siteConfigSchema>;
export type SiteConfig = z.output<typeof siteConfigSchema>;
export type Intent = SiteConfig["intents"][number];

export class SiteConfigError extends Error {
	readonly problems: string[];
	constructor(problems: string[]) {
		super(`Invalid site config:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
		this.name = "SiteConfigError";
		this.problems = problems;
	}
}

/** Renders a zod path as the field a person would look for, e.g. `intents[2].keywords[0]`. */
export function fieldPath(path: readonly PropertyKey[]): string {
	return path.reduce<string>((text, key) => (typeof key === "number" ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)), "");
}

export function parseSiteConfig(raw: unknown): SiteConfig {
	const result = siteConfigSchema.safeParse(raw);
	if (result.success) return result.data;
	throw new SiteConfigError(result.error.issues.map((issue) => `${fieldPath(issue.path) || "(root)"}: ${issue.message}`));
}
