// Validation of request bodies and queries; each schema's output type must stay
// assignable to its protocol type, which the compiler checks below.
import { z } from "zod";
import { type CreateConversationRequest, LIMITS, type Page, type SendMessageRequest } from "./protocol.ts";
import { INTENT_ID } from "./site-config.ts";
import type { Is } from "./type-checks.ts";

// In unicode mode a surrogate range matches only a surrogate without its other half.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const LONE_SURROGATES = /[\uD800-\uDFFF]/gu;
// Whitespace, control, zero-width and direction characters alone show nothing at all.
const VISIBLE_CHARACTER = /[^\s\p{Cc}\p{Cf}]/u;

/**
 * Text a person wrote. Half of a surrogate pair cannot be stored as UTF-8 (it
 * would come back as replacement characters), so it is refused, not altered.
 */
const personalText = () => z.string().refine((text) => !LONE_SURROGATE.test(text), "must be valid Unicode: it contains half of a surrogate pair (a broken emoji or symbol)");

/** Personal text that must show something: a message of only zero-width or direction characters would be an empty bubble. */
const visibleText = () =>
	personalText()
		.trim()
		.refine((text) => VISIBLE_CHARACTER.test(text), "must not be empty");

const pageSchema = z.strictObject({
	url: z
		.url({ protocol: /^https?$/ })
		.max(LIMITS.pageUrlLength)
		.refine((url) => !LONE_SURROGATE.test(url), "must be valid Unicode")
		// A fragment is the page's own business (a sign-in redirect's #access_token=…), never sent to a server, so it is not kept.
		.transform((url) => url.split("#")[0]),
	// The widget cuts long titles to length, which can split an emoji; the title is context, not the customer's words, so it is repaired.
	title: z
		.string()
		.max(LIMITS.pageTitleLength)
		.transform((title) => title.replace(LONE_SURROGATES, "\uFFFD"))
		.optional(),
});

// The hash signs id, e-mail and name on three lines: a line break (or any control character) in the id or the
// name could make one signed text read as another identity. A name shown as a message's author is one line too.
const NO_CONTROL_CHARACTERS = /^\P{Cc}*$/u;
const oneLine = <Schema extends z.ZodString>(schema: Schema) => schema.regex(NO_CONTROL_CHARACTERS, "must not contain line breaks or other control characters");

export const identitySchema = z.strictObject({
	id: oneLine(personalText().min(1).max(200)),
	email: z.email().max(254).optional(),
	name: oneLine(personalText().trim().min(1).max(100)).optional(),
	hash: z.string().regex(/^[0-9a-fA-F]{64}$/, "must be the hex HMAC-SHA256 of the id, e-mail and name"),
});

const LANGUAGE_TAG = "must be a BCP 47 language tag such as en or pt-BR";

/** The pattern alone lets through shapes such as `en-12`, in which no date can be formatted (the hand-off notice does). */
function isLanguageTag(tag: string): boolean {
	try {
		Intl.getCanonicalLocales(tag);
		return true;
	} catch {
		return false;
	}
}

export const createConversationSchema = z.strictObject({
	identity: identitySchema.optional(),
	locale: z
		.string()
		.regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, LANGUAGE_TAG)
		.refine(isLanguageTag, LANGUAGE_TAG)
		.optional(),
	page: pageSchema.optional(),
});

// An id's characters are ASCII: the usual length message's note that an emoji counts as two would only puzzle.
const ASCII_MAX = `must be at most ${LIMITS.clientMessageIdLength} characters long`;

/** Makes a send safe to retry: the same id and text again change nothing and answer with the stored message. */
const clientMessageId = z
	.string()
	.min(8)
	.max(LIMITS.clientMessageIdLength, ASCII_MAX)
	.regex(/^[A-Za-z0-9_-]+$/, "must contain only letters, digits, '-' and '_'");

export const sendMessageSchema = z.strictObject({
	clientMessageId,
	// The length cap comes from the site config and answers 413, so it is checked after parsing.
	text: visibleText(),
	page: pageSchema.optional(),
});

const emailAddress = z.email("must be an e-mail address such as sam@example.com").max(254);

export const contactSchema = z.strictObject({ email: emailAddress });

/**
 * The site owner's lookup, or erasure, of every conversation that recorded a customer's address. Looser than an
 * address the chat's form takes: any address the chat may have recorded must be found, such as one with letters
 * of any script in it, written in a message.
 */
const recordedAddress = personalText()
	.trim()
	.max(254)
	.regex(/^[^\s@]+@[^\s@]+$/, "must be an e-mail address such as sam@example.com");

export const customerLookupSchema = z.strictObject({ email: recordedAddress });

// Per call: each conversation costs a subrequest or two, and Workers cap those per request.
export const CONVERSATIONS_PER_CALL = 25;

/** Without `conversationIds`, every conversation listed under the address (CONVERSATIONS_PER_CALL per call); with them, only those of them. */
export const customerErasureSchema = z.strictObject({
	email: recordedAddress,
	conversationIds: z.array(z.string().max(64)).min(1).max(CONVERSATIONS_PER_CALL).optional(),
});

export const ratingSchema = z.strictObject({
	rating: z.number().int().min(1).max(5),
	comment: personalText().trim().max(LIMITS.ratingCommentLength).optional(),
});

/**
 * An agent's reply's own id, from the helpdesk: a comment's id, often a short number ("12345") or one with a
 * prefix ("comment:12345"). Kept apart from customers' ids in storage, so it need not look like theirs.
 */
const agentClientMessageId = z
	.string()
	.min(1)
	.max(LIMITS.clientMessageIdLength, ASCII_MAX)
	.regex(/^[A-Za-z0-9_.:-]+$/, "must contain only letters, digits, '-', '_', '.' and ':'");

/** A ticket's id as `handoff.created` gave it: 16 characters of base64url after "tkt_". */
const ticketId = z.string().regex(/^tkt_[A-Za-z0-9_-]{16}$/, "must be a ticket id from a handoff.created webhook (tkt_ and 16 letters, digits, '-' or '_')");

export const agentMessageSchema = z.strictObject({
	// Its length is checked by the route, as a customer's message's is: 413 message_too_long.
	text: visibleText(),
	agentName: oneLine(visibleText().max(80)),
	clientMessageId: agentClientMessageId.optional(),
	ticketId: ticketId.optional(),
});

/** Resolve and hand back: with a ticket named, only while it is the conversation's current one. */
export const agentActionSchema = z.strictObject({
	ticketId: ticketId.optional(),
});

/** The agent API's flag, "this customer message should have matched that intent": the same id rule as the site config's intents, for an intent the owner may have yet to add. */
export const flagSchema = z.strictObject({
	intent: z.string().regex(INTENT_ID, "must be an intent id: snake_case").max(64),
});

// Digits only: a coercing number would also take "0x10", "1e3" or an empty value.
const afterSeq = (what: string) =>
	z.object({
		after: z
			.string()
			.regex(/^\d{1,15}$/, `must be ${what}: a whole number such as 0 or 42`)
			.transform(Number)
			.default(0),
	});

export const readMessagesQuerySchema = afterSeq("a message seq");

/** The agent API's list of open tickets, read page by page from a list `seq` (`next` of the page before). */
export const readOpenTicketsQuerySchema = afterSeq("a ticket list seq");

export type SchemasMatchProtocol = Is<
	z.output<typeof pageSchema> extends Page
		? z.output<typeof createConversationSchema> extends CreateConversationRequest
			? z.output<typeof sendMessageSchema> extends SendMessageRequest
				? true
				: false
			: false
		: false
>;
