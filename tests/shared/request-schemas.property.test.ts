import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ApiError } from "../../shared/api-error.ts";
import {
	agentMessageSchema,
	contactSchema,
	createConversationSchema,
	identitySchema,
	ratingSchema,
	readMessagesQuerySchema,
	readOpenTicketsQuerySchema,
	sendMessageSchema,
} from "../../shared/request-schemas.ts";
import { validate } from "../../worker/http/json-body.ts";
import { anyValue, hostileJson, hostileText, textWithLoneSurrogate, visibleText, wellFormedText } from "../support/hostile-arbitraries.ts";
import { NASTY_TEXTS } from "../support/nasty-inputs.ts";
import { runs } from "../support/property-runs.ts";

const SCHEMAS = {
	createConversation: { schema: createConversationSchema, fields: ["identity", "locale", "page", "url", "title", "id", "email", "name", "hash"] },
	sendMessage: { schema: sendMessageSchema, fields: ["clientMessageId", "text", "page", "url", "title"] },
	contact: { schema: contactSchema, fields: ["email"] },
	rating: { schema: ratingSchema, fields: ["rating", "comment"] },
	agentMessage: { schema: agentMessageSchema, fields: ["text", "agentName"] },
	identity: { schema: identitySchema, fields: ["id", "email", "name", "hash"] },
	readMessagesQuery: { schema: readMessagesQuerySchema, fields: ["after"] },
	readOpenTicketsQuery: { schema: readOpenTicketsQuerySchema, fields: ["after"] },
};

/** What the API would answer: the parsed value, or the 400 it throws. Any other exception fails the test. */
function outcome(schema: Parameters<typeof validate>[0], value: unknown): { ok: true; value: unknown } | { ok: false; error: ApiError } {
	try {
		return { ok: true, value: validate(schema, value) };
	} catch (error) {
		if (error instanceof ApiError) return { ok: false, error };
		throw error;
	}
}

function expectClearRejection(error: ApiError) {
	expect(error.status).toBe(400);
	expect(error.code).toBe("invalid_request");
	expect(error.message.length).toBeGreaterThan(0);
}

const clientMessageId = fc.stringMatching(/^[A-Za-z0-9_-]{8,64}$/);

describe.each(Object.entries(SCHEMAS))("the %s schema", (_, { schema, fields }) => {
	it("accepts or answers 400 invalid_request for any value, JSON or not (maps, dates, boxed strings, null prototypes), never throwing anything else", () => {
		fc.assert(
			fc.property(fc.oneof(hostileJson(fields), anyValue(fields)), (value) => {
				const result = outcome(schema, value);
				if (!result.ok) expectClearRejection(result.error);
			}),
			runs(400),
		);
	});

	it("gives the same answer for the same input", () => {
		fc.assert(
			fc.property(hostileJson(fields), (value) => {
				expect(outcome(schema, value)).toEqual(outcome(schema, value));
			}),
			runs(100),
		);
	});
});

describe("a message's text", () => {
	const send = (text: string) => outcome(sendMessageSchema, { clientMessageId: "property-0001", text });

	it("is kept exactly as sent, less surrounding whitespace, whatever joiners, direction marks or emoji it holds", () => {
		fc.assert(
			fc.property(clientMessageId, visibleText(), (id, text) => {
				expect(validate(sendMessageSchema, { clientMessageId: id, text })).toEqual({ clientMessageId: id, text: text.trim() });
			}),
			runs(300),
		);
	});

	it("is refused with a clear 400 when it holds half of a surrogate pair, never stored altered", () => {
		fc.assert(
			fc.property(textWithLoneSurrogate(), (text) => {
				const result = send(text);
				expect(result.ok).toBe(false);
				if (!result.ok) expect(result.error.message).toMatch(/^text: must be valid Unicode/);
			}),
			runs(300),
		);
	});

	it("is refused as empty when nothing in it would show: whitespace, zero-width and direction characters", () => {
		const invisible = fc.string({ unit: fc.constantFrom(" ", "\n", "\t", "\u00a0", "\u3000", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u200e", "\u202e", "\u2066", "\u0000") });
		fc.assert(
			fc.property(invisible, (text) => {
				const result = send(text);
				expect(result.ok).toBe(false);
				if (!result.ok) expect(result.error.message).toBe("text: must not be empty");
			}),
			runs(200),
		);
	});

	it.each(NASTY_TEXTS)("handles the corpus entry: $name", ({ text }) => {
		const result = send(text);
		if (result.ok) expect(result.value).toEqual({ clientMessageId: "property-0001", text: text.trim() });
		else expect(result.error.message).toMatch(/^text: (must be valid Unicode|must not be empty)/);
	});
});

describe("other text a person writes", () => {
	const hash = "a".repeat(64);
	const places = {
		"a rating comment": (text: string) => ({ schema: ratingSchema, value: { rating: 3, comment: text }, field: "comment" }),
		"an agent's reply": (text: string) => ({ schema: agentMessageSchema, value: { text, agentName: "Sam" }, field: "text" }),
		"an agent's name": (text: string) => ({ schema: agentMessageSchema, value: { text: "Hello", agentName: text }, field: "agentName" }),
		"a customer id": (text: string) => ({ schema: identitySchema, value: { id: text, hash }, field: "id" }),
		"a customer name": (text: string) => ({ schema: identitySchema, value: { id: "c-1", name: text, hash }, field: "name" }),
	};

	it.each(Object.entries(places))("is refused in %s when it holds half of a surrogate pair", (_, place) => {
		fc.assert(
			fc.property(textWithLoneSurrogate(), (text) => {
				const { schema, value, field } = place(text);
				const result = outcome(schema, value);
				expect(result.ok).toBe(false);
				if (!result.ok) expect(result.error.message).toMatch(new RegExp(`^${field}: `));
			}),
			runs(100),
		);
	});
});

describe("a page title", () => {
	// The widget cuts titles to length and may split an emoji doing so; the customer's message must still go through.
	it("has a split surrogate pair repaired to U+FFFD instead of failing the request", () => {
		fc.assert(
			fc.property(textWithLoneSurrogate(100), (title) => {
				const parsed = validate(sendMessageSchema, { clientMessageId: "property-0001", text: "hi", page: { url: "https://shop.example/", title } });
				expect(parsed.page?.title).toHaveLength(title.length);
				expect(parsed.page?.title).not.toMatch(/[\ud800-\udfff]/u);
			}),
			runs(100),
		);
	});

	it("keeps a well-formed title exactly", () => {
		fc.assert(
			fc.property(wellFormedText(100), (title) => {
				expect(validate(sendMessageSchema, { clientMessageId: "property-0001", text: "hi", page: { url: "https://shop.example/", title } }).page?.title).toBe(title);
			}),
			runs(100),
		);
	});
});

describe("a rating", () => {
	it("is accepted only as an integer from 1 to 5, not as a string or a fraction", () => {
		fc.assert(
			fc.property(fc.oneof(fc.integer(), fc.double(), fc.integer({ min: 1, max: 5 }).map(String), hostileText(10)), (rating) => {
				const result = outcome(ratingSchema, { rating });
				const valid = typeof rating === "number" && Number.isInteger(rating) && rating >= 1 && rating <= 5;
				expect(result.ok).toBe(valid);
				if (!result.ok) expect(result.error.message).toMatch(/^rating: /);
			}),
			runs(300),
		);
	});
});

describe.each([readMessagesQuerySchema, readOpenTicketsQuerySchema])("the `after` query", (schema) => {
	it("is a safe non-negative integer or a 400 naming `after`, for any query string", () => {
		fc.assert(
			fc.property(fc.dictionary(fc.oneof(fc.constant("after"), hostileText(8)), hostileText(24)), (query) => {
				const result = outcome(schema, query);
				if (result.ok) expect(Number.isSafeInteger((result.value as { after: number }).after) && (result.value as { after: number }).after >= 0).toBe(true);
				else expect(result.error.message).toMatch(/^after: /);
			}),
			runs(300),
		);
	});
});
