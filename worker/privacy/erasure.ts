// Erasing a conversation on request or at the end of its retention period.
import type { ERASURE_REASONS } from "../../shared/webhook-events.ts";

export type ErasureReason = (typeof ERASURE_REASONS)[number];

/** Who asks: the customer, with the conversation's token, or the site owner, whose admin token the route checked. */
export type Requester = { role: "customer"; tokenHash: string } | { role: "site_owner" };

export const erasureReason = (requester: Requester): ErasureReason => (requester.role === "customer" ? "customer_request" : "site_owner_request");

/** The answer to an erasure request. */
export interface Erasure {
	conversationId: string;
	reason: ErasureReason;
	erasedAt: string;
	/** The conversation had been handed off, so a `conversation.erased` webhook is on its way to the helpdesk. */
	helpdeskNotified: boolean;
}

// Found from the schema rather than listed, so a table added by a later migration is not missed. The line in the
// open-tickets list is kept (it holds no personal data) to take the erased conversation out of the list.
const DATA_TABLES = `SELECT name FROM sqlite_master WHERE type = 'table'
	AND name NOT IN ('schema_migrations', 'erasure', 'ticket_listing') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\'`;

/** Deletes every row the conversation stored, leaving the schema and the tombstone. */
export function clearConversationData(sql: SqlStorage): void {
	for (const { name } of sql.exec<{ name: string }>(DATA_TABLES).toArray()) sql.exec(`DELETE FROM "${name}"`);
}
