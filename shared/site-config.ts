// The site owner's configuration (frontdesk.config.json): one schema validates
// it for the build, `npm start` and the worker, and names the exact bad field.
import isSafeRegex from "safe-regex2";
import { z } from "zod";
import { issueMessages } from "./issue-messages.ts";
import { MARKDOWN_LINK, parseBlocks, safeHref } from "./formatting.ts";
import { WIDGET_LOCALES } from "./protocol.ts";
import { words } from "./words.ts";

/** The personal data the worker finds and masks, before Claude and, as the site chooses, in tickets. */
export const PERSONAL_DATA_TYPES = ["email", "national_id", "card", "phone"] as const;
export type PersonalDataType = (typeof PERSONAL_DATA_TYPES)[number];

const DEFAULT_DISCLOSURE =
	"You're chatting with an AI assistant, not a person. It can make mistakes. You can ask for a human at any time.";
const DEFAULT_FALLBACK =
	"I'm not sure I can answer that correctly, and I'd rather not guess. Would you like me to connect you with a person?";
const DEFAULT_CLARIFY = "I'm not sure which of these you mean, and I'd rather not guess. Pick one, or ask for a person.";
const DEFAULT_SUGGEST = "I'm not sure I understood, and I'd rather not guess. Did you mean this? If not, ask for a person.";

/** A current fast model: tier 2 answers a customer live, so latency matters more than depth. */
export const DEFAULT_CLAUDE_MODEL = "claude-haiku-4-5";
/** The most earlier messages Claude may see: enough to follow a conversation, and a bounded prompt however long it gets. */
export const MAX_HISTORY_MESSAGES = 20;

const DEFAULT_HANDOFF =
	"I'm passing this conversation to a person from our team, with everything said so far, so you won't have to repeat yourself.";
const DEFAULT_RESOLVED = "Our team marked this conversation as resolved. Write again any time.";
const DEFAULT_CONTACT_SAVED = "Thanks: our team will reply to {email}.";

export const DEFAULT_HANDOFF_WAIT = "We usually reply within {wait}.";
export const DEFAULT_HANDOFF_AWAY = "Our team is away right now; expect a reply after they are back on {when}.";

/**
 * A text someone reads, kept without its surrounding whitespace: one of spaces alone is refused as empty (or too short
 * to say what it must), where it would have reached customers blank.
 */
const nonBlank = (max: number, least = { length: 1, message: "must not be empty" }) => z.string().trim().min(least.length, least.message).max(max);

/** A text the worker fills in: without its placeholder the customer would not learn what it is for. */
const withPlaceholder = (placeholder: string, fallback: string) =>
	nonBlank(500).includes(placeholder, `must contain ${placeholder}`).superRefine(refuseFormatting).default(fallback);

// Pages are let in by an exact match of their origin, in the one form browsers send it: lowercase, the host in
// punycode, no default port and nothing after the host. Written otherwise, or with a wildcard, it would match no page.
// Refinements run even after z.url has failed: what it refused, it has named.
function originProblem(value: string): string | null {
	if (!/^https?:\/\//i.test(value) || !URL.canParse(value)) return null;
	if (value.includes("*")) return "must be one origin: wildcards are not supported, so list each origin (https://shop.example.com, https://www.shop.example.com)";
	const { origin, protocol, port } = new URL(value);
	if (origin === value) return null;
	const afterScheme = value.slice(`${protocol}//`.length);
	const host = afterScheme.split(/[/\\?#]/, 1)[0];
	const writtenPort = /:\d+$/.exec(host)?.[0];
	const differences = [
		(host !== host.toLowerCase() || !value.startsWith(protocol)) && "lowercase letters",
		/[^\x00-\x7F]/.test(host) && "its host in punycode",
		writtenPort !== undefined && port === "" && `no default port (${writtenPort})`,
		host !== afterScheme && "no path or trailing slash",
	].filter((difference) => difference !== false);
	return `must be an origin as browsers send it, with ${differences.join(" and ") || "a scheme, a host and an optional port only"}: ${origin}`;
}

const origin = z.url({ protocol: /^https?$/, error: "must be an origin such as https://shop.example.com: http:// or https://, a host and an optional port" }).superRefine((value, ctx) => {
	const problem = originProblem(value);
	if (problem) ctx.addIssue({ code: "custom", message: problem });
});

/**
 * Given to each check across items or fields. Zod skips a check once anything under it has failed its type check, so
 * the owner would meet its problems only after fixing that one; with this it runs anyway, and every problem is listed
 * at once. Where something failed, the check meets the input as written, so it reads through fieldAt, textAt and
 * listAt, which give only what has the type it expects.
 */
const ANYWAY = { when: () => true };
/** The other way round, for a check that reads fields whose own checks (a pattern) do not stop zod: it waits for them to pass. */
const ONCE_VALID = { when: (payload: z.core.ParsePayload) => payload.issues.length === 0 };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;
/** What `keys` lead to below `value`: undefined where something on the way is no object. */
const fieldAt = (value: unknown, ...keys: string[]): unknown => keys.reduce((node, key) => (isRecord(node) ? node[key] : undefined), value);
function textAt(value: unknown, ...keys: string[]): string | undefined {
	const field = fieldAt(value, ...keys);
	return typeof field === "string" ? field : undefined;
}
function listAt(value: unknown, ...keys: string[]): unknown[] | undefined {
	const field = fieldAt(value, ...keys);
	return Array.isArray(field) ? field : undefined;
}

/** Calls `repeat` with the place of each item whose key an earlier item has, and of the first that has it; an item without a key is passed over. */
function forEachRepeat(items: unknown, keyOf: (item: unknown) => string | undefined, repeat: (index: number, earlier: number) => void): void {
	const first = new Map<string, number>();
	listAt(items)?.forEach((item, index) => {
		const key = keyOf(item);
		if (key === undefined) return;
		const earlier = first.get(key);
		if (earlier === undefined) first.set(key, index);
		else repeat(index, earlier);
	});
}

/**
 * A list whose items are each given once: every repeat is an issue at its place, naming the first. A repeat is a
 * slip at best; an example given twice weighs twice in what the matcher learns.
 */
function refuseRepeats(keyOf: (item: unknown) => string | undefined, what?: string) {
	return (items: unknown, ctx: z.RefinementCtx) =>
		forEachRepeat(items, keyOf, (index, earlier) => ctx.addIssue({ code: "custom", path: [index], message: `${what ? `has the same ${what} as` : "is the same as"} [${earlier}]; give each once` }));
}
/**
 * How texts given once are compared (examples, phrases, quick replies, values), once their schema has trimmed them:
 * but for case. `intents import` drops repeated examples by the same rule, so what it writes copies in whole.
 */
export const caseless = (text: string) => text.toLowerCase();
// The same comparisons over what a list holds, which may be anything once an item fails its own type check.
const caselessAt = (item: unknown) => {
	const text = textAt(item);
	return text === undefined ? undefined : caseless(text);
};
const itself = (item: unknown) => textAt(item);

/**
 * Groups (intents, value lists) whose items each belong to one group: an item of a later group that an earlier one
 * has too is an issue at its place, naming the group that has it ("an example belongs to one intent").
 */
function refuseSharedItems(field: string, ownerKey: string, names: { item: string; group: string }) {
	return (groups: unknown, ctx: z.RefinementCtx) => {
		const owners = new Map<string, string>();
		listAt(groups)?.forEach((group, index) => {
			const owner = textAt(group, ownerKey);
			if (owner === undefined) return;
			listAt(group, field)?.forEach((item, position) => {
				const key = caselessAt(item);
				if (key === undefined) return;
				const earlier = owners.get(key) ?? owner;
				owners.set(key, earlier);
				if (earlier !== owner) ctx.addIssue({ code: "custom", path: [index, field, position], message: `is also ${names.item} of "${earlier}"; ${names.item} belongs to one ${names.group}` });
			});
		});
	};
}

/** A text as a regular expression that matches it as written. */
const asPattern = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

// Characters words() drops that carry meaning of their own: C++ is not C, €10 not just 10, nor is refund* a wildcard.
const MEANINGFUL_SIGN = /[\p{S}#%&*@]/u;

/** A keyword or phrase is matched as words() reads it and every message: what it drops, the rule can never see. */
function refuseUnreadWords(source: string, ctx: z.RefinementCtx): void {
	const read = words(source).join(" ");
	const how = "keywords and phrases are read as words, without punctuation, symbols or emoji";
	const instead = `to match "${source}", write a pattern instead: ${asPattern(source)}`;
	if (read === "") ctx.addIssue({ code: "custom", message: `has no letters or digits, so it can never match: ${how}; ${instead}` });
	else if (MEANINGFUL_SIGN.test(source)) ctx.addIssue({ code: "custom", message: `is read as "${read}", as ${how}: "${read}" alone would fire it; ${instead}` });
}

const word = nonBlank(100).superRefine(refuseUnreadWords);

function isValidRegex(source: string): boolean {
	try {
		new RegExp(source, "iu");
		return true;
	} catch {
		return false;
	}
}

const pattern = z
	.string()
	.min(1)
	.max(300)
	.refine(isValidRegex, "must be a valid JavaScript regular expression (it is used with the flags i and u)")
	// Each customer message runs every pattern: one that can backtrack exponentially would hang conversations.
	.refine((source) => !isValidRegex(source) || isSafeRegex(source), "must not nest repetition, such as (a+)+ or (\\w+\\s?)*: matching it can take exponential time")
	// Written as a JavaScript literal, the slashes would be matched as characters, and the pattern never match. A path
	// such as /orders/ is a pattern of its own: a literal shows by its flags, or by anchors inside its slashes.
	.refine((source) => !/^\/(.+\/[dgimsuvy]+|\^.*\/|.*\$\/)$/.test(source), "must be written without the /…/ and flags around it (^hi$, not /^hi$/i): it is matched ignoring case already")
	// A match of nothing is found in any text: (hi|hello)? would answer every message with this intent, and
	// (hi|hello)?\b every message with a word in it, as it matches nothing in a made-up word.
	.refine((source) => !isValidRegex(source) || !["", "zqxv"].some((text) => new RegExp(source, "iu").exec(text)?.[0] === ""), "matches an empty text, so it fires on every message: make what it looks for required, e.g. (hi|hello), not (hi|hello)?");

const UTF8 = new TextEncoder();
const percentEncoded = (text: string) => [...UTF8.encode(text)].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, "0")}`).join("");

/**
 * A page path as location.pathname gives it, which the widget compares greetings' paths with: browsers send a path's
 * characters beyond printable ASCII percent-encoded as UTF-8 (/über → /%C3%BCber). A %XX written already stays as it
 * is; so does printable ASCII, which browsers do not all encode alike.
 */
const asPathname = (path: string) => path.replace(/[^\x21-\x7E]+/gu, percentEncoded);

const httpUrl = z.url({ protocol: /^https?$/, error: "must be a web address starting with https:// or http://" });
// A page served over https blocks or flags an image fetched over http, as the widget's data-avatar does.
const httpsUrl = z.url({ protocol: /^https$/, error: "must be a web address starting with https://" });

const rulesSchema = z.strictObject({
	/** Single words; any one of them, as a whole word, fires the rule. */
	keywords: z.array(word.regex(/^\S+$/, "must be one word; put multi-word text in phrases")).superRefine(refuseRepeats(caselessAt), ANYWAY).default([]),
	/** Word sequences; any one of them, as whole words in that order, fires the rule. */
	phrases: z.array(word).superRefine(refuseRepeats(caselessAt), ANYWAY).default([]),
	/** Regular expressions, matched case-insensitively. */
	patterns: z.array(pattern).superRefine(refuseRepeats(itself), ANYWAY).default([]),
});

/** What an intent id looks like in the site config: snake_case. */
export const INTENT_ID = /^[a-z][a-z0-9_]*$/;
/** Says what INTENT_ID takes, which "snake_case" alone does not: "11" and "_x" use only its characters. */
export const SNAKE_CASE = "must be snake_case: a lowercase letter, then lowercase letters, digits and '_'";

/** A list of intents where each id names one: every repeat is an issue at its `id`. */
export function refuseDuplicateIds(intents: unknown, ctx: z.RefinementCtx): void {
	const idOf = (intent: unknown) => textAt(intent, "id");
	forEachRepeat(intents, idOf, (index, earlier) =>
		ctx.addIssue({ code: "custom", path: [index, "id"], message: `duplicate intent id "${idOf(listAt(intents)?.[index])}": intents[${earlier}] has it too` }),
	);
}

/** Types the built-in patterns find; any other type comes from a site's value list. */
export const PATTERN_ENTITY_TYPES: readonly string[] = ["order_id", "invoice_id", "refund_amount", "email", "phone", "date"];

const PLACEHOLDER = /\{([^{}]*)\}/g;
const placeholderTypes = (text: string) => [...text.matchAll(PLACEHOLDER)].map((slot) => slot[1].split("|")[0]);

/** A placeholder of a type no entity has: a misspelt type would always give the text after "|", even when the message names the value. */
function refuseUnknownPlaceholders(config: unknown, ctx: z.RefinementCtx): void {
	const listed = listAt(config, "entities", "valueLists")?.map((list) => textAt(list, "type"));
	// A value list whose type cannot be read may be the one a placeholder names.
	if (!listed?.every((type) => type !== undefined)) return;
	const knownTypes = [...new Set([...PATTERN_ENTITY_TYPES, ...listed])];
	listAt(config, "intents")?.forEach((intent, index) => {
		const unknown = placeholderTypes(textAt(intent, "response", "text") ?? "").find((type) => !knownTypes.includes(type));
		if (unknown !== undefined) ctx.addIssue({ code: "custom", path: ["intents", index, "response", "text"], message: `no entity has the type "${unknown}"; the types are ${knownTypes.join(", ")}` });
	});
}

/** A text's inlines (text, bold, links) as the widget reads them, list items' included. */
const inlinesOf = (text: string) => parseBlocks(text).flatMap((block) => (block.type === "list" ? block.items.flat() : block.inlines));

/**
 * The widget links only to what safeHref lets through; any other [label](address) would reach customers as written.
 * So would a link inside **bold**, and an address there would be no link; a link's label is not read for bold.
 */
function refuseLinksShownAsWritten(text: string, ctx: z.RefinementCtx): void {
	for (const [link, , address] of text.matchAll(MARKDOWN_LINK)) {
		if (safeHref(address) === null) ctx.addIssue({ code: "custom", message: `${link} would show as written, not as a link: write the link's full address, starting with https://` });
	}
	for (const inline of inlinesOf(text)) {
		if (inline.type === "bold" && /\]\(|https?:\/\//.test(inline.text)) {
			ctx.addIssue({ code: "custom", message: `**${inline.text}** would show its link as written or as plain text: links cannot be bold; put the link outside the ** **` });
		}
		if (inline.type === "link" && inline.text.includes("**")) {
			ctx.addIssue({ code: "custom", message: `the link ${inline.text} would show its ** as written: a link's label cannot be bold` });
		}
	}
}

/** A notice or greeting is shown as plain text: formatting in it would reach customers as written. */
function refuseFormatting(text: string, ctx: z.RefinementCtx): void {
	const written = text.match(MARKDOWN_LINK)?.[0] ?? text.match(/\*\*[^*]+\*\*/)?.[0];
	if (written) ctx.addIssue({ code: "custom", message: `is shown as plain text, without formatting: ${written} would show as written` });
}

const responseSchema = z.strictObject({
	/** Light formatting: **bold**, [links](https://…) and "- " list lines. `{order_id|your order}` takes an extracted entity, or the text after `|`. */
	text: nonBlank(4000)
		// Braces are for placeholders only: one left open would reach customers as written.
		.refine((text) => !/[{}]/.test(text.replace(PLACEHOLDER, "")) && (text.match(PLACEHOLDER) ?? []).every((slot) => /^\{[a-z][a-z0-9_]*\|[^{}|]*\}$/.test(slot)), {
			message: "placeholders must look like {entity_type|text used when the message has none}, e.g. {order_id|your order}",
		})
		.superRefine(refuseLinksShownAsWritten),
	quickReplies: z.array(nonBlank(40)).max(6).superRefine(refuseRepeats(caselessAt), ANYWAY).default([]),
	link: z.strictObject({ label: nonBlank(60).superRefine(refuseFormatting), url: httpUrl }).optional(),
});

/** An intent that nothing can match, or that has nothing to say. */
function refuseIdleIntent(intent: unknown, ctx: z.RefinementCtx): void {
	const triggers = [["examples"], ["rules", "keywords"], ["rules", "phrases"], ["rules", "patterns"]].map((keys) => listAt(intent, ...keys));
	if (triggers.every((list) => list?.length === 0)) {
		ctx.addIssue({ code: "custom", path: ["examples"], message: "needs example utterances or rules, or nothing can ever match it" });
	}
	// Only where `sensitive` and `action` are written right: a misspelt action may well mean a hand-off.
	if (isRecord(intent) && intent.response === undefined && intent.sensitive === false && intent.action === undefined) {
		ctx.addIssue({ code: "custom", path: ["response"], message: "is required unless the intent is sensitive or hands off" });
	}
}

const intentSchema = z
	.strictObject({
		id: z.string().regex(INTENT_ID, SNAKE_CASE).max(64),
		description: nonBlank(500),
		examples: z.array(nonBlank(500)).superRefine(refuseRepeats(caselessAt), ANYWAY).default([]),
		rules: rulesSchema.prefault({}),
		response: responseSchema.optional(),
		action: z.enum(["handoff"]).optional(),
		/** Always goes to a human (legal threats, account security, payment disputes…). */
		sensitive: z.boolean().default(false),
	})
	.superRefine(refuseIdleIntent, ANYWAY);

/** A value list's type: a built-in one would have the list's values found as, say, order numbers. */
export const listedEntityType = (type: z.ZodString) =>
	type.refine((value) => !PATTERN_ENTITY_TYPES.includes(value), { error: (issue) => `"${String(issue.input)}" is a built-in entity type; give the list a type of its own` });

export const valueListSchema = z.strictObject({
	type: listedEntityType(z.string().regex(INTENT_ID, SNAKE_CASE)),
	values: z.array(nonBlank(100)).min(1).superRefine(refuseRepeats(caselessAt), ANYWAY),
	/**
	 * When set, a value counts only near one of these words or its plural ("account", "plan"): values that are
	 * everyday words ("standard", "business") then name an account type only where one is meant.
	 */
	context: z
		.array(z.string().regex(/^[\p{L}\p{N}]{1,40}$/u, "must be one word of letters or digits"))
		.min(1)
		.optional(),
});

/** Claude's first token is waited for within the whole reply's time: a longer wait would be cut short by the total anyway. */
function refuseFirstTokenPastTotal(llm: unknown, ctx: z.RefinementCtx): void {
	const [first, total] = [fieldAt(llm, "firstTokenTimeoutMs"), fieldAt(llm, "totalTimeoutMs")];
	if (typeof first === "number" && typeof total === "number" && first > total) {
		ctx.addIssue({ code: "custom", path: ["firstTokenTimeoutMs"], message: `must be at most totalTimeoutMs (${total}), by which the whole reply is stopped: write ${total} or less, or raise totalTimeoutMs` });
	}
}

const cascadeSchema = z.strictObject({
	/** Matcher confidence needed to answer; unset means the matcher's calibrated default. */
	threshold: z.number().min(0).max(1).optional(),
	llm: z
		.strictObject({
			model: z.string().regex(/^claude-[a-z0-9-]+$/, "must be a Claude model id, such as claude-haiku-4-5: its version is written with '-', not '.'").default(DEFAULT_CLAUDE_MODEL),
			firstTokenTimeoutMs: z.number().int().min(100).max(30_000).default(3000),
			totalTimeoutMs: z.number().int().min(1000).max(120_000).default(20_000),
			maxTokens: z.number().int().min(16).max(1024).default(400),
			/** How many earlier messages of the conversation Claude sees. */
			historyMessages: z.number().int().min(0).max(MAX_HISTORY_MESSAGES).default(10),
			/**
			 * Domains Claude's replies may link to, besides those of allowedOrigins and of the
			 * intents' links; other links are removed. Subdomains are included.
			 */
			linkDomains: z.array(z.string().regex(/^([a-z0-9-]+\.)+[a-z]{2,}$/, "must be a lower-case domain such as help.example.com")).superRefine(refuseRepeats(itself), ANYWAY).default([]),
		})
		.superRefine(refuseFirstTokenPastTotal, ANYWAY)
		.prefault({}),
});

export const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be a 24-hour time such as 09:00");

const businessHoursSchema = z.strictObject({
	timezone: z.string().refine((zone) => {
		try {
			new Intl.DateTimeFormat("en", { timeZone: zone });
			return true;
		} catch {
			return false;
		}
	}, "must be an IANA time zone such as Europe/Berlin"),
	/** Opening and closing time per weekday; a day left out is closed. */
	open: z
		.partialRecord(z.enum(WEEKDAYS), z.tuple([clockTime, clockTime]).refine(([from, to]) => from < to, { message: "must open before it closes", ...ONCE_VALID }))
		// Never open, the customer could only be told that nobody will reply.
		.refine((days) => Object.keys(days).length > 0, `must open on at least one day, each named ${WEEKDAYS.join(", ")}`),
});

const handoffSchema = z.strictObject({
	triggers: z
		.strictObject({
			customerRequest: z.boolean().default(true),
			sensitive: z.boolean().default(true),
			/** The AI failed this many turns in a row: a fallback, an answer from Claude naming no intent, or the customer rejecting the answer. */
			repeatedFailure: z.boolean().default(true),
			negativeSentiment: z.boolean().default(true),
		})
		.prefault({}),
	failuresBeforeHandoff: z.number().int().min(1).max(10).default(2),
	/** Outside these hours the ticket is still created and the customer is told when to expect a reply. */
	businessHours: businessHoursSchema.optional(),
	/** What the customer is told to expect within business hours. */
	expectedReplyMinutes: z.number().int().min(1).max(10_080).default(60),
	/** Ask for an e-mail address when the conversation goes to a person and no contact is known. */
	askForEmail: z.boolean().default(true),
	/** Personal data masked in the ticket's transcript (the full transcript stays behind the signed link). */
	maskInTicket: z.array(z.enum(PERSONAL_DATA_TYPES)).default(["card", "national_id"]),
});

const perPeriod = (fallback: number) => z.number().int().min(1).max(1_000_000).default(fallback);

/**
 * Abuse and spend limits. Per client IP and per conversation they answer 429
 * with Retry-After; above the Claude ceilings the rules and the matcher still
 * answer, and the rest gets the fallback, which offers a person.
 */
export const limitsSchema = z.strictObject({
	maxMessageLength: z.number().int().min(20).max(20000).default(2000),
	/** Customer messages one conversation may hold; then the customer starts a new one or asks for a person. */
	maxMessagesPerConversation: perPeriod(200),
	conversationMessagesPerMinute: perPeriod(20),
	ipMessagesPerMinute: perPeriod(120),
	/** Reads of conversations (GET …/messages, opening …/live): generous, as a widget reads little, but bounded. */
	ipReadsPerMinute: perPeriod(600),
	ipConversationsPerHour: perPeriod(60),
	/** One client's share of the Claude calls: without it, one client could spend the site's whole budget, and everyone would get the fallback. */
	ipClaudeCallsPerHour: perPeriod(60),
	/** Wrong agent tokens one client may send, and wrong admin tokens apart; then its every try of that API is refused until the hour ends, the right token's too. */
	ipWrongTokensPerHour: perPeriod(20),
	claudeCallsPerMinute: perPeriod(120),
	claudeCallsPerDay: perPeriod(5000),
});

export type Limits = z.output<typeof limitsSchema>;

/** How long conversations are kept; docs/privacy.md says what is stored where. */
const privacySchema = z.strictObject({
	/** Days after its last message (or rating, or contact update) that a conversation, its tickets and webhook records are deleted. */
	retentionDays: z.number().int().min(1).max(3650).default(90),
});

const siteConfigSchema = z
	.strictObject({
		$schema: z.string().optional(),
		allowedOrigins: z.array(origin).superRefine(refuseRepeats(itself), ANYWAY).default(["http://localhost:8787"]),
		widget: z
			.strictObject({
				title: nonBlank(60).default("Support"),
				greeting: nonBlank(500).superRefine(refuseFormatting).nullable().default(null),
				/** Shown instead of `greeting` on pages whose path matches, e.g. `{ "path": "/pricing*", "text": "Questions about plans?" }`. */
				pageGreetings: z
					.array(
						z.strictObject({
							// The page's path alone is compared (location.pathname): a ?query or #fragment would match no page.
							path: z
								.string()
								.regex(/^\/[^\s?#]*$/, "must be a path starting with /, with * as a wildcard, and no ?query or #fragment: only the page's path is compared")
								// Each * is a .* the widget tries against the page's path: with two, a long path (anyone can link one) takes time that grows with its square.
								.refine((path) => path.split("*").length <= 2, "may hold one * at most: with more, a very long page path could freeze the visitor's tab")
								.transform(asPathname),
							text: nonBlank(500).superRefine(refuseFormatting),
						}),
					)
					.superRefine(refuseRepeats((greeting) => textAt(greeting, "path"), "path"), ANYWAY)
					.default([]),
				/** Brand colour; the widget keeps text on it readable (WCAG AA) whatever it is. */
				color: z.string().regex(/^#[0-9a-fA-F]{6}$/, "must be a colour of six hex digits, like #1d4ed8").default("#1d4ed8"),
				position: z.enum(["right", "left"]).default("right"),
				zIndex: z.number().int().min(0).max(2147483647).default(2147483000),
				/** The widget's language; unset means the visitor's browser language when supported, else English. */
				locale: z.enum(WIDGET_LOCALES).optional(),
				avatarUrl: httpsUrl.optional(),
			})
			.prefault({}),
		assistant: z
			.strictObject({
				name: nonBlank(60).default("Frontdesk Assistant"),
				disclosure: nonBlank(500, { length: 20, message: "must say plainly that the customer is talking to an AI" })
					.superRefine(refuseFormatting)
					.default(DEFAULT_DISCLOSURE),
				/** An answer, with the light formatting of `intents[].response.text`. */
				fallback: nonBlank(1000).superRefine(refuseLinksShownAsWritten).default(DEFAULT_FALLBACK),
				/** In place of the fallback, with a button for each, when the matcher was torn between a few intents. */
				clarify: nonBlank(1000).superRefine(refuseLinksShownAsWritten).default(DEFAULT_CLARIFY),
				/** In place of the fallback, with a button for it, when the matcher leaned to one intent but not enough to answer. */
				suggest: nonBlank(1000).superRefine(refuseLinksShownAsWritten).default(DEFAULT_SUGGEST),
				handoff: nonBlank(1000).superRefine(refuseFormatting).default(DEFAULT_HANDOFF),
				resolved: nonBlank(1000).superRefine(refuseFormatting).default(DEFAULT_RESOLVED),
				/** When a person hands the conversation back; unset, "You're chatting with <name>, the AI assistant, again." */
				handedBack: nonBlank(500, { length: 20, message: "must say plainly that the customer is talking to an AI again" })
					.superRefine(refuseFormatting)
					.optional(),
				/** After `handoff` within business hours; {wait} becomes `handoff.expectedReplyMinutes` in words, e.g. "30 minutes" or "1 hour". */
				handoffWait: withPlaceholder("{wait}", DEFAULT_HANDOFF_WAIT),
				/** After `handoff` outside business hours; {when} becomes the next opening, e.g. "Monday 9:00 AM CET". */
				handoffAway: withPlaceholder("{when}", DEFAULT_HANDOFF_AWAY),
				/** Once the customer leaves an address in the chat's e-mail form; {email} becomes it. */
				contactSaved: withPlaceholder("{email}", DEFAULT_CONTACT_SAVED),
			})
			.prefault({}),
		// Checked on the list, not the whole config: its problems are reported with those of every other field.
		intents: z
			.array(intentSchema)
			.default([])
			// The matcher would learn the same words as two intents, and answer neither surely.
			.superRefine(refuseSharedItems("examples", "id", { item: "an example", group: "intent" }), ANYWAY)
			.superRefine(refuseDuplicateIds, ANYWAY),
		entities: z
			.strictObject({
				valueLists: z
					.array(valueListSchema)
					.default([])
					.superRefine(refuseRepeats((list) => textAt(list, "type"), "type"), ANYWAY)
					// A value in two lists would be found as both types in the same words.
					.superRefine(refuseSharedItems("values", "type", { item: "a value", group: "list" }), ANYWAY),
			})
			.prefault({}),
		cascade: cascadeSchema.prefault({}),
		handoff: handoffSchema.prefault({}),
		limits: limitsSchema.prefault({}),
		privacy: privacySchema.prefault({}),
	})
	.superRefine(refuseUnknownPlaceholders, ANYWAY);

export type SiteConfig = z.output<typeof siteConfigSchema>;
export type Intent = SiteConfig["intents"][number];

export class SiteConfigError extends Error {
	/** Each problem at its field path. */
	readonly problems: string[];
	/** The message lists the same problems, each intent's named by its id too (fieldPathWithIntent). */
	constructor(problems: string[], shown: string[] = problems) {
		super(`Invalid site config:\n${shown.map((problem) => `  - ${problem}`).join("\n")}`);
		this.name = "SiteConfigError";
		this.problems = problems;
	}
}

/** Renders a zod path as the field a person would look for, e.g. `intents[2].rules.keywords[0]`. */
export function fieldPath(path: readonly PropertyKey[]): string {
	return path.reduce<string>((text, key) => (typeof key === "number" ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)), "");
}

/**
 * The config file's JSON Schema, for the site owner's editor (`"$schema"` in the file): fields, types, ranges and
 * defaults as they are written. The checks across fields, and those of texts and patterns, are the build's.
 */
export function siteConfigJsonSchema() {
	return z.toJSONSchema(siteConfigSchema, {
		target: "draft-2020-12",
		io: "input",
		unrepresentable: "any",
		// zod names its includes() check a format, which JSON Schema has not: validators refuse a schema naming it.
		override: ({ jsonSchema }) => {
			if (jsonSchema.format === "includes") delete jsonSchema.format;
		},
	});
}

type JsonSchemaNode = { properties?: Record<string, JsonSchemaNode>; items?: JsonSchemaNode; propertyNames?: { enum?: string[] } };

/**
 * Where an issue lies, as `fieldPath` names it, with the id of the intent it lies in: among two dozen intents,
 * "intents[17]" is a count to make, and the id is what the owner searches the file for.
 */
export function fieldPathWithIntent(raw: unknown, path: readonly PropertyKey[]): string {
	const field = fieldPath(path) || "(root)";
	const intents = typeof raw === "object" && raw !== null ? (raw as { intents?: unknown }).intents : undefined;
	const intent = Array.isArray(intents) && typeof path[1] === "number" && path[0] === "intents" ? intents[path[1]] : undefined;
	const id = typeof intent === "object" && intent !== null ? (intent as { id?: unknown }).id : undefined;
	const named = typeof id === "string" && id.trim() !== "" && path[2] !== "id";
	return named ? `${field} (intent ${JSON.stringify(id)})` : field;
}

/** The fields a JSON Schema knows in the object at `path`: its properties, or the keys a record takes (weekdays). */
function fieldsAt(schema: JsonSchemaNode, path: readonly PropertyKey[]): string[] {
	let node = schema;
	for (const key of path) node = (typeof key === "number" ? node.items : node.properties?.[String(key)]) ?? {};
	return [...Object.keys(node.properties ?? {}), ...(node.propertyNames?.enum ?? [])];
}

/** How many letters to add, drop or change to turn `a` into `b`. */
function editDistance(a: string, b: string): number {
	let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
	for (let i = 1; i <= a.length; i++) {
		const row = [i];
		for (let j = 1; j <= b.length; j++) row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
		previous = row;
	}
	return previous[b.length];
}

/** A misspelt field, named where it is, with the field it most likely meant: a typo never passes silently. */
function unknownFieldProblem(schema: JsonSchemaNode, path: readonly PropertyKey[], key: string): Problem {
	const fields = fieldsAt(schema, path);
	const typed = key.toLowerCase();
	// Or the field it begins with: "monday" for "mon".
	const meant =
		fields
			.map((field) => ({ field, distance: editDistance(typed, field.toLowerCase()) }))
			.filter(({ distance }) => distance <= 2)
			.sort((a, b) => a.distance - b.distance)[0]?.field ?? fields.find((field) => field.length >= 3 && typed.startsWith(field.toLowerCase()));
	return { path: [...path, key], text: `is no field here${meant ? ` (did you mean "${meant}"?)` : `; the fields are ${fields.join(", ")}`}` };
}

export interface Problem {
	path: readonly PropertyKey[];
	text: string;
}

/**
 * What `schema` finds wrong in a file's `raw` content, in words that say what to write (issue-messages.ts), a misspelt
 * field named with the one meant; or the content as the schema reads it, when it finds nothing.
 */
export function fileProblems<Schema extends z.ZodType>(schema: Schema, raw: unknown): { ok: true; data: z.output<Schema> } | { ok: false; problems: Problem[] } {
	const result = schema.safeParse(raw, { error: issueMessages });
	if (result.success) return { ok: true, data: result.data };
	// Worked out once, and only for a misspelt field: the site config's is a few hundred fields.
	let jsonSchema: JsonSchemaNode | undefined;
	const fieldsKnown = () => (jsonSchema ??= z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchemaNode);
	const problems = result.error.issues.flatMap((issue): Problem[] =>
		issue.code === "unrecognized_keys" ? issue.keys.map((key) => unknownFieldProblem(fieldsKnown(), issue.path, key)) : [{ path: issue.path, text: issue.message }],
	);
	return { ok: false, problems };
}

export function parseSiteConfig(raw: unknown): SiteConfig {
	const result = fileProblems(siteConfigSchema, raw);
	if (result.ok) return result.data;
	const { problems } = result;
	throw new SiteConfigError(
		problems.map(({ path, text }) => `${fieldPath(path) || "(root)"}: ${text}`),
		problems.map(({ path, text }) => `${fieldPathWithIntent(raw, path)}: ${text}`),
	);
}
