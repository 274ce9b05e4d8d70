import type { ConversationState, Page } from "../../shared/protocol.ts";
import type { EmailSource, WebhookCustomer } from "../../shared/webhook-events.ts";
import { hasSchema } from "./schema.ts";

/** The conversation's one row: who it is, who answers it now, and the counters hand-offs need. */
export interface ConversationRecord {
	id: string;
	tokenHash: string;
	createdAt: string;
	locale: string | null;
	page: { url: string; title: string | null } | null;
	publicOrigin: string;
	owner: ConversationState["owner"];
	status: ConversationState["status"];
	/** Failed AI turns in a row. */
	failures: number;
	customerEmail: string | null;
	customerEmailSource: EmailSource | null;
	/** Set only from a verified identity. */
	customerId: string | null;
	customerName: string | null;
	ticketId: string | null;
	/** Per-conversation sequence of `conversation.message.created` webhooks. */
	webhookSeq: number;
	humanRequestedSeq: number | null;
	/** Changes of the contact address and the rating the customer made: each tells the helpdesk, so they are capped. */
	customerUpdates: number;
	/** The customer's rating of the resolved conversation, 1 to 5, with their comment. */
	rating: { rating: number; comment: string | null } | null;
	/** The ticket whose resolution the rating was given for. */
	ratingTicketId: string | null;
}

interface Row extends Record<string, SqlStorageValue> {
	id: string;
	token_hash: string;
	created_at: string;
	locale: string | null;
	page_url: string | null;
	page_title: string | null;
	public_origin: string | null;
	owner: string;
	status: string;
	failures: number;
	customer_email: string | null;
	customer_email_source: string | null;
	customer_id: string | null;
	customer_name: string | null;
	ticket_id: string | null;
	webhook_seq: number;
	human_requested_seq: number | null;
	customer_updates: number;
	rating: number | null;
	rating_comment: string | null;
	rating_ticket_id: string | null;
}

const COLUMNS: Record<keyof Omit<ConversationRecord, "page" | "rating" | "ratingTicketId">, string> = {
	id: "id",
	tokenHash: "token_hash",
	createdAt: "created_at",
	locale: "locale",
	publicOrigin: "public_origin",
	owner: "owner",
	status: "status",
	failures: "failures",
	customerEmail: "customer_email",
	customerEmailSource: "customer_email_source",
	customerId: "customer_id",
	customerName: "customer_name",
	ticketId: "ticket_id",
	webhookSeq: "webhook_seq",
	humanRequestedSeq: "human_requested_seq",
	customerUpdates: "customer_updates",
};

/** A customer whose identity hash the worker checked. */
export interface VerifiedCustomer {
	id: string;
	email: string | null;
	name: string | null;
}

export type RecordUpdate = Partial<Pick<ConversationRecord, "owner" | "status" | "failures" | "customerEmail" | "customerEmailSource" | "ticketId" | "webhookSeq" | "humanRequestedSeq" | "customerUpdates">>;

export class ConversationRecordStore {
	readonly #sql: SqlStorage;
	/** Asked until the tables exist; once made, they stay (a wiped conversation keeps its empty schema). */
	#hasSchema = false;
	constructor(sql: SqlStorage) {
		this.#sql = sql;
	}

	/** Whether the object has its tables: it has none until its conversation starts. */
	stored(): boolean {
		this.#hasSchema ||= hasSchema(this.#sql);
		return this.#hasSchema;
	}

	get(): ConversationRecord | null {
		if (!this.stored()) return null;
		const row = this.#sql.exec<Row>("SELECT * FROM conversation").toArray()[0];
		if (!row) return null;
		return {
			id: row.id,
			tokenHash: row.token_hash,
			createdAt: row.created_at,
			locale: row.locale,
			page: row.page_url ? { url: row.page_url, title: row.page_title } : null,
			publicOrigin: row.public_origin ?? "",
			owner: row.owner as ConversationRecord["owner"],
			status: row.status as ConversationRecord["status"],
			failures: row.failures,
			customerEmail: row.customer_email,
			// Conversations from before the source was kept: a verified customer's address is the one signed.
			customerEmailSource: (row.customer_email_source as EmailSource | null) ?? (row.customer_email ? (row.customer_id ? "signed_in" : "message") : null),
			customerId: row.customer_id,
			customerName: row.customer_name,
			ticketId: row.ticket_id,
			webhookSeq: row.webhook_seq,
			humanRequestedSeq: row.human_requested_seq,
			customerUpdates: row.customer_updates,
			rating: row.rating === null ? null : { rating: row.rating, comment: row.rating_comment },
			ratingTicketId: row.rating_ticket_id,
		};
	}

	insert(record: { id: string; tokenHash: string; createdAt: string; locale?: string; page?: Page; publicOrigin: string; customer?: VerifiedCustomer }): void {
		this.#sql.exec(
			"INSERT INTO conversation (singleton, id, token_hash, created_at, locale, page_url, page_title, public_origin, customer_id, customer_email, customer_email_source, customer_name) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			record.id,
			record.tokenHash,
			record.createdAt,
			record.locale ?? null,
			record.page?.url ?? null,
			record.page?.title ?? null,
			record.publicOrigin,
			record.customer?.id ?? null,
			record.customer?.email ?? null,
			record.customer?.email ? "signed_in" : null,
			record.customer?.name ?? null,
		);
	}

	/** The page the customer last wrote from, which a ticket links the agent to; unchanged, it is not written again. */
	notePage(page: Page): void {
		const title = page.title ?? null;
		this.#sql.exec("UPDATE conversation SET page_url = ?, page_title = ? WHERE page_url IS NOT ? OR page_title IS NOT ?", page.url, title, page.url, title);
	}

	rate(rating: number, comment: string | null, ticketId: string | null): void {
		this.#sql.exec("UPDATE conversation SET rating = ?, rating_comment = ?, rating_ticket_id = ?", rating, comment, ticketId);
	}

	update(changes: RecordUpdate): void {
		const entries = Object.entries(changes) as Array<[keyof RecordUpdate, SqlStorageValue]>;
		if (entries.length === 0) return;
		this.#sql.exec(`UPDATE conversation SET ${entries.map(([key]) => `${COLUMNS[key]} = ?`).join(", ")}`, ...entries.map(([, value]) => value));
	}
}

/** The customer as webhooks and exports tell of them. */
export function customerOf(record: ConversationRecord): WebhookCustomer {
	return { id: record.customerId, email: record.customerEmail, emailSource: record.customerEmailSource, name: record.customerName, verified: record.customerId !== null };
}

/** Whether the customer rated the resolution of the conversation's current ticket. */
export function isRatedNow(record: ConversationRecord): boolean {
	return record.rating !== null && record.ratingTicketId === record.ticketId;
}
