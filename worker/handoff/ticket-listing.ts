// A conversation's line in the open-tickets list (open-tickets.ts), kept in the conversation's own storage until
// the list has it: one that failed to arrive is sent again by the object's alarm. It holds no personal data, so an
// erasure keeps it (erasure.ts) to take the conversation out of the list, and the wipe waits for that.
import type { ConversationRecord } from "../conversation/conversation-record.ts";
import { RETRY_MS } from "../conversation/lifecycle.ts";
import type { Env } from "../env.ts";
import { logError } from "../privacy/safe-log.ts";
import { type ListedTicket, openTicketsOf } from "./open-tickets.ts";
import type { StoredTicket } from "./ticket-store.ts";

/** Where the conversation's current ticket stands, for the list: null once resolved, or with no ticket. */
export function listedTicket(record: ConversationRecord, ticket: StoredTicket | undefined, now: Date): ListedTicket | null {
	if (!ticket || record.status === "resolved") return null;
	return {
		conversationId: record.id,
		ticketId: ticket.id,
		reason: ticket.reason as ListedTicket["reason"],
		priority: ticket.priority as ListedTicket["priority"],
		handedOffAt: ticket.createdAt,
		owner: record.owner,
		status: record.status === "handed_off" ? "handed_off" : "open",
		updatedAt: now.toISOString(),
	};
}

type Line = {
	conversation_id: string;
	version: number;
	ticket: string | null;
};

// The line but for the time it changed: one that differs only in that is no news.
const sameBut = (stored: string | null, ticket: ListedTicket | null) =>
	stored === null || ticket === null ? stored === null && ticket === null : JSON.stringify({ ...JSON.parse(stored), updatedAt: ticket.updatedAt }) === JSON.stringify(ticket);

export class TicketListing {
	readonly #sql: SqlStorage;
	readonly #env: Env;

	constructor(sql: SqlStorage, env: Env) {
		this.#sql = sql;
		this.#env = env;
	}

	/** Records the conversation's line to send, unless it says what the last one did. A conversation never listed has nothing to take out. */
	note(conversationId: string, ticket: ListedTicket | null): void {
		const line = this.#sql.exec<Line>("SELECT ticket FROM ticket_listing").toArray()[0];
		if (sameBut(line?.ticket ?? null, ticket)) return;
		this.#sql.exec(
			`INSERT INTO ticket_listing (singleton, conversation_id, version, ticket, sent) VALUES (1, ?, 1, ?, 0)
			ON CONFLICT (singleton) DO UPDATE SET version = version + 1, ticket = excluded.ticket, sent = 0`,
			conversationId,
			ticket === null ? null : JSON.stringify(ticket),
		);
	}

	/** Sends the line if the list does not have it yet; false when it failed, for the alarm to send it again. */
	async sendPending(): Promise<boolean> {
		const line = this.#sql.exec<Line>("SELECT conversation_id, version, ticket FROM ticket_listing WHERE sent = 0").toArray()[0];
		if (!line) return true;
		try {
			await openTicketsOf(this.#env).apply(line.conversation_id, line.version, line.ticket === null ? null : (JSON.parse(line.ticket) as ListedTicket));
		} catch (error) {
			logError("conversation's ticket not yet updated in the open-tickets list; the alarm sends it again", error);
			return false;
		}
		// A newer line recorded while this one travelled is still to send.
		this.#sql.exec("UPDATE ticket_listing SET sent = 1 WHERE version = ?", line.version);
		return true;
	}

	pending(): boolean {
		return this.#sql.exec("SELECT 1 FROM ticket_listing WHERE sent = 0").toArray().length > 0;
	}

	/** When the object's alarm should send the line again; null when the list has it. */
	retryAt(): number | null {
		return this.pending() ? Date.now() + RETRY_MS : null;
	}
}
