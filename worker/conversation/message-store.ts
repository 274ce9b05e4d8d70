import type { Message, MessageEntity, MessageKind, ReplyExplanation, ResponseLink, Role } from "../../shared/protocol.ts";

interface MessageRow extends Record<string, SqlStorageValue> {
	seq: number;
	role: string;
	kind: string;
	text: string;
	created_at: string;
	client_message_id: string | null;
	reply_to: number | null;
	explanation: string | null;
	entities: string | null;
	quick_replies: string | null;
	link: string | null;
	author: string | null;
}

export interface NewMessage {
	role: Role;
	kind: MessageKind;
	text: string;
	clientMessageId?: string;
	replyTo?: number;
	explanation?: ReplyExplanation;
	entities?: MessageEntity[];
	quickReplies?: string[];
	link?: ResponseLink;
	author?: string;
}

const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));

function toMessage(row: MessageRow): Message {
	const message: Message = {
		seq: row.seq,
		role: row.role as Role,
		kind: row.kind as MessageKind,
		text: row.text,
		createdAt: row.created_at,
	};
	// An agent reply's id is the helpdesk's own retry key (see agentReply), nothing the widget needs.
	if (row.client_message_id !== null && row.role === "customer") message.clientMessageId = row.client_message_id;
	if (row.reply_to !== null) message.replyTo = row.reply_to;
	if (row.explanation !== null) message.explanation = JSON.parse(row.explanation);
	if (row.entities !== null) message.entities = JSON.parse(row.entities);
	if (row.quick_replies !== null) message.quickReplies = JSON.parse(row.quick_replies);
	if (row.link !== null) message.link = JSON.parse(row.link);
	if (row.author !== null) message.author = row.author;
	return message;
}

/** Messages of one conversation; `seq` comes from SQLite, so it is gapless and strictly increasing. */
export class MessageStore {
	readonly #sql: SqlStorage;
	constructor(sql: SqlStorage) {
		this.#sql = sql;
	}

	append(message: NewMessage): Message {
		const row = this.#sql
			.exec<MessageRow>(
				`INSERT INTO messages (role, kind, text, created_at, client_message_id, reply_to, explanation, entities, quick_replies, link, author)
				 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
				message.role,
				message.kind,
				message.text,
				new Date().toISOString(),
				message.clientMessageId ?? null,
				message.replyTo ?? null,
				json(message.explanation),
				json(message.entities),
				json(message.quickReplies),
				json(message.link),
				message.author ?? null,
			)
			.one();
		return toMessage(row);
	}

	bySeq(seq: number): Message | null {
		const rows = this.#sql.exec<MessageRow>("SELECT * FROM messages WHERE seq = ?", seq).toArray();
		return rows.length ? toMessage(rows[0]) : null;
	}

	byClientMessageId(clientMessageId: string): Message | null {
		const rows = this.#sql.exec<MessageRow>("SELECT * FROM messages WHERE client_message_id = ?", clientMessageId).toArray();
		return rows.length ? toMessage(rows[0]) : null;
	}

	repliesTo(seq: number): Message[] {
		return this.#sql.exec<MessageRow>("SELECT * FROM messages WHERE reply_to = ? ORDER BY seq", seq).toArray().map(toMessage);
	}

	after(seq: number, limit: number): Message[] {
		return this.#sql.exec<MessageRow>("SELECT * FROM messages WHERE seq > ? ORDER BY seq LIMIT ?", seq, limit).toArray().map(toMessage);
	}

	all(): Message[] {
		return this.#sql.exec<MessageRow>("SELECT * FROM messages ORDER BY seq").toArray().map(toMessage);
	}

	/** The latest messages, oldest first. */
	recent(limit: number): Message[] {
		return this.#sql.exec<MessageRow>("SELECT * FROM messages ORDER BY seq DESC LIMIT ?", limit).toArray().map(toMessage).reverse();
	}

	lastOfKind(kind: MessageKind): Message | null {
		const rows = this.#sql.exec<MessageRow>("SELECT * FROM messages WHERE kind = ? ORDER BY seq DESC LIMIT 1", kind).toArray();
		return rows.length ? toMessage(rows[0]) : null;
	}

	firstCustomerSeq(): number | null {
		return this.#sql.exec<{ seq: number | null }>("SELECT MIN(seq) AS seq FROM messages WHERE role = 'customer'").one().seq;
	}

	/** How many customer messages were stored after `afterSeq`, and the times of those stored since `since` (ISO), oldest first. */
	customerActivity(since: string, afterSeq = 0): { total: number; recent: string[] } {
		const total = this.#sql.exec<{ total: number }>("SELECT COUNT(*) AS total FROM messages WHERE role = 'customer' AND seq > ?", afterSeq).one().total;
		const recent = this.#sql
			.exec<{ created_at: string }>("SELECT created_at FROM messages WHERE role = 'customer' AND created_at > ? ORDER BY seq", since)
			.toArray()
			.map((row) => row.created_at);
		return { total, recent };
	}

	/**
	 * The seq of the agent's reply that took the conversation over again after its newest hand-back or resolve, which
	 * leaves no hand-off notice; 0 when there is none.
	 */
	takenOverSeq(): number {
		const back = this.#sql.exec<{ seq: number }>("SELECT COALESCE(MAX(seq), 0) AS seq FROM messages WHERE kind IN ('handed_back', 'resolved')").one().seq;
		if (back === 0) return 0;
		return this.#sql.exec<{ seq: number }>("SELECT COALESCE(MIN(seq), 0) AS seq FROM messages WHERE role = 'agent' AND seq > ?", back).one().seq;
	}

	lastSeq(): number {
		return this.#sql.exec<{ seq: number }>("SELECT COALESCE(MAX(seq), 0) AS seq FROM messages").one().seq;
	}
}
