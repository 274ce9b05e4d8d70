// What the API answers when a conversation's Durable Object refuses: one status, code and message per reason.
import { ApiError, DetailedApiError } from "../../shared/api-error.ts";
import type {
	Denied,
	Missing,
	NoSuchCustomerMessage,
	NoSuchWebhook,
	NotHeld,
	NotResolved,
	OtherTicket,
	OutOfTurn,
	Reused,
	SignedIn,
	Throttled,
	TooManyUpdates,
} from "../conversation/outcomes.ts";
import type { UnskippableStatus } from "../handoff/webhook-outbox.ts";
import { MAX_CUSTOMER_UPDATES } from "../limits/conversation-limits.ts";

/** What a webhook that cannot be skipped is, in a 409's words. */
const NOT_HELD: Record<UnskippableStatus, string> = {
	pending: "pending (on its way, or waiting for its next try)",
	delivered: "delivered",
	skipped: "already skipped",
};

export function notFound() {
	return new ApiError(404, "not_found", "No conversation has this id.");
}

/** A Durable Object's refusal, as the API answers it. */
export function denial(denied: Denied | Missing | Throttled | Reused | NoSuchWebhook | NoSuchCustomerMessage | NotHeld | OutOfTurn | OtherTicket | TooManyUpdates | SignedIn | NotResolved): ApiError {
	if (denied.reason === "not_found") return notFound();
	if (denied.reason === "signed_in") return new ApiError(409, "conflict", "A signed-in customer's e-mail address is the one the site gives with Frontdesk.identify().");
	if (denied.reason === "not_resolved") return new ApiError(409, "conflict", "A conversation can be rated once it is resolved.");
	if (denied.reason === "no_such_ticket") return new ApiError(404, "not_found", "This conversation never had a ticket with this id.");
	if (denied.reason === "other_ticket") {
		const message = `This conversation was handed off again: its current ticket is ${denied.ticketId}. Act on that ticket, or send no ticketId to act on whichever is current.`;
		return new DetailedApiError(409, "ticket_superseded", message, { ticketId: denied.ticketId });
	}
	if (denied.reason === "no_ticket") return new ApiError(409, "conflict", "This conversation was never handed to your team: it has no ticket.");
	if (denied.reason === "not_handed_off") return new ApiError(409, "conflict", "The AI already has this conversation: there is nothing to hand back.");
	if (denied.reason === "no_such_webhook") return new ApiError(404, "not_found", "This conversation sent no webhook with this id.");
	if (denied.reason === "no_such_customer_message") return new ApiError(404, "not_found", "This conversation has no customer message with this seq.");
	if (denied.reason === "not_held") return new ApiError(409, "conflict", `This webhook is ${NOT_HELD[denied.status]}: only one that failed, or is held while the endpoint is disabled, can be skipped.`);
	if (denied.reason === "client_message_id_reused") {
		return new ApiError(409, "conflict", "This clientMessageId was already used for a different message. A resend must carry the same text (and, for an agent's reply, the same agentName); a new message needs a new id.");
	}
	if (denied.reason === "too_many_updates") {
		return new ApiError(409, "conflict", `This conversation's contact address and rating have changed ${MAX_CUSTOMER_UPDATES} times, as often as they can.`);
	}
	if (denied.reason === "conversation_full") {
		return new ApiError(429, "conversation_full", "This conversation has reached its message limit. Start a new conversation, or ask for a person.");
	}
	if (denied.reason === "rate_limited") {
		const wait = denied.retryAfterSeconds;
		return new ApiError(429, "rate_limited", `You're sending messages faster than we can read them. Please wait ${wait} seconds and try again.`, wait);
	}
	return new ApiError(401, "unauthorized", "This token does not open this conversation.");
}
