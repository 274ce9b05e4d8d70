import { DurableObject } from "cloudflare:workers";
import type { Message, MessagePage, MessageSent, Page, SendMessageRequest } from "../../shared/protocol.ts";
import { extractEntities } from "../cascade/entities/index.ts";
import type { ConversationTurn } from "../cascade/llm/prompt.ts";
import { llmSettings } from "../cascade/llm/settings.ts";
import { compiledSite } from "../config/compiled-site.ts";
import type { Env } from "../env.ts";
import { draftReply, type ReplyDraft } from "../replies/reply-pipeline.ts";
import { MessageStore } from "./message-store.ts";
import { migrate } from "./migrations.ts";
import { constantTimeEqual } from "./secrets.ts";
import { sseChannel } from "./sse.ts";

export type Denied = { ok: false; reason: "not_found" | "unauthorized" };
export type Allowed<T> = { ok: true } & T;

export interface StartInput {
	id: string;
	tokenHash: string;
	locale?: string;
	page?: Page;
}

const PAGE_SIZE = 200;
const { config } = compiledSite;

function asTurn(message: Message): ConversationTurn | null {
	if (message.role === "system" || message.kind !== "text") return null;
	return { role: message.role, text: message.text };
}

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
		const disclosure = this.#messages.append({ role: "system", kind: "disclosure", text: config.assistant.disclosure });
		return { createdAt, messages: [disclosure] };
	}

	/** Stores the message and answers it; the whole exchange at once as JSON. */
	async send(tokenHash: string, request: SendMessageRequest): Promise<Denied | Allowed<MessageSent>> {
		const denied = this.#authorize(tokenHash);
		if (denied) return denied;
		const existing = this.#messages.byClientMessageId(request.clientMessageId);
		if (existing) return { ok: true, message: existing, replies: this.#messages.repliesTo(existing.seq), duplicate: true };
		const message = this.#storeCustomerMessage(request);
		return { ok: true, message, replies: await this.#answer(message, () => {}), duplicate: false };
	}

	/**
	 * The same exchange as server-sent events: the stored message at once, then
	 * Claude's tokens as they come, then the stored replies. The reply is stored
	 * even if the customer leaves mid-stream.
	 */
	sendStreaming(tokenHash: string, request: SendMessageRequest): Denied | Allowed<{ events: ReadableStream<Uint8Array> }> {
		const denied = this.#authorize(tokenHash);
		if (denied) return denied;
		const channel = sseChannel();
		const existing = this.#messages.byClientMessageId(request.clientMessageId);
		const message = existing ?? this.#storeCustomerMessage(request);
		channel.send({ event: "message", data: message });
		const replies = existing ? Promise.resolve(this.#messages.repliesTo(existing.seq)) : this.#answer(message, (text) => channel.send({ event: "delta", data: { text } }));
		this.ctx.waitUntil(
			replies.then((stored) => {
				for (const reply of stored) channel.send({ event: "reply", data: reply });
				channel.send({ event: "done", data: { duplicate: existing !== null } });
				channel.close();
			}),
		);
		return { ok: true, events: channel.readable };
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
		return { ok: true, message: earlier ?? this.#recordHandoff({}) };
	}

	#storeCustomerMessage(request: SendMessageRequest): Message {
		const entities = extractEntities(request.text, { valueLists: config.entities.valueLists });
		return this.#messages.append({ role: "customer", kind: "text", text: request.text, clientMessageId: request.clientMessageId, entities: entities.length ? entities : undefined });
	}

	async #answer(message: Message, onDelta: (text: string) => void): Promise<Message[]> {
		const history = this.#messages
			.recent(config.cascade.llm.historyMessages + 1)
			.filter((earlier) => earlier.seq < message.seq)
			.flatMap((earlier) => asTurn(earlier) ?? []);
		const draft = await draftReply(compiledSite, { text: message.text, entities: message.entities ?? [], history, llm: llmSettings(this.env), onDelta }).catch(
			(error): ReplyDraft => {
				console.error("reply pipeline failed", error);
				return { text: config.assistant.fallback, explanation: { tier: "fallback", intent: null, confidence: 0, latencyMs: 0 }, handoff: null };
			},
		);
		const replies: Message[] = [];
		if (draft.text !== null) {
			const { text, explanation, quickReplies, link } = draft;
			replies.push(this.#messages.append({ role: "assistant", kind: "text", text, replyTo: message.seq, explanation, quickReplies, link }));
		}
		if (draft.handoff) replies.push(this.#recordHandoff({ replyTo: message.seq, explanation: draft.text === null ? draft.explanation : undefined }));
		return replies;
	}

	#recordHandoff(cause: Pick<Message, "replyTo" | "explanation">): Message {
		const message = this.#messages.append({ role: "system", kind: "handoff_requested", text: config.assistant.handoff, ...cause });
		this.#sql.exec("UPDATE conversation SET human_requested_seq = COALESCE(human_requested_seq, ?)", message.seq);
		return message;
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
