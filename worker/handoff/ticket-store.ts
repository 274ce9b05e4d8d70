// The conversation's tickets, one per hand-off; the conversation's record names the current one. Whether the
// helpdesk was sent a ticket decides what it is told of it later: nothing about a ticket it never had.
import type { HandoffReason } from "../../shared/protocol.ts";
import { priorityFor } from "./ticket.ts";

export interface StoredTicket {
	id: string;
	reason: string;
	priority: string;
	createdAt: string;
}

type TicketRow = { id: string; reason: string; priority: string; created_at: string };
const COLUMNS = "id, reason, priority, created_at";
const storedTicket = (row: TicketRow): StoredTicket => ({ id: row.id, reason: row.reason, priority: row.priority, createdAt: row.created_at });

export class TicketStore {
	readonly #sql: SqlStorage;
	constructor(sql: SqlStorage) {
		this.#sql = sql;
	}

	add(id: string, reason: HandoffReason, createdAt: Date, sentToHelpdesk: boolean): void {
		this.#sql.exec(
			"INSERT INTO tickets (id, reason, priority, created_at, sent_to_helpdesk) VALUES (?, ?, ?, ?, ?)",
			id,
			reason,
			priorityFor(reason),
			createdAt.toISOString(),
			sentToHelpdesk ? 1 : 0,
		);
	}

	has(id: string): boolean {
		return this.#sql.exec("SELECT 1 FROM tickets WHERE id = ?", id).toArray().length > 0;
	}

	wasSent(id: string): boolean {
		return this.#sql.exec<{ sent: number }>("SELECT sent_to_helpdesk AS sent FROM tickets WHERE id = ?", id).toArray()[0]?.sent === 1;
	}

	/** The ids of the tickets the helpdesk was sent, oldest first. */
	sentIds(): string[] {
		return this.#sql
			.exec<{ id: string }>("SELECT id FROM tickets WHERE sent_to_helpdesk = 1 ORDER BY created_at, id")
			.toArray()
			.map((row) => row.id);
	}

	/** Every ticket, oldest first. */
	list(): StoredTicket[] {
		return this.#sql.exec<TicketRow>(`SELECT ${COLUMNS} FROM tickets ORDER BY created_at, id`).toArray().map(storedTicket);
	}

	get(id: string): StoredTicket | undefined {
		return this.#sql.exec<TicketRow>(`SELECT ${COLUMNS} FROM tickets WHERE id = ?`, id).toArray().map(storedTicket)[0];
	}
}
