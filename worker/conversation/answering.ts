// A conversation's answers to its customer's messages, given by its Durable Object: drafted by the cascade, stored,
// and owed until they are (see OwedAnswers), so that one a restart cut off is given by the alarm or on the customer's resend.
import type { HandoffReason, Message } from "../../shared/protocol.ts";
import type { AnalyticsEmitter } from "../analytics/emitter.ts";
import { llmSettings } from "../cascade/llm/settings.ts";
import { compiledSite } from "../config/compiled-site.ts";
import { alarmNoLaterThan } from "../durable/alarm.ts";
import type { Env } from "../env.ts";
import { isAcceptance, isConfirmation } from "../handoff/acceptance.ts";
import { askedHandoff, failuresAfter } from "../handoff/answer-triggers.ts";
import { isRejection } from "../handoff/rejection.ts";
import { scoreSentiment } from "../handoff/sentiment/score-sentiment.ts";
import { giveBackUnmadeCall, hasCallReservedAhead, reserveClaudeCallAhead, takeClaudeCall } from "../limits/claude-calls-ahead.ts";
import { countClaudeCall } from "../limits/ip-limits.ts";
import { logError } from "../privacy/safe-log.ts";
import { secretValues } from "../replies/output-guard/leak-check.ts";
import { draftReply, type ReplyDraft, type ReplyInput } from "../replies/reply-pipeline.ts";
import type { ConversationRecord, ConversationRecordStore } from "./conversation-record.ts";
import type { ConversationLifecycle } from "./lifecycle.ts";
import type { MessageStore, NewMessage } from "./message-store.ts";
import type { Allowed, Missing } from "./outcomes.ts";
import { OwedAnswers } from "./owed-answers.ts";
import { type Question, readBefore, suggestedIntent } from "./question.ts";

/** A customer message stored, with its answer to come. */
export type Arrived = Allowed<{ message: Message; replies: Promise<Message[]> }>;

const WORKER_SECRETS: Array<keyof Env> = ["ANTHROPIC_API_KEY", "FRONTDESK_WEBHOOK_SECRET", "FRONTDESK_AGENT_TOKEN", "FRONTDESK_ADMIN_TOKEN", "FRONTDESK_IDENTITY_SECRET"];
const { config } = compiledSite;
// How long after a message its answer counts as owed to the alarm. The instance writing an answer
// skips it (see #beingWritten), so this only has to outlast a restart, not the slowest reply.
const ANSWER_GRACE_MS = 5_000;

export interface AnsweringParts {
	ctx: DurableObjectState;
	env: Env;
	record: ConversationRecordStore;
	messages: MessageStore;
	analytics: AnalyticsEmitter;
	lifecycle: ConversationLifecycle;
	/** Stores a message and sends it to the live channel. */
	append: (message: NewMessage) => Message;
	/** Hands the conversation to a person, and returns the notice that tells the customer so. */
	handOff: (reason: HandoffReason, cause: Pick<NewMessage, "replyTo" | "explanation">) => Promise<Message>;
	/** A new message once a person has the conversation: stored by `keep`, and sent on to the helpdesk for them to answer. */
	forward: (record: ConversationRecord, keep: () => Message) => Arrived;
}

/** What a draft tells the answer about its call to Claude as it happens, so that storing the message holds back no request. */
interface ClaudeCallNews {
	/** The answer will ask Claude: heard before the draft returns. */
	onAsk(): void;
	/** Storing the message now holds back no request to Claude: the request is out (see body-sending-turns.ts), or none will be for a while. */
	onStorable(): void;
}

function claudeCallNews(): ClaudeCallNews & { asked: boolean; storable: Promise<void> } {
	let onStorable = () => {};
	const storable = new Promise<void>((resolve) => {
		onStorable = resolve;
	});
	const news = {
		asked: false,
		storable,
		onStorable,
		onAsk: () => {
			news.asked = true;
		},
	};
	return news;
}

export class ConversationAnswering {
	readonly #parts: AnsweringParts;
	readonly #owed: OwedAnswers;
	/** Messages this instance is answering right now, with the answer to come; an owed answer not in here was cut off by a restart. */
	readonly #beingWritten = new Map<number, Promise<Message[]>>();
	/** Answers being drafted: once a person has the conversation, or it is erased, none of them will be given, and Claude is stopped writing them. */
	readonly #drafting = new Set<AbortController>();
	/** The worker's secrets, which no reply may contain; the environment is fixed for the object's life. */
	readonly #secrets: string[];

	constructor(parts: AnsweringParts) {
		this.#parts = parts;
		this.#owed = new OwedAnswers(parts.ctx.storage.sql);
		this.#secrets = secretValues(parts.env, WORKER_SECRETS);
	}

	/** When the next answer owed falls due, for the alarm (see LifecycleParts), or null. */
	answerDue(): number | null {
		return this.#owed.nextDue(this.#beingWritten, Date.now() + ANSWER_GRACE_MS);
	}

	/**
	 * Answers a customer message, stored, or new and stored by `keep`, and returns once it is stored. For a new
	 * one whose answer asks Claude, the request goes first: a write holds back everything the object sends until
	 * storage has it, the rest of a request's body included, and the customer would wait for that on top of Claude.
	 * The message is stored once the whole request is out; what reached the object meanwhile is looked at again.
	 */
	async answer(record: ConversationRecord, question: Question, stored: Message | (() => Message), onDelta: (text: string) => void): Promise<Missing | Arrived> {
		const keep = typeof stored === "function" ? stored : () => stored;
		// A yes to a suggestion ("Did you mean this?") picks what it suggested; any other yes to the fallback asks for the
		// person it offers.
		const confirmed = isConfirmation(question.text) ? this.#suggestion(question) : undefined;
		if (!confirmed && question.previous?.explanation?.tier === "fallback" && isAcceptance(question.text) && config.handoff.triggers.customerRequest) {
			const message = keep();
			this.#parts.analytics.forwarded(record);
			return { ok: true, message, replies: this.#track(message.seq, this.#parts.handOff("customer_request", { replyTo: message.seq }).then((notice) => [notice])) };
		}
		const claude = claudeCallNews();
		const drafting = this.#draft(question, confirmed, onDelta, claude).then((draft) => {
			// Counted whatever becomes of the answer, even one dropped below.
			if (draft.claudeUsage) this.#parts.analytics.calledClaude(record, draft.claudeUsage);
			return draft;
		});
		let current = record;
		if (claude.asked && typeof stored === "function") {
			// Or the draft ends first, having made no request after all (its call refused or stopped). Its failure is the reply's.
			await Promise.race([claude.storable, drafting.catch(() => {})]);
			const now = this.#parts.record.get();
			if (!now) return { ok: false, reason: "not_found" };
			current = now;
			// Handed to a person meanwhile: the message is theirs to answer, and the reply being drafted is dropped.
			if (current.owner === "human") return this.#parts.forward(current, keep);
		}
		const message = keep();
		const dueAt = Date.now() + ANSWER_GRACE_MS;
		this.#owed.owe(message.seq, dueAt);
		// Only an answer waiting for Claude sets the alarm that gives it should the object die first: tier 1's is stored in this same write.
		// Without the alarm the answer still comes; only a restart meanwhile would leave it to the customer's resend.
		const owedToAlarm = claude.asked ? alarmNoLaterThan(this.#parts.ctx.storage, dueAt).catch((error) => logError("owed answer's alarm not set", error)) : null;
		return { ok: true, message, replies: this.#track(message.seq, this.#writeAnswer(current, message, question, Promise.all([drafting, owedToAlarm]).then(([draft]) => draft), dueAt)) };
	}

	/**
	 * A resent message gets its stored replies, the answer still being written (the first stream was cut,
	 * the answer was not), or its answer now if a restart cut the first one off.
	 */
	async repliesToResent(message: Message, onDelta: (text: string) => void): Promise<Message[]> {
		const answering = this.#beingWritten.get(message.seq);
		if (answering) return answering.catch(() => this.#parts.messages.repliesTo(message.seq));
		if (this.#owed.isOwed(message.seq)) return this.#answerOwed(message, onDelta);
		return this.#parts.messages.repliesTo(message.seq);
	}

	async answerOverdue(): Promise<void> {
		for (const seq of this.#owed.overdue(Date.now())) {
			// Asked again on each turn: while an earlier answer waited on Claude, a resend may have given this one.
			if (this.#beingWritten.has(seq) || !this.#owed.isOwed(seq)) continue;
			const message = this.#parts.messages.bySeq(seq);
			if (message) await this.#answerOwed(message, () => {});
			else this.#owed.settle(seq);
		}
	}

	/** A reply nobody will be given costs the site owner Claude's tokens all the same, and streams to the customer meanwhile. */
	stopDrafting(): void {
		for (const stop of this.#drafting) stop.abort();
	}

	/** The answer being written to message `seq`, where a resend finds it. */
	#track(seq: number, answering: Promise<Message[]>): Promise<Message[]> {
		const tracked = answering.finally(() => this.#beingWritten.delete(seq));
		this.#beingWritten.set(seq, tracked);
		return tracked;
	}

	/** Once a person has taken the conversation over, they answer: the message is in the ticket's transcript already. */
	async #answerOwed(message: Message, onDelta: (text: string) => void): Promise<Message[]> {
		const record = this.#parts.record.get() as ConversationRecord;
		if (record.owner !== "human") {
			const question = { text: message.text, entities: message.entities ?? [], receivedAt: Date.parse(message.createdAt), ...readBefore(this.#parts.messages, message.seq) };
			const answered = await this.answer(record, question, message, onDelta);
			return answered.ok ? answered.replies : [];
		}
		this.#owed.settle(message.seq);
		this.#parts.analytics.forwarded(record);
		return [];
	}

	async #writeAnswer(record: ConversationRecord, message: Message, question: Question, drafting: Promise<ReplyDraft>, dueAt: number): Promise<Message[]> {
		const rejected = question.previous?.role === "assistant" && isRejection(question.text);
		const draft = await drafting;
		const current = this.#parts.record.get();
		// Erased while the reply was being written: nothing more may be stored or reported.
		if (!current) return [];
		this.#owed.settle(message.seq);
		// Handed to a person while the reply was being written (the button, an agent's reply): the AI is silent from then on,
		// even if they have given it back since (a stopped draft), as the person had the message.
		if (current.owner === "human" || draft.stopped) {
			this.#parts.analytics.forwarded(current);
			return [];
		}
		const asked = askedHandoff(draft, config.handoff.triggers);
		// An intent with no answer of its own whose hand-off is switched off: the customer gets the fallback, and every record says so.
		const given: ReplyDraft = draft.text === null && !asked ? { ...draft, text: config.assistant.fallback, explanation: { ...draft.explanation, tier: "fallback" } } : draft;
		const replies: Message[] = [];
		if (given.text !== null) {
			const { text, explanation, quickReplies, link } = given;
			replies.push(this.#parts.append({ role: "assistant", kind: "text", text, replyTo: message.seq, explanation, quickReplies, link }));
		}
		const failures = failuresAfter(current.failures, rejected, given);
		this.#parts.record.update({ failures });
		const { triggers, failuresBeforeHandoff } = config.handoff;
		const reason = asked ?? (triggers.repeatedFailure && failures >= failuresBeforeHandoff ? "repeated_failure" : null);
		if (reason) replies.push(await this.#parts.handOff(reason, { replyTo: message.seq, explanation: given.text === null ? given.explanation : undefined }));
		// A conversation counts from its first message: one opened and left, or whose first message was refused, does not.
		this.#parts.analytics.answered(record, message, given.explanation, reason, this.#parts.messages.firstCustomerSeq() === message.seq);
		await this.#parts.lifecycle.release(dueAt);
		return replies;
	}

	/**
	 * The intent the answer before the question suggested, with what the message it answered named; undefined without
	 * one, or when the site has no such intent since.
	 */
	#suggestion({ previous }: Question): ReplyInput["confirmed"] {
		const id = suggestedIntent(previous);
		const intent = config.intents.find((candidate) => candidate.id === id);
		if (!intent) return undefined;
		const asked = previous?.replyTo === undefined ? undefined : this.#parts.messages.bySeq(previous.replyTo);
		return { intent, entities: asked?.entities ?? [] };
	}

	/**
	 * The cascade's answer; an unexpected failure in it still gets the customer the honest fallback.
	 */
	async #draft(question: Question, confirmed: ReplyInput["confirmed"], onDelta: (text: string) => void, news: ClaudeCallNews): Promise<ReplyDraft> {
		const { env, ctx } = this.#parts;
		const { text, entities, receivedAt, history } = question;
		let tookCall = false;
		let gaveCallBack = false;
		const stop = new AbortController();
		this.#drafting.add(stop);
		try {
			const upset = config.handoff.triggers.negativeSentiment && scoreSentiment(text).strongNegative;
			const waitUntil = (promise: Promise<unknown>) => ctx.waitUntil(promise);
			const reserveLlmCall = async (notAfter: number) => {
				news.onAsk();
				// None reserved ahead: reserving one is a trip to the budget's shards, with no request under way meanwhile.
				if (!hasCallReservedAhead()) news.onStorable();
				const call = await takeClaudeCall(env, notAfter, waitUntil);
				if (!call) return null;
				tookCall = true;
				const giveBack = () => {
					gaveCallBack = true;
					giveBackUnmadeCall(env, call, waitUntil);
				};
				return { giveBack };
			};
			const clientOverBudget = question.sender?.claudeRoom === false;
			return await draftReply(compiledSite, { text, entities, receivedAt, history, confirmed, upset, llm: llmSettings(env), clientOverBudget, reserveLlmCall, onDelta, secrets: this.#secrets, signal: stop.signal, onRequestSent: news.onStorable });
		} catch (error) {
			logError("reply pipeline failed", error);
			return { text: config.assistant.fallback, explanation: { tier: "fallback", intent: null, confidence: 0, latencyMs: Date.now() - receivedAt }, handoff: null };
		} finally {
			this.#drafting.delete(stop);
			if (tookCall) {
				ctx.waitUntil(reserveClaudeCallAhead(env));
				// A call given back was never made: the customer's share of Claude's calls is not spent on it. A draft stopped
				// once its call was reserved gives it back (reply-pipeline's reserveCall) before the draft returns, so before
				// this; one whose reservation came too late never set tookCall in time to be counted here.
				if (question.sender && !gaveCallBack) ctx.waitUntil(countClaudeCall(env, question.sender.clientIp));
			}
		}
	}
}
