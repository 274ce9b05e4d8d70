// The deployment's list of open tickets, for a helpdesk that reconciles its queue with ours (a webhook skipped,
// an endpoint set after the hand-off, a ticket closed on one side only) and for a site with no helpdesk at all,
// whose hand-offs no webhook announces. Each conversation keeps its own line here up to date (ticket-listing.ts);
// hand-offs are rare next to messages, so one object for the deployment carries them.
import { DurableObject } from "cloudflare:workers";
import type { OpenTicket, OpenTicketPage } from "../../shared/agent-api.ts";
import type { Env } from "../env.ts";

const PAGE_SIZE = 200;
// A closed line is kept this long with its version, so that news of the ticket delayed on its way cannot list it again.
const CLOSED_KEPT_MS = 7 * 24 * 60 * 60 * 1000;

/** A conversation's line as the conversation sends it: the list gives it its seq. */
export type ListedTicket = Omit<OpenTicket, "seq">;

type StoredLine = {
	version: number;
	seq: number | null;
	ticket: string | null;
};

export class OpenTickets extends DurableObject<Env> {
	readonly #sql: SqlStorage;

	constructor(ctx: DurableObjectState, env: Env) {
		super(ctx, env);
		this.#sql = ctx.storage.sql;
		this.#sql.exec(`CREATE TABLE IF NOT EXISTS lines (conversation_id TEXT PRIMARY KEY, version INTEGER NOT NULL, seq INTEGER, ticket TEXT, closed_at INTEGER);
			CREATE INDEX IF NOT EXISTS lines_by_seq ON lines (seq) WHERE ticket IS NOT NULL;
			CREATE INDEX IF NOT EXISTS closed_lines ON lines (closed_at) WHERE closed_at IS NOT NULL;
			CREATE TABLE IF NOT EXISTS last_seq (singleton INTEGER PRIMARY KEY CHECK (singleton = 1), seq INTEGER NOT NULL)`);
	}

	/**
	 * The conversation's ticket as of its `version` (null: it has no open ticket now). Older news than what the
	 * list has is ignored: a conversation sends again what failed, and two sends may cross.
	 */
	apply(conversationId: string, version: number, ticket: ListedTicket | null): void {
		const line = this.#sql.exec<StoredLine>("SELECT version, seq, ticket FROM lines WHERE conversation_id = ?", conversationId).toArray()[0];
		if (line && line.version >= version) return;
		const listedBefore = line?.ticket ? (JSON.parse(line.ticket) as ListedTicket).ticketId : null;
		const seq = ticket === null ? null : ticket.ticketId === listedBefore ? line?.seq : this.#nextSeq();
		this.#sql.exec(
			"INSERT OR REPLACE INTO lines (conversation_id, version, seq, ticket, closed_at) VALUES (?, ?, ?, ?, ?)",
			conversationId,
			version,
			seq ?? null,
			ticket === null ? null : JSON.stringify(ticket),
			ticket === null ? Date.now() : null,
		);
		this.#sql.exec("DELETE FROM lines WHERE closed_at < ?", Date.now() - CLOSED_KEPT_MS);
	}

	/** The open tickets listed after `after`, in the order the list took them (by seq). */
	list(after: number): OpenTicketPage {
		const rows = this.#sql
			.exec<{ seq: number; ticket: string }>("SELECT seq, ticket FROM lines WHERE ticket IS NOT NULL AND seq > ? ORDER BY seq LIMIT ?", after, PAGE_SIZE + 1)
			.toArray();
		const tickets = rows.slice(0, PAGE_SIZE).map((row): OpenTicket => ({ seq: row.seq, ...(JSON.parse(row.ticket) as ListedTicket) }));
		return { tickets, next: rows.length > PAGE_SIZE ? tickets[tickets.length - 1].seq : null };
	}

	/** Never given twice, even once the line that had it is closed and gone: a helpdesk paging with `after` would miss a line listed under it. */
	#nextSeq(): number {
		return this.#sql.exec<{ seq: number }>("INSERT INTO last_seq (singleton, seq) VALUES (1, 1) ON CONFLICT (singleton) DO UPDATE SET seq = seq + 1 RETURNING seq").one().seq;
	}
}

export function openTicketsOf(env: Pick<Env, "OPEN_TICKETS">): DurableObjectStub<OpenTickets> {
	return env.OPEN_TICKETS.get(env.OPEN_TICKETS.idFromName("open-tickets"));
}
