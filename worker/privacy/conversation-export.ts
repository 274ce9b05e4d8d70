// Everything stored about one conversation, for its customer (right of access
// and portability) or the site owner, as one JSON document.
import type { ConversationState, Message } from "../../shared/protocol.ts";
import type { WebhookCustomer } from "../../shared/webhook-events.ts";
import { type ConversationRecord, customerOf } from "../conversation/conversation-record.ts";
import { type StoredTicket, TicketStore } from "../handoff/ticket-store.ts";
import type { WebhookRecord } from "../handoff/webhook-outbox.ts";

export interface ConversationExport {
	exportedAt: string;
	conversation: {
		id: string;
		createdAt: string;
		locale: string | null;
		page: { url: string; title: string | null } | null;
		owner: ConversationState["owner"];
		status: ConversationState["status"];
		customer: WebhookCustomer;
		rating: { rating: number; comment: string | null } | null;
	};
	retention: {
		retentionDays: number;
		lastActivityAt: string;
		/** Deleted then, unless something happens in the conversation first. */
		deleteAfter: string;
	};
	messages: Message[];
	tickets: StoredTicket[];
	/** The webhooks sent to the site's helpdesk about it, with every delivery attempt. */
	webhooks: WebhookRecord[];
}

export interface ExportSources {
	record: ConversationRecord;
	messages: Message[];
	webhooks: WebhookRecord[];
	retention: ConversationExport["retention"];
}

/** What the site owner's lookup by e-mail address lists of each conversation: the export, less its messages and webhooks. */
export type ConversationSummary = Pick<ConversationExport, "conversation" | "retention" | "tickets">;

export function conversationSummary(sql: SqlStorage, record: ConversationRecord, retention: ConversationExport["retention"]): ConversationSummary {
	return {
		conversation: {
			id: record.id,
			createdAt: record.createdAt,
			locale: record.locale,
			page: record.page,
			owner: record.owner,
			status: record.status,
			customer: customerOf(record),
			rating: record.rating,
		},
		retention,
		tickets: new TicketStore(sql).list(),
	};
}

export function conversationExport(sql: SqlStorage, sources: ExportSources, now: Date): ConversationExport {
	const { conversation, retention, tickets } = conversationSummary(sql, sources.record, sources.retention);
	return { exportedAt: now.toISOString(), conversation, retention, messages: sources.messages, tickets, webhooks: sources.webhooks };
}
