import { DurableObject } from "cloudflare:workers";
import type { Message, MessagePage, MessageSent, Page, SendMessageRequest } from "../../shared/protocol.ts";
import { siteConfig } from "../config/site-config.ts";
import type { Env } from "../env.ts";
import { draftReply } from "../replies/reply-pipeline.ts";
import { MessageStore } from "./message-store.ts";
import { migrate } from "./migrations.ts";
import { constantTimeEqual } from "./secrets.ts";

export type Denied = { ok: false; reason: "not_found" | "unauthorized" };
export type Allowed<T> = { ok: true } & T;

export interface StartInput {
	id: string;
	tokenHash: string;
	locale?: string;
	page?: Page;
}

const PAGE_SIZE = 200;
const HUMAN_REQUESTED_TEXT =
	"You asked to talk to a person. Your request is recorded in this conversation, with everything said so far, so you won't have to repeat yourself.";

/**
 * One conversation. Its single-threaded execution and SQLite storage are what
 * keep concurrent sends in order and a resent message from being stored twice.
 */
export class Conversation extends DurableObject<Env> {
	readonly #messages: MessageStore;
	readonly #sql: SqlStorage;

	constructor(ctx: DurableObjectState, env: Env) {
		super(ctx, env);
		this.#sql = ctx.storage.sql;
		migrate(this.#sql);
		this.#messages = new MessageStore(this.#sql);
	}

	start(input: StartInput): { createdAt: string; messages: Message[] } {
		if (this.#tokenHash() !== null) throw new Error("conversation already started");
		const createdAt = new Date().toISOString();
		this.#sql.exec(
			"INSERT INTO conversation (singleton, id, token_hash, created_at, locale, page_url, page_title) VALUES (1, ?, ?, ?, ?, ?, ?)",
			input.id,
			input.tokenHash,
			createdAt,
			input.locale ?? null,
			input.page?.url ?? null,
			input.page?.title ?? null,
		);
		const disclosure = this.#messages.append({ role: "system", kind: "disclosure", text: siteConfig.assistant.disclosure });
		return { createdAt, messages: [disclosure] };
	}

	async send(tokenHash: string, request: SendMessageRequest): Promise<Denied | Allowed<MessageSent>> {
		const denied = this.#authorize(tokenHash);
		if (denied) return denied;

		const existing = this.#messages.byClientMessageId(request.clientMessageId);
		if (existing) return { ok: true, message: existing, replies: this.#messages.repliesTo(existing.seq), duplicate: true };

		const message = this.#messages.append({ role: "customer", kind: "text", text: request.text, clientMessageId: request.clientMessageId });
		const draft = await draftReply(request.text, siteConfig);
		const reply = this.#messages.append({ role: "assistant", kind: "text", text: draft.text, replyTo: message.seq, explanation: draft.explanation });
		return { ok: true, message, replies: [reply], duplicate: false };
	}

	read(tokenHash: string, after: number): Denied | Allowed<MessagePage> {
		const denied = this.#authorize(tokenHash);
		if (denied) return denied;
		return { ok: true, messages: this.#messages.after(after, PAGE_SIZE), lastSeq: this.#messages.lastSeq() };
	}

	/** Records that the customer wants a person; asking again returns the first request instead of repeating it. */
	requestHuman(tokenHash: string): Denied | Allowed<{ message: Message }> {
		const denied = this.#authorize(tokenHash);
		if (denied) return denied;
		const { human_requested_seq } = this.#sql.exec<{ human_requested_seq: number | null }>("SELECT human_requested_seq FROM conversation").one();
		const earlier = human_requested_seq === null ? null : this.#messages.bySeq(human_requested_seq);
		if (earlier) return { ok: true, message: earlier };
		const message = this.#messages.append({ role: "system", kind: "handoff_requested", text: HUMAN_REQUESTED_TEXT });
		this.#sql.exec("UPDATE conversation SET human_requested_seq = ?", message.seq);
		return { ok: true, message };
	}

	#tokenHash(): string | null {
		const rows = this.#sql.exec<{ token_hash: string }>("SELECT token_hash FROM conversation").toArray();
		return rows.length ? rows[0].token_hash : null;
	}

	// Callers hash the token before the call, so nothing here awaits between
	// arrival and storage: messages are stored in the order they arrive.
	#authorize(tokenHash: string): Denied | null {
		const expected = this.#tokenHash();
		if (expected === null) return { ok: false, reason: "not_found" };
		if (!constantTimeEqual(tokenHash, expected)) return { ok: false, reason: "unauthorized" };
		return null;
	}
}
