// Validation of request bodies and queries; each schema's output type must stay
// assignable to its protocol type, which the compiler checks below.
import { z } from "zod";
import { type CreateConversationRequest, LIMITS, type Page, type SendMessageRequest } from "./protocol.ts";

export const pageSchema = z.strictObject({
	url: z.url({ protocol: /^https?$/ }).max(LIMITS.pageUrlLength),
	title: z.string().max(LIMITS.pageTitleLength).optional(),
});

export const identitySchema = z.strictObject({
	id: z.string().min(1).max(200),
	email: z.email().max(254).optional(),
	name: z.string().trim().min(1).max(100).optional(),
	hash: z.string().regex(/^[0-9a-fA-F]{64}$/, "must be the hex HMAC-SHA256 of the id"),
});

export const createConversationSchema = z.strictObject({
	identity: identitySchema.optional(),
	locale: z
		.string()
		.regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, "must be a BCP 47 language tag such as en or pt-BR")
		.optional(),
	page: pageSchema.optional(),
});

export const sendMessageSchema = z.strictObject({
	clientMessageId: z
		.string()
		.min(8)
		.max(LIMITS.clientMessageIdLength)
		.regex(/^[A-Za-z0-9_-]+$/, "must contain only letters, digits, '-' and '_'"),
	// The length cap comes from the site config and answers 413, so it is checked after parsing.
	text: z.string().trim().min(1, "must not be empty"),
	page: pageSchema.optional(),
});

export const contactSchema = z.strictObject({
	email: z.email("must be an e-mail address such as sam@example.com").max(254),
});

export const ratingSchema = z.strictObject({
	rating: z.number().int().min(1).max(5),
	comment: z.string().trim().max(2000).optional(),
});

export const agentMessageSchema = z.strictObject({
	text: z.string().trim().min(1, "must not be empty").max(10_000),
	agentName: z.string().trim().min(1).max(80),
});

export const readMessagesQuerySchema = z.object({
	after: z.coerce.number().int().min(0).default(0),
});

type Is<T extends true> = T;
export type SchemasMatchProtocol = Is<
	z.output<typeof pageSchema> extends Page
		? z.output<typeof createConversationSchema> extends CreateConversationRequest
			? z.output<typeof sendMessageSchema> extends SendMessageRequest
				? true
				: false
			: false
		: false
>;
