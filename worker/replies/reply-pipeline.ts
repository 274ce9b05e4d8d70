import type { HandoffReason, LlmFailure, MessageEntity, ReplyExplanation, ResponseLink } from "../../shared/protocol.ts";
import type { Intent } from "../../shared/site-config.ts";
import type { ConversationTurn } from "../cascade/llm/prompt.ts";
import type { LlmSettings } from "../cascade/llm/settings.ts";
import { callBudget, withinBudget } from "../cascade/llm/call-budget.ts";
import { logClaudeFailure } from "../cascade/llm/failure.ts";
import { type ReplyUsage, streamReply } from "../cascade/llm/stream-reply.ts";
import type { Tier1Result } from "../cascade/tier1.ts";
import type { CompiledSite } from "../config/compiled-site.ts";
import { completeSentences } from "./complete-sentences.ts";
import { guardedStream } from "./output-guard/guarded-stream.ts";
import { renderResponse } from "./render-response.ts";

export interface ReplyDraft {
	/** Null when the answer is only to hand the conversation to a person. */
	text: string | null;
	explanation: ReplyExplanation;
	quickReplies?: string[];
	link?: ResponseLink;
	/** Set when the conversation should go to a person. */
	handoff: HandoffReason | null;
	/** Set when Claude was called, whatever came of it: the tokens the call used, for the site owner's analytics. */
	claudeUsage?: ReplyUsage;
	/** Set when `signal` stopped the draft: it is no answer to give. */
	stopped?: true;
}

/** A Claude call counted against the site's ceilings. */
export interface CountedLlmCall {
	/** Claude will not be asked after all: the call is uncounted. */
	giveBack(): void;
}

export interface ReplyInput {
	text: string;
	entities: MessageEntity[];
	/** When the message arrived (ms since the epoch): latencies count from there, so an answer given after a restart counts the whole wait. */
	receivedAt: number;
	/** The conversation before this message, oldest first. */
	history: ConversationTurn[];
	/**
	 * The intent the customer said yes to, suggested on its own by the answer before ("Did you mean…?"), with what the
	 * message that answer was to named ("bill of order 00123842"): the answer is that intent's.
	 */
	confirmed?: { intent: Intent; entities: MessageEntity[] };
	/** The customer is strongly upset: after the guardrail rules, a person takes over. */
	upset: boolean;
	/** Null when no API key is configured: tier 2 is off. */
	llm: LlmSettings | null;
	/** The client who sent it has spent its share of the Claude calls (`limits.ipClaudeCallsPerHour`): no call for it. */
	clientOverBudget?: boolean;
	/** Counts one call against the site's Claude spend ceilings; null once they are reached, or when it could not be counted by `notAfter`. */
	reserveLlmCall: (notAfter: number) => Promise<CountedLlmCall | null>;
	/** Receives Claude's reply token by token; tier 1 and the fallback answer at once. */
	onDelta: (text: string) => void;
	/** The worker's secrets, which no reply may ever contain. */
	secrets: readonly string[];
	/** Aborted when the reply will not be given after all: Claude is not called, or is stopped, and the draft says so. */
	signal?: AbortSignal;
	/** Hears once the request to Claude is wholly out, if one is made. */
	onRequestSent?: () => void;
}

/** The rule an answer names when the customer said yes to the intent suggested before. */
export const CONFIRMED_SUGGESTION = "yes to the suggestion";

function handoffReason(intent: Intent | undefined): HandoffReason | null {
	if (intent?.sensitive) return "sensitive";
	return intent?.action === "handoff" ? "customer_request" : null;
}

function intentReply(intent: Intent, input: ReplyInput, explanation: ReplyExplanation): ReplyDraft {
	const handoff = handoffReason(intent);
	if (!intent.response) return { text: null, explanation, handoff: handoff ?? "sensitive" };
	const { text, quickReplies, link } = intent.response;
	return { text: renderResponse(text, input.entities), explanation, quickReplies: quickReplies.length ? quickReplies : undefined, link, handoff };
}

/** Why the AI said what it said, with the time since the message arrived. */
function explanation(input: ReplyInput, tier: ReplyExplanation["tier"], intent: string | null, confidence: number, extra: Partial<ReplyExplanation> = {}): ReplyExplanation {
	return { tier, intent, confidence, latencyMs: Date.now() - input.receivedAt, ...extra };
}

/**
 * Decides the assistant's answer to one customer message: a yes to the intent suggested before, explicit rules, then
 * the matcher, then Claude, then the honest fallback that offers a person. An
 * upset customer goes to a person unless a guardrail rule already sends them.
 * It never throws: a failing tier hands over to the next.
 */
export async function draftReply(site: CompiledSite, input: ReplyInput): Promise<ReplyDraft> {
	const { confirmed } = input;
	// Before the rules: a site's rule for "ok" (thanks, say) would answer it as if nothing had been asked.
	if (confirmed) return intentReply(confirmed.intent, { ...input, entities: [...input.entities, ...confirmed.entities] }, explanation(input, "rule", confirmed.intent.id, 1, { rule: CONFIRMED_SUGGESTION }));
	const tier1: Tier1Result = site.tier1(input.text);
	const guardrail = tier1.tier === "rule" && tier1.intent !== null && handoffReason(tier1.intent) !== null;
	if (input.upset && !guardrail) return { text: null, explanation: explanation(input, "rule", null, 1, { rule: "negative sentiment" }), handoff: "negative_sentiment" };
	if (tier1.tier === "rule" && !tier1.intent) return { text: site.config.assistant.disclosure, explanation: explanation(input, "rule", null, 1, { rule: tier1.rule }), handoff: null };
	if (tier1.tier === "rule") return intentReply(tier1.intent, input, explanation(input, "rule", tier1.intent.id, 1, { rule: tier1.rule }));
	if (tier1.tier === "matcher") return intentReply(tier1.intent, input, explanation(input, "matcher", tier1.intent.id, tier1.confidence));
	return claudeReply(site, input, tier1);
}

/**
 * Tier 2, for what tier 1 could not answer: Claude, else the fallback saying why, which asks the customer to choose
 * where the matcher was torn between a few intents, and suggests the one it leaned to.
 */
async function claudeReply(site: CompiledSite, input: ReplyInput, { confidence, choices }: Extract<Tier1Result, { tier: null }>): Promise<ReplyDraft> {
	const { assistant } = site.config;
	const offered = choices.length ? { choices: choices.map((choice) => choice.intent) } : {};
	const fallback = (extra: Partial<ReplyExplanation> = {}): ReplyDraft => ({
		text: choices.length === 1 ? assistant.suggest : choices.length ? assistant.clarify : assistant.fallback,
		quickReplies: choices.length ? choices.map((choice) => choice.button) : undefined,
		explanation: explanation(input, "fallback", null, confidence, { ...offered, ...extra }),
		handoff: null,
	});
	if (!input.llm) return fallback();
	if (input.clientOverBudget) return fallback({ llmFailure: "client_over_budget" });
	const { llm } = site.config.cascade;
	const reservation = await reserveCall(llm.firstTokenTimeoutMs, input);
	if (!reservation.ok) return { ...fallback({ llmFailure: reservation.llmFailure }), ...(reservation.llmFailure === "cancelled" ? { stopped: true } : {}) };

	const guarded = guardedStream({ linkDomains: site.linkDomains, secrets: input.secrets, instructionFragments: site.instructionFragments }, input.onDelta);
	const outcome = await streamReply(
		{
			...input.llm,
			model: llm.model,
			maxTokens: llm.maxTokens,
			assistantName: site.config.assistant.name,
			intents: site.llmIntents,
			history: input.history.slice(-llm.historyMessages),
			latest: input.text,
			firstTokenTimeoutMs: Math.max(1, llm.firstTokenTimeoutMs - (Date.now() - reservation.startedAt)),
			totalTimeoutMs: llm.totalTimeoutMs,
			signal: input.signal,
			onRequestSent: input.onRequestSent,
		},
		guarded.push,
	);
	const claudeUsage = outcome.usage;
	const failed = (llmFailure: LlmFailure): ReplyDraft => ({ ...fallback({ llmFailure }), claudeUsage });
	if (input.signal?.aborted) return { ...failed("cancelled"), stopped: true };
	if (!outcome.ok) {
		logClaudeFailure(outcome);
		return failed(outcome.reason);
	}
	// Claude declined to go on: what it wrote before that is no answer to give.
	if (outcome.stopReason === "refusal") return failed("refusal");
	const guardedText = guarded.finish();
	if (guardedText === null) return failed("unsafe_output");
	// Stopped at max_tokens: the sentences it finished are an answer; the one it did not is dropped.
	const cutOff = outcome.stopReason === "max_tokens";
	const text = cutOff ? completeSentences(guardedText) : guardedText;
	if (!text.trim()) return failed(cutOff ? "cut_off" : "empty_reply");
	// The model can only name a configured intent (streamReply drops any other), so only configured actions follow.
	const intent = site.config.intents.find((candidate) => candidate.id === outcome.intent);
	return {
		text,
		explanation: explanation(input, "llm", outcome.intent, confidence, { firstTokenMs: outcome.firstTokenMs }),
		handoff: handoffReason(intent),
		claudeUsage,
	};
}

/**
 * Counts a Claude call against the site's ceilings. The customer waits for it as for the first token, so it spends
 * the same time budget (`firstTokenTimeoutMs`, from `startedAt`); a call that will not be made goes back to the budget.
 */
async function reserveCall(firstTokenTimeoutMs: number, input: ReplyInput): Promise<{ ok: true; startedAt: number } | { ok: false; llmFailure: LlmFailure }> {
	const startedAt = Date.now();
	const budget = callBudget(firstTokenTimeoutMs, firstTokenTimeoutMs, input.signal);
	const call = input.reserveLlmCall(startedAt + firstTokenTimeoutMs);
	const reserved = await withinBudget(call, budget);
	budget.dispose();
	// Given back now, or once a reservation that came too late comes.
	const notMade = () => void call.then((counted) => counted?.giveBack(), () => {});
	// Stopped while the call was reserved: Claude is not called at all. Once it is reserved, the request goes out
	// in this same turn, before anything else the object receives can stop it.
	if (input.signal?.aborted) {
		notMade();
		return { ok: false, llmFailure: "cancelled" };
	}
	if (reserved === "halted") {
		notMade();
		return { ok: false, llmFailure: "timeout" };
	}
	if (!reserved) return { ok: false, llmFailure: "over_budget" };
	return { ok: true, startedAt };
}
