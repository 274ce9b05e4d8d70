import { DurableObject } from "cloudflare:workers";
import type { AgentActionDone, AgentMessagePage } from "../../shared/agent-api.ts";
import type { ConversationState, HandoffReason, LiveEvent, Message, MessageEntity, MessagePage, MessageSent, Page, RatingSaved, SendMessageRequest } from "../../shared/protocol.ts";
import { AnalyticsEmitter } from "../analytics/emitter.ts";
import { extractEntities } from "../cascade/entities/index.ts";
import { llmSettings } from "../cascade/llm/settings.ts";
import { compiledSite } from "../config/compiled-site.ts";
import type { Env } from "../env.ts";
import { availability } from "../handoff/business-hours.ts";
import { endpointOf } from "../handoff/drain-outbox.ts";
import { handoffNotice } from "../handoff/handoff-notice.ts";
import { forTicket, handoffTicket, transcriptEntry } from "../handoff/ticket.ts";
import { listedTicket, TicketListing } from "../handoff/ticket-listing.ts";
import { TicketStore } from "../handoff/ticket-store.ts";
import { transcriptLink } from "../handoff/transcript-link.ts";
import type { WebhookRecord } from "../handoff/webhook-outbox.ts";
import { reserveClaudeCallAhead } from "../limits/claude-calls-ahead.ts";
import { type ConversationAllowance, conversationAllowance, MAX_CUSTOMER_UPDATES, windowStart } from "../limits/conversation-limits.ts";
import { effectiveLimits } from "../limits/effective-limits.ts";
import { WebhookOutbox } from "../handoff/webhook-outbox.ts";
import type { ConversationExport, ConversationSummary } from "../privacy/conversation-export.ts";
import { DirectoryListings } from "../privacy/directory-listings.ts";
import { type Erasure, erasureReason, type Requester } from "../privacy/erasure.ts";
import { ConversationLifecycle } from "./lifecycle.ts";
import { type Arrived, ConversationAnswering } from "./answering.ts";
import { alarmNoLaterThan } from "../durable/alarm.ts";
import { publicOrigin } from "../http/public-origin.ts";
import { logError } from "../privacy/safe-log.ts";
import { type ConversationRecord, ConversationRecordStore, customerOf, isRatedNow, type RecordUpdate, type VerifiedCustomer } from "./conversation-record.ts";
import { type ListingParts, listRecordedAddress, listUnder, sendPendingListings } from "./customer-listing.ts";
import { MessageStore, type NewMessage } from "./message-store.ts";
import {
	type Allowed,
	type Denied,
	type Missing,
	type NoSuchCustomerMessage,
	type NoSuchWebhook,
	type NotHeld,
	type NotResolved,
	type OtherTicket,
	type OutOfTurn,
	REUSED,
	type Reused,
	type SignedIn,
	type Throttled,
	TOO_MANY_UPDATES,
	type TooManyUpdates,
} from "./outcomes.ts";
import { readBefore, type Sender } from "./question.ts";
import { migrate } from "./schema.ts";
import { listedSecrets } from "../crypto/listed-secrets.ts";
import { constantTimeEqual, randomToken } from "../crypto/secrets.ts";
import { sseChannel } from "./sse.ts";

export interface StartInput {
	id: string;
	tokenHash: string;
	publicOrigin: string;
	customer?: VerifiedCustomer;
	locale?: string;
	page?: Page;
}

type Exchange = Arrived & { duplicate: boolean };

const PAGE_SIZE = 200;
// The close codes an application may send (RFC 6455): 1000, and 3000–4999 (registered and private ones).
const isSendableCloseCode = (code: number) => code === 1000 || (code >= 3000 && code <= 4999);
const { config } = compiledSite;

/**
 * One conversation. Its single-threaded execution and SQLite storage are what
 * keep concurrent sends in order and a resent message from being stored twice;
 * its outbox and alarm deliver the hand-off webhooks; its hibernating
 * WebSockets carry agent replies to the open widget.
 */
export class Conversation extends DurableObject<Env> {
	readonly #messages: MessageStore;
	readonly #record: ConversationRecordStore;
	readonly #outbox: WebhookOutbox;
	readonly #tickets: TicketStore;
	readonly #analytics: AnalyticsEmitter;
	readonly #lifecycle: ConversationLifecycle;
	readonly #answering: ConversationAnswering;
	readonly #listing: ListingParts;
	readonly #ticketListing: TicketListing;
	/** A new message being received, until it is stored (see ConversationAnswering.answer): sends that come meanwhile wait for it, so that messages keep the order they came in and a resend finds its first. */
	#arriving: Promise<unknown> | null = null;

	constructor(ctx: DurableObjectState, env: Env) {
		super(ctx, env);
		this.#messages = new MessageStore(ctx.storage.sql);
		this.#record = new ConversationRecordStore(ctx.storage.sql);
		this.#outbox = new WebhookOutbox(ctx.storage.sql);
		this.#tickets = new TicketStore(ctx.storage.sql);
		this.#analytics = new AnalyticsEmitter(ctx, env.ANALYTICS);
		const listings = new DirectoryListings(ctx.storage.sql, env);
		this.#ticketListing = new TicketListing(ctx.storage.sql, env);
		this.#lifecycle = new ConversationLifecycle({
			ctx,
			record: this.#record,
			messages: this.#messages,
			outbox: this.#outbox,
			analytics: this.#analytics,
			endpoint: () => endpointOf(this.env),
			answerDue: () => this.#answering.answerDue(),
			listingRetryAt: () => listings.retryAt(),
			ticketListing: this.#ticketListing,
		});
		this.#answering = new ConversationAnswering({
			ctx,
			env,
			record: this.#record,
			messages: this.#messages,
			analytics: this.#analytics,
			lifecycle: this.#lifecycle,
			append: (message) => this.#append(message),
			handOff: (reason, cause) => this.#handOff(reason, cause),
			forward: (record, keep) => this.#forward(record, keep),
		});
		this.#listing = { record: this.#record, listings, lifecycle: this.#lifecycle };
		if (this.#record.stored()) {
			migrate(ctx.storage.sql);
			ctx.blockConcurrencyWhile(() => this.#lifecycle.schedule());
			ctx.waitUntil(listRecordedAddress(this.#listing));
			this.#listTicket();
		}
		// Keeps idle widgets connected without waking the object.
		ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
	}

	async start(input: StartInput): Promise<{ createdAt: string; messages: Message[] }> {
		if (this.#record.get()) throw new Error("conversation already started");
		migrate(this.ctx.storage.sql);
		const createdAt = new Date().toISOString();
		this.#record.insert({ ...input, createdAt });
		const disclosure = this.#append({ role: "system", kind: "disclosure", text: config.assistant.disclosure });
		await this.#lifecycle.schedule();
		if (input.customer?.email) await listUnder(this.#listing, [input.customer.email], "signed_in");
		// The customer is typing: their message, should it go to Claude, finds its call in the budget already counted.
		if (llmSettings(this.env)) this.ctx.waitUntil(reserveClaudeCallAhead(this.env));
		return { createdAt, messages: [disclosure] };
	}

	/** Stores the message and answers it; the whole exchange at once as JSON. */
	async send(tokenHash: string, request: SendMessageRequest, sender: Sender): Promise<Denied | Throttled | Reused | Allowed<MessageSent>> {
		// Checked and passed in the same turn as the message is admitted: awaited in a helper, two sends could both pass.
		while (this.#arriving) await this.#arriving.catch(() => {});
		const admitted = this.#admit(tokenHash, request);
		if (!admitted.ok) return admitted;
		const exchange = await this.#exchange(admitted.stored, request, sender, () => {});
		if (!exchange.ok) return exchange;
		const { message, replies, duplicate } = exchange;
		return { ok: true, message, replies: await replies, duplicate, state: this.#state() };
	}

	/**
	 * The same exchange as server-sent events: the stored message at once, then
	 * Claude's tokens as they come, then the stored replies. The reply is stored
	 * even if the customer leaves mid-stream.
	 */
	async sendStreaming(tokenHash: string, request: SendMessageRequest, sender: Sender): Promise<Denied | Throttled | Reused | Allowed<{ events: ReadableStream<Uint8Array>; duplicate: boolean }>> {
		// Checked and passed in the same turn as the message is admitted: awaited in a helper, two sends could both pass.
		while (this.#arriving) await this.#arriving.catch(() => {});
		const admitted = this.#admit(tokenHash, request);
		if (!admitted.ok) return admitted;
		const channel = sseChannel();
		const exchange = await this.#exchange(admitted.stored, request, sender, (text) => channel.send({ event: "delta", data: { text } }));
		if (!exchange.ok) return exchange;
		const { message, replies, duplicate } = exchange;
		channel.send({ event: "message", data: message });
		this.ctx.waitUntil(
			replies.then(
				(stored) => {
					for (const reply of stored) channel.send({ event: "reply", data: reply });
					channel.send({ event: "done", data: { duplicate, state: this.#state() } });
					channel.close();
				},
				// The message is stored and its answer owed to the alarm; the widget's resend is answered from storage.
				(error) => {
					logError("reply not streamed", error);
					channel.fail(error);
				},
			),
		);
		return { ok: true, events: channel.readable, duplicate };
	}

	/**
	 * The customer's message found stored by its client id, or null for a new one, which may be stored:
	 * a resend is answered whatever the limits, only a new message counts against them.
	 */
	#admit(tokenHash: string, request: SendMessageRequest): Denied | Throttled | Reused | Allowed<{ stored: Message | null }> {
		const record = this.#authorize(tokenHash);
		if (!record.ok) return record;
		const existing = this.#messages.byClientMessageId(request.clientMessageId);
		if (existing) return existing.text === request.text ? { ok: true, stored: existing } : REUSED;
		const allowance = this.#allowance();
		if (!allowance.ok) return allowance;
		return { ok: true, stored: null };
	}

	/** Whether this is a message the conversation already stored: its resend is answered whatever the limits. */
	async isResend(tokenHash: string, request: SendMessageRequest): Promise<boolean> {
		while (this.#arriving) await this.#arriving.catch(() => {});
		return this.#authorize(tokenHash).ok && this.#messages.byClientMessageId(request.clientMessageId)?.text === request.text;
	}

	/** A resent message with its replies, or a new message, stored and being answered. */
	async #exchange(stored: Message | null, request: SendMessageRequest, sender: Sender, onDelta: (text: string) => void): Promise<Missing | Exchange> {
		if (stored) return { ok: true, message: stored, replies: this.#answering.repliesToResent(stored, onDelta), duplicate: true };
		const received = await this.#receive(request, sender, onDelta);
		return received.ok ? { ...received, duplicate: false } : received;
	}

	read(tokenHash: string, after: number): Denied | Allowed<MessagePage> {
		const record = this.#authorize(tokenHash);
		if (!record.ok) return record;
		return { ok: true, messages: this.#messages.after(after, PAGE_SIZE), lastSeq: this.#messages.lastSeq(), state: this.#state() };
	}

	/** The customer asked for a person; asking again returns the first request instead of repeating it. */
	async requestHuman(tokenHash: string): Promise<Denied | Allowed<{ message: Message; state: ConversationState }>> {
		const record = this.#authorize(tokenHash);
		if (!record.ok) return record;
		const earlier = record.owner === "human" && record.humanRequestedSeq !== null ? this.#messages.bySeq(record.humanRequestedSeq) : null;
		// Pressing "Talk to a human" before writing anything starts the conversation, as far as the KPIs go.
		if (!earlier) this.#analytics.started(record);
		const message = earlier ?? (await this.#handOff("customer_request", {}));
		return { ok: true, message, state: this.#state() };
	}

	/**
	 * The customer left an e-mail address for the team to reply to. Not a signed-in customer: the helpdesk is
	 * told they are verified, so their address is the one the site signed, or none.
	 */
	async setContact(tokenHash: string, email: string): Promise<Denied | SignedIn | TooManyUpdates | Allowed<{ state: ConversationState }>> {
		const record = this.#authorize(tokenHash);
		if (!record.ok) return record;
		if (record.customerId !== null) return { ok: false, reason: "signed_in" };
		// The same address again (a second press, a retry) changes nothing, and tells the helpdesk nothing new; one
		// written in a message and now confirmed tells it the address can be trusted.
		if (email === record.customerEmail && record.customerEmailSource === "contact_form") return { ok: true, state: this.#state() };
		if (record.customerUpdates >= MAX_CUSTOMER_UPDATES) return TOO_MANY_UPDATES;
		this.#record.update({ customerEmail: email, customerEmailSource: "contact_form", customerUpdates: record.customerUpdates + 1 });
		// The form goes as it is saved: the notice, in the chat, is what tells the customer it was.
		this.#append({ role: "system", kind: "contact_saved", text: config.assistant.contactSaved.replaceAll("{email}", email) });
		if (this.#tellContact()) await this.#scheduleDelivery();
		const state = this.#broadcastState();
		await listUnder(this.#listing, [email], "contact_form");
		return { ok: true, state };
	}

	/** The customer's rating of a resolved conversation (1–5, optional comment); rating again replaces it. */
	rate(tokenHash: string, rating: number, comment: string | null): Denied | TooManyUpdates | NotResolved | Allowed<RatingSaved> {
		const record = this.#authorize(tokenHash);
		if (!record.ok) return record;
		if (record.status !== "resolved") return { ok: false, reason: "not_resolved" };
		// The same rating again (a second press, a retry) changes nothing, and tells the helpdesk nothing new.
		if (isRatedNow(record) && record.rating?.rating === rating && record.rating.comment === comment) return { ok: true, rating, state: this.#state() };
		if (record.customerUpdates >= MAX_CUSTOMER_UPDATES) return TOO_MANY_UPDATES;
		this.#record.update({ customerUpdates: record.customerUpdates + 1 });
		this.#record.rate(rating, comment, record.ticketId);
		this.#lifecycle.touch();
		// The customer's other tabs thank them too.
		const state = this.#broadcastState();
		this.#analytics.rated(record, rating);
		// The team that resolved it hears how it went, as a helpdesk shows satisfaction on the ticket.
		if (this.#helpdeskHasTicket(record)) {
			const ratedAt = new Date();
			this.#outbox.enqueue("conversation.rated", { ticketId: record.ticketId, conversationId: record.id, rating, comment: comment === null ? null : forTicket(comment, config.handoff.maskInTicket), ratedAt: ratedAt.toISOString() }, ratedAt);
			this.ctx.waitUntil(this.#scheduleDelivery());
		}
		return { ok: true, rating, state };
	}

	/** Everything, unmasked, for the holder of a signed transcript link. */
	transcript(): Missing | Allowed<{ conversationId: string; messages: Message[] }> {
		const record = this.#record.get();
		if (!record) return { ok: false, reason: "not_found" };
		return { ok: true, conversationId: record.id, messages: this.#messages.all() };
	}

	/** A person from the helpdesk answers; while a person owns the conversation the AI stays quiet. */
	agentReply(text: string, agentName: string, clientMessageId?: string, ticketId?: string): Missing | OutOfTurn | OtherTicket | Reused | Allowed<AgentActionDone & { duplicate: boolean }> {
		const record = this.#record.get();
		if (!record) return { ok: false, reason: "not_found" };
		// With no ticket, what the customer writes next would reach no one: the AI falls silent and nothing is forwarded.
		if (!record.ticketId) return { ok: false, reason: "no_ticket" };
		// Kept apart from customers' ids, which the widget makes up, by a prefix their alphabet has no ':' for.
		const key = clientMessageId === undefined ? undefined : `agent:${clientMessageId}`;
		const existing = key === undefined ? null : this.#messages.byClientMessageId(key);
		if (existing) return existing.text === text && existing.author === agentName ? { ok: true, message: existing, state: this.#state(), ticketId: record.ticketId, duplicate: true } : REUSED;
		const other = this.#otherTicket(record.ticketId, ticketId);
		if (other) return other;
		// A person taking over again (after a hand-back or a resolve) is counted with the ticket's hand-off. On the same
		// ticket, with no new one to carry it: an address the customer left while the AI had them goes to the helpdesk now.
		if (record.owner !== "human") {
			this.#toPerson({});
			if (record.customerEmail !== null && this.#tellContact()) this.ctx.waitUntil(this.#scheduleDelivery());
		}
		const message = this.#append({ role: "agent", kind: "text", text, author: agentName, clientMessageId: key });
		return { ok: true, message, state: this.#broadcastState(), ticketId: record.ticketId, duplicate: false };
	}

	/** The helpdesk reads a conversation it was handed, at any time: held tickets and messages sent while the AI had it again included. */
	async agentRead(after: number): Promise<Missing | OutOfTurn | Allowed<AgentMessagePage>> {
		const record = this.#record.get();
		if (!record) return { ok: false, reason: "not_found" };
		if (!record.ticketId) return { ok: false, reason: "no_ticket" };
		// Signed with the first secret, as the transcript route checks links, whether or not webhooks have somewhere to go.
		const [secret] = listedSecrets(this.env.FRONTDESK_WEBHOOK_SECRET);
		const transcriptUrl = secret ? await transcriptLink(this.#publicOrigin(record), secret, record.id, Date.now()) : null;
		// As the ticket has them: what the owner keeps out of the helpdesk stays out, and the link shows it all.
		const messages = this.#messages.after(after, PAGE_SIZE).map((message) => transcriptEntry(message, config.handoff.maskInTicket));
		return { ok: true, messages, lastSeq: this.#messages.lastSeq(), state: this.#state(), ticketId: record.ticketId, transcriptUrl };
	}

	/** Resolving again (a helpdesk retrying) tells the customer nothing new: the first notice is the answer. */
	resolve(ticketId?: string): Missing | OutOfTurn | OtherTicket | Allowed<AgentActionDone> {
		// Only the team's own conversations: a customer the AI is helping is not told the team closed their case.
		const record = this.#onTicket(ticketId, { ok: false, reason: "no_ticket" });
		if (!record.ok) return record;
		const earlier = record.status === "resolved" ? this.#messages.lastOfKind("resolved") : null;
		if (earlier) return { ok: true, message: earlier, state: this.#state(), ticketId: record.ticketId };
		this.#record.update({ owner: "ai", status: "resolved", failures: 0 });
		this.#analytics.resolved(record, record.owner === "human");
		const message = this.#append({ role: "system", kind: "resolved", text: config.assistant.resolved });
		return { ok: true, message, state: this.#broadcastState(), ticketId: record.ticketId };
	}

	/**
	 * The person hands the conversation back, and the customer is told again that they are talking to an AI. Handing
	 * back again (a helpdesk retrying) tells them nothing new: the notice is the answer, until the conversation moves on.
	 */
	handBack(ticketId?: string): Missing | OutOfTurn | OtherTicket | Allowed<AgentActionDone> {
		// Never handed off: the AI has it, and there is nothing to hand back.
		const record = this.#onTicket(ticketId, { ok: false, reason: "not_handed_off" });
		if (!record.ok) return record;
		const earlier = record.owner === "ai" && record.status === "open" ? this.#messages.lastOfKind("handed_back") : null;
		if (earlier) return { ok: true, message: earlier, state: this.#state(), ticketId: record.ticketId };
		if (record.owner !== "human") return { ok: false, reason: "not_handed_off" };
		this.#record.update({ owner: "ai", status: "open", failures: 0 });
		const text = config.assistant.handedBack ?? `You're chatting with ${config.assistant.name}, the AI assistant, again.`;
		const message = this.#append({ role: "system", kind: "handed_back", text });
		return { ok: true, message, state: this.#broadcastState(), ticketId: record.ticketId };
	}

	/** An agent names the intent a customer message should have matched; the review export carries it as the label. */
	flagMessage(seq: number, intent: string): Missing | NoSuchCustomerMessage | Allowed<{ message: Message }> {
		const record = this.#record.get();
		if (!record) return { ok: false, reason: "not_found" };
		const message = this.#messages.bySeq(seq);
		if (message?.role !== "customer") return { ok: false, reason: "no_such_customer_message" };
		const explanation = this.#messages.repliesTo(seq).find((reply) => reply.explanation)?.explanation;
		this.#analytics.flagged(record, message, explanation, intent);
		return { ok: true, message };
	}

	/** An erased conversation keeps its erasure notice until the helpdesk has it: it can be listed and redelivered till then. */
	#knownToHelpdesk(): boolean {
		return this.#record.get() !== null || (this.#record.stored() && this.#outbox.hasUndelivered());
	}

	deliveries(): Missing | Allowed<{ ticketId: string | null; webhooks: WebhookRecord[] }> {
		if (!this.#knownToHelpdesk()) return { ok: false, reason: "not_found" };
		return { ok: true, ticketId: this.#record.get()?.ticketId ?? null, webhooks: this.#outbox.list() };
	}

	async redeliver(webhookId: string): Promise<Missing | NoSuchWebhook | Allowed<{ webhooks: WebhookRecord[] }>> {
		if (!this.#knownToHelpdesk()) return { ok: false, reason: "not_found" };
		if (!this.#outbox.redeliver(webhookId, Date.now())) return { ok: false, reason: "no_such_webhook" };
		await this.#scheduleDelivery();
		return { ok: true, webhooks: this.#outbox.list() };
	}

	async skip(webhookId: string): Promise<Missing | NoSuchWebhook | NotHeld | Allowed<{ webhooks: WebhookRecord[] }>> {
		if (!this.#knownToHelpdesk()) return { ok: false, reason: "not_found" };
		const outcome = this.#outbox.skip(webhookId);
		if (!outcome) return { ok: false, reason: "no_such_webhook" };
		if (!outcome.skipped) return { ok: false, reason: "not_held", status: outcome.status };
		// An erasure notice skipped leaves nothing to keep the tombstone for: the alarm lets it go.
		await this.#scheduleDelivery();
		return { ok: true, webhooks: this.#outbox.list() };
	}

	/** The webhook endpoint was enabled again: what it held, and what waited hours for a retry, goes out now, in order. */
	async resumeHeldWebhooks(): Promise<void> {
		if (this.#record.stored() && this.#outbox.resumeAll(Date.now())) await this.#scheduleDelivery();
	}

	/** The live channel: a hibernating WebSocket that first catches the widget up from `after`. */
	async fetch(request: Request): Promise<Response> {
		const record = this.#authorize(request.headers.get("X-Token-Hash") ?? "");
		if (!record.ok) return new Response(null, { status: record.reason === "not_found" ? 404 : 401 });
		const after = Number(new URL(request.url).searchParams.get("after") ?? 0) || 0;
		const [client, server] = Object.values(new WebSocketPair());
		this.ctx.acceptWebSocket(server);
		for (const message of this.#messages.after(after, PAGE_SIZE)) server.send(JSON.stringify({ type: "message", message } satisfies LiveEvent));
		server.send(JSON.stringify({ type: "state", state: this.#state() } satisfies LiveEvent));
		return new Response(null, { status: 101, webSocket: client });
	}

	/**
	 * Echoes the widget's close, as 1000 for a code that only reports how the socket ended (none given, dropped
	 * without a close frame) or that no application may send.
	 */
	async webSocketClose(ws: WebSocket, code: number): Promise<void> {
		ws.close(isSendableCloseCode(code) ? code : 1000, "closing");
	}

	/** Everything stored about the conversation, for its customer or the site owner. */
	exportData(requester: Requester): Denied | Allowed<{ data: ConversationExport }> {
		const record = this.#authorizeRequester(requester);
		if (!record.ok) return record;
		return { ok: true, data: this.#lifecycle.exportOf(record) };
	}

	/** For the site owner's lookup by e-mail address: the conversation less its messages; null once it is gone. */
	summary(): ConversationSummary | null {
		const record = this.#record.get();
		return record ? this.#lifecycle.summaryOf(record) : null;
	}

	/** Deletes the conversation now, at its customer's or the site owner's request. */
	async erase(requester: Requester): Promise<Denied | Allowed<{ erasure: Erasure }>> {
		const record = this.#authorizeRequester(requester);
		if (!record.ok) return record;
		const listedUnder = this.#listing.listings.keys();
		// The record is gone once erase() is called, before its first await: Claude is stopped then, not once the rest is done.
		const erasing = this.#lifecycle.erase(record, erasureReason(requester));
		this.#answering.stopDrafting();
		const erasure = await erasing;
		await this.#listing.listings.removeFromAll(record.id, listedUnder);
		return { ok: true, erasure };
	}

	/** Does what is due: an answer owed, a directory listing to retry, then the lifecycle's part (lifecycle.ts). */
	async alarm(): Promise<void> {
		// Wiped (lifecycle.ts) and cut off before its empty schema was made again: nothing is left to do.
		if (!this.#record.stored()) return;
		await this.#answering.answerOverdue();
		await sendPendingListings(this.#listing);
		await this.#lifecycle.alarm();
	}

	/** FRONTDESK_PUBLIC_URL as it is now: a conversation started before it was set keeps the address it came in at only if none is. */
	#publicOrigin(record: ConversationRecord): string {
		return publicOrigin(this.env, record.publicOrigin);
	}

	async #scheduleDelivery(): Promise<void> {
		await alarmNoLaterThan(this.ctx.storage, Date.now());
	}

	#append(message: NewMessage): Message {
		const stored = this.#messages.append(message);
		this.#lifecycle.touch();
		this.#broadcast({ type: "message", message: stored });
		return stored;
	}

	#broadcast(event: LiveEvent): void {
		const payload = JSON.stringify(event);
		for (const socket of this.ctx.getWebSockets()) {
			try {
				socket.send(payload);
			} catch {
				// A socket closing as we send: the widget catches up by seq when it reconnects.
			}
		}
	}

	/** Tells the live channel and the open tickets where the conversation now stands, and returns that, for the answer to say the same. */
	#broadcastState(): ConversationState {
		const state = this.#state();
		this.#broadcast({ type: "state", state });
		this.#listTicket();
		return state;
	}

	/** Brings the conversation's line in the open tickets up to date, with the alarm set to send it again (ConversationLifecycle.sendWithRetry). */
	#listTicket(): void {
		const record = this.#record.get();
		if (!record) return;
		const ticket = record.ticketId === null ? undefined : this.#tickets.get(record.ticketId);
		this.#ticketListing.note(record.id, listedTicket(record, ticket, new Date()));
		if (this.#ticketListing.pending()) this.ctx.waitUntil(this.#lifecycle.sendWithRetry(() => this.#ticketListing.sendPending()));
	}

	#state(): ConversationState {
		const record = this.#record.get();
		return {
			owner: record?.owner ?? "ai",
			status: record?.status ?? "open",
			// An address only written in a message may be a typo or someone else's: the customer is asked to confirm one.
			contactRequested: record?.status === "handed_off" && config.handoff.askForEmail && record.customerEmailSource !== "contact_form" && record.customerId === null,
			// For the resolution of the current ticket: after another hand-off, its resolution may be rated again.
			rated: record ? isRatedNow(record) : false,
		};
	}

	/**
	 * Queues `conversation.contact.updated` with the customer as recorded now, where a helpdesk has a ticket to
	 * update that does not have them so already; whether it did says whether a delivery is due. As for every
	 * webhook: with no endpoint there is no helpdesk to tell, and nothing may wait to surprise one set up later.
	 */
	#tellContact(): boolean {
		const record = this.#record.get();
		// Only while a person has it: a ticket handed back or resolved is closed at the helpdesk, and a new hand-off carries the address.
		if (!record || record.owner !== "human" || !this.#helpdeskHasTicket(record)) return false;
		const customer = customerOf(record);
		// An agent taking the conversation over again with nothing new about the customer: the same customer again would read as a change.
		if (JSON.stringify(this.#outbox.customerLastTold(record.ticketId)) === JSON.stringify(customer)) return false;
		this.#outbox.enqueue("conversation.contact.updated", { ticketId: record.ticketId, conversationId: record.id, customer }, new Date());
		return true;
	}

	/**
	 * A helpdesk acting on an old ticket (closing it after the customer was handed off again, a late retry of a
	 * hand-back) would end the new hand-off: when it names a ticket, that must be the conversation's current one.
	 */
	#otherTicket(current: string, named: string | undefined): OtherTicket | null {
		if (named === undefined || named === current) return null;
		return this.#tickets.has(named) ? { ok: false, reason: "other_ticket", ticketId: current } : { ok: false, reason: "no_such_ticket" };
	}

	/** The conversation, for a helpdesk acting on `ticketId`: `noTicket` when it was never handed off. */
	#onTicket(ticketId: string | undefined, noTicket: OutOfTurn): Missing | OutOfTurn | OtherTicket | Allowed<ConversationRecord & { ticketId: string }> {
		const record = this.#record.get();
		if (!record) return { ok: false, reason: "not_found" };
		if (!record.ticketId) return noTicket;
		return this.#otherTicket(record.ticketId, ticketId) ?? { ok: true, ...record, ticketId: record.ticketId };
	}

	/** Whether the conversation's current ticket reached the helpdesk, which an endpoint is still there to tell. */
	#helpdeskHasTicket(record: ConversationRecord): record is ConversationRecord & { ticketId: string } {
		if (!record.ticketId || !endpointOf(this.env)) return false;
		return this.#tickets.wasSent(record.ticketId);
	}

	/**
	 * Whether the customer may send one more message. While a person has the conversation, only the messages since they
	 * took it count towards its limit: a long talk with the AI must not cut the customer off from the person who just
	 * took it over, and each taking over that gives them more room is one a person ends (by a hand-back or a resolve).
	 */
	#allowance(): ConversationAllowance {
		const now = Date.now();
		const record = this.#record.get();
		// Taken by a hand-off, or by an agent's reply after the AI had it back: the later of the two is this person's.
		const withPersonSince = record?.owner === "human" ? Math.max(record.humanRequestedSeq ?? 0, this.#messages.takenOverSeq()) : 0;
		return conversationAllowance(effectiveLimits(this.env.FRONTDESK_LIMITS), this.#messages.customerActivity(windowStart(now), withPersonSince), now);
	}

	#storeCustomerMessage(request: SendMessageRequest, entities: MessageEntity[]): Message {
		const emails = entities.flatMap((entity) => (entity.type === "email" ? [entity.value] : []));
		const record = this.#record.get();
		// A signed-in customer's address is the one the site signed (see setContact).
		if (emails.length && record && !record.customerEmail && record.customerId === null) {
			this.#record.update({ customerEmail: emails[0], customerEmailSource: "message" });
			// The team already has a ticket without an address: the customer's answer to "how do we reach you?" is often a message.
			if (this.#tellContact()) this.ctx.waitUntil(this.#scheduleDelivery());
		}
		// Every address the conversation now holds can be looked up; not waited for, as the answer does not depend on it.
		if (emails.length) this.ctx.waitUntil(listUnder(this.#listing, emails, "message"));
		if (request.page) this.#record.notePage(request.page);
		return this.#append({ role: "customer", kind: "text", text: request.text, clientMessageId: request.clientMessageId, entities: entities.length ? entities : undefined });
	}

	/** A new message: forwarded to the helpdesk once a person has the conversation, else answered. */
	async #receive(request: SendMessageRequest, sender: Sender, onDelta: (text: string) => void): Promise<Missing | Arrived> {
		const entities = extractEntities(request.text, { valueLists: config.entities.valueLists, timeZone: sender.timeZone });
		const keep = () => this.#storeCustomerMessage(request, entities);
		const record = this.#record.get() as ConversationRecord;
		if (record.owner === "human") return this.#forward(record, keep);
		const arrival = this.#answering.answer(record, { text: request.text, entities, receivedAt: Date.now(), sender, ...readBefore(this.#messages, null) }, keep, onDelta);
		this.#arriving = arrival;
		try {
			return await arrival;
		} finally {
			if (this.#arriving === arrival) this.#arriving = null;
		}
	}

	/** A new message once a person has the conversation: stored, and sent on to the helpdesk for them to answer. */
	#forward(record: ConversationRecord, keep: () => Message): Arrived {
		const message = keep();
		this.#analytics.forwarded(record);
		return { ok: true, message, replies: this.#forwardToHelpdesk(record, message).then(() => []) };
	}

	/** A person has the conversation from now on: the answers being drafted will not be given, and are stopped. */
	#toPerson(changes: Omit<RecordUpdate, "owner" | "status">): void {
		this.#record.update({ owner: "human", status: "handed_off", ...changes });
		this.#answering.stopDrafting();
	}

	async #handOff(reason: HandoffReason, cause: Pick<NewMessage, "replyTo" | "explanation">): Promise<Message> {
		const now = new Date();
		const endpoint = endpointOf(this.env);
		// Signed before anything is written: from the notice to the queued ticket, the writes happen in one
		// step with no await between them, so a restart cannot leave a handed-off conversation without a ticket.
		const signedFor = this.#record.get() as ConversationRecord;
		const transcriptUrl = endpoint ? await transcriptLink(this.#publicOrigin(signedFor), endpoint.secrets[0], signedFor.id, now.getTime()) : "";
		const record = this.#record.get() as ConversationRecord;
		const open = availability(config.handoff.businessHours, now);
		const message = this.#append({ role: "system", kind: "handoff_requested", text: handoffNotice(config, open), ...cause });
		if (record.owner === "human") return message;
		this.#analytics.handedOff(record, reason);
		// Read before the new ticket takes its place; one the helpdesk never had is not theirs to close.
		const previousTicketId = record.ticketId !== null && this.#tickets.wasSent(record.ticketId) ? record.ticketId : null;
		const ticketId = `tkt_${randomToken(12)}`;
		this.#tickets.add(ticketId, reason, now, endpoint !== null);
		this.#toPerson({ ticketId, failures: 0, humanRequestedSeq: message.seq });
		if (endpoint) {
			const ticket = handoffTicket(
				{
					ticketId,
					previousTicketId,
					conversationId: record.id,
					reason,
					messages: this.#messages.all(),
					customer: customerOf(record),
					page: record.page,
					locale: record.locale,
					availability: open,
					transcriptUrl,
					replyUrl: `${this.#publicOrigin(record)}/v1/agent/conversations/${record.id}/messages`,
				},
				config,
			);
			this.#outbox.enqueue("handoff.created", ticket, now);
			await this.#scheduleDelivery();
		}
		this.#broadcastState();
		return message;
	}

	async #forwardToHelpdesk(record: ConversationRecord, message: Message): Promise<void> {
		if (!this.#helpdeskHasTicket(record)) return;
		const sequence = record.webhookSeq + 1;
		this.#record.update({ webhookSeq: sequence });
		const data = { ticketId: record.ticketId, conversationId: record.id, sequence, message: transcriptEntry(message, config.handoff.maskInTicket) };
		this.#outbox.enqueue("conversation.message.created", data, new Date());
		await this.#scheduleDelivery();
	}

	// Callers hash the token before the call, so nothing here awaits between
	// arrival and storage: messages are stored in the order they arrive.
	#authorize(tokenHash: string): Denied | Allowed<ConversationRecord> {
		const record = this.#record.get();
		if (!record) return { ok: false, reason: "not_found" };
		if (!constantTimeEqual(tokenHash, record.tokenHash)) return { ok: false, reason: "unauthorized" };
		return { ok: true, ...record };
	}

	#authorizeRequester(requester: Requester): Denied | Allowed<ConversationRecord> {
		if (requester.role === "customer") return this.#authorize(requester.tokenHash);
		const record = this.#record.get();
		return record ? { ok: true, ...record } : { ok: false, reason: "not_found" };
	}
}
