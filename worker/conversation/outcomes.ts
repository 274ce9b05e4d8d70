// What the conversation's RPC methods answer: `ok: true` with what was asked for, or the reason it was refused,
// which routes/denial.ts turns into the API's status and message.
import type { UnskippableStatus } from "../handoff/webhook-outbox.ts";
import type { ConversationAllowance } from "../limits/conversation-limits.ts";

export type Denied = { ok: false; reason: "not_found" | "unauthorized" };
export type SignedIn = { ok: false; reason: "signed_in" };
export type NotResolved = { ok: false; reason: "not_resolved" };
export type Allowed<T> = { ok: true } & T;
export type Missing = { ok: false; reason: "not_found" };
export type Throttled = Exclude<ConversationAllowance, { ok: true }>;
/** The customer changed their contact address and rating as often as a conversation allows (MAX_CUSTOMER_UPDATES). */
export type TooManyUpdates = { ok: false; reason: "too_many_updates" };
/** A client message id already used for another text: a resend must carry the same message. */
export type Reused = { ok: false; reason: "client_message_id_reused" };
export type NoSuchWebhook = { ok: false; reason: "no_such_webhook" };
/** Only a customer's message can be flagged with the intent it should have matched. */
export type NoSuchCustomerMessage = { ok: false; reason: "no_such_customer_message" };
/** Only a webhook that failed or is held can be skipped. */
export type NotHeld = { ok: false; reason: "not_held"; status: UnskippableStatus };
/** What the helpdesk asked does not fit where the conversation is: no ticket to reply on, nothing to hand back. */
export type OutOfTurn = { ok: false; reason: "no_ticket" | "not_handed_off" };
/** The helpdesk acted on a ticket a later hand-off replaced (`ticketId` is the current one), or on one this conversation never had. */
export type OtherTicket = { ok: false; reason: "other_ticket"; ticketId: string } | { ok: false; reason: "no_such_ticket" };
export const REUSED: Reused = { ok: false, reason: "client_message_id_reused" };
export const TOO_MANY_UPDATES: TooManyUpdates = { ok: false, reason: "too_many_updates" };
