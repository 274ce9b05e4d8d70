import Anthropic from "@anthropic-ai/sdk";
import type { RawMessageStreamEvent } from "@anthropic-ai/sdk/resources/messages";
import type { PersonalDataType } from "../../../shared/site-config.ts";
import { callBudget, withinBudget } from "./call-budget.ts";
import { describeFailure, type FailureDetails } from "./failure.ts";
import { intentTagReader, knownIntent } from "./intent-tag.ts";
import { bodySendingTurns, jsonBodyBytes } from "./body-sending-turns.ts";
import { buildPrompt, type ConversationTurn, type LlmIntent } from "./prompt.ts";

export interface ReplyRequest {
	apiKey: string;
	/** The Messages API's address; the SDK's default (Anthropic) when left out. */
	baseURL?: string;
	// The site config's: `cascade.llm`.
	model: string;
	maxTokens: number;
	assistantName?: string;
	intents: readonly LlmIntent[];
	/** The conversation before the latest customer message, oldest first. */
	history: readonly ConversationTurn[];
	latest: string;
	/** How long the customer may wait for the first token before the call is given up. */
	firstTokenTimeoutMs: number;
	/** How long the whole reply may take. */
	totalTimeoutMs: number;
	/** Aborting it ends the call with reason "cancelled". */
	signal?: AbortSignal;
	/** Hears once the request's body is out (see body-sending-turns.ts). */
	onRequestSent?: () => void;
}

export interface ReplyUsage {
	inputTokens: number;
	outputTokens: number;
	cacheCreationInputTokens: number;
	cacheReadInputTokens: number;
}

interface ReplyBase {
	/** Everything passed to `onDelta`, in order. On a failure, what the customer may already have seen. */
	text: string;
	masked: Array<{ type: PersonalDataType; count: number }>;
	elapsedMs: number;
	/** Tokens as the API reported them; zeros for what it had not reported when the call ended. */
	usage: ReplyUsage;
}

export interface ReplySuccess extends ReplyBase {
	ok: true;
	/** One of the configured intent ids, or null. */
	intent: string | null;
	stopReason: string | null;
	model: string;
	requestId?: string;
	firstTokenMs: number;
}

export interface ReplyFailure extends ReplyBase, FailureDetails {
	ok: false;
}

export type ReplyOutcome = ReplySuccess | ReplyFailure;

// A support reply is a few sentences; this bounds cost and time whatever the caller asks.
export const MAX_TOKENS_LIMIT = 1024;

// One client per key and address for the isolate's life: building one per reply costs the customer time.
const clients = new Map<string, Anthropic>();
function clientFor(apiKey: string, baseURL: string | undefined): Anthropic {
	const key = `${baseURL ?? ""} ${apiKey}`;
	let client = clients.get(key);
	if (!client) {
		// Retrying would blow the first-token budget; the fallback (which offers a person) is the retry.
		client = new Anthropic({ apiKey, baseURL, maxRetries: 0 });
		clients.set(key, client);
	}
	return client;
}

function boundedMaxTokens(requested: number): number {
	return Math.min(MAX_TOKENS_LIMIT, Math.max(1, Math.floor(requested)));
}

/** What the stream has told of the reply so far. */
interface StreamProgress {
	model: string;
	stopReason: string | null;
	/** 0 until the first text arrives. */
	firstTokenMs: number;
	completed: boolean;
	usage: ReplyUsage;
}

/** Takes in one event of the stream; each piece of the reply's text goes to `onText`. */
function takeEvent(progress: StreamProgress, event: RawMessageStreamEvent, onText: (text: string) => void): void {
	if (event.type === "message_start") {
		progress.model = event.message.model;
		const { usage } = event.message;
		progress.usage.inputTokens = usage.input_tokens;
		// message_delta gives the whole count at the end; a call stopped before then keeps what this one reported.
		progress.usage.outputTokens = usage.output_tokens;
		progress.usage.cacheCreationInputTokens = usage.cache_creation_input_tokens ?? 0;
		progress.usage.cacheReadInputTokens = usage.cache_read_input_tokens ?? 0;
	} else if (event.type === "content_block_delta" && event.delta.type === "text_delta") {
		onText(event.delta.text);
	} else if (event.type === "message_delta") {
		progress.stopReason = event.delta.stop_reason;
		progress.usage.outputTokens = event.usage.output_tokens;
	} else if (event.type === "message_stop") {
		progress.completed = true;
	}
}

/**
 * Asks Claude for a reply, streaming its text to `onDelta` token by token, and
 * settles with the whole reply and the intent it chose, or with a typed
 * failure. It never throws and never outlives `totalTimeoutMs`; on a timeout
 * the HTTP request is aborted. After a failure the caller sends the honest
 * fallback (and must mind `text`, which the customer may already have seen).
 */
export async function streamReply(request: ReplyRequest, onDelta: (text: string) => void = () => {}): Promise<ReplyOutcome> {
	const started = Date.now();
	const { firstTokenTimeoutMs, totalTimeoutMs } = request;
	const prompt = buildPrompt(request.assistantName ?? "the support assistant", request.intents, request.history, request.latest);

	let text = "";
	let requestId: string | undefined;
	const progress: StreamProgress = { model: request.model, stopReason: null, firstTokenMs: 0, completed: false, usage: { inputTokens: 0, outputTokens: 0, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 } };
	const { usage } = progress;
	const budget = callBudget(firstTokenTimeoutMs, totalTimeoutMs, request.signal);
	const reader = intentTagReader((visible) => {
		text += visible;
		try {
			onDelta(visible);
		} catch (error) {
			budget.stop({ reason: "cancelled", message: `the reply could not be passed on: ${error instanceof Error ? error.message : String(error)}` });
		}
	});
	const fail = (details: FailureDetails): ReplyFailure => ({ ok: false, ...details, text, masked: prompt.masked, usage, elapsedMs: Date.now() - started });
	const stopped = () => fail({ requestId, ...(budget.stoppedBecause() as FailureDetails) });

	const onText = (piece: string) => {
		if (progress.firstTokenMs === 0) {
			budget.firstTokenArrived();
			progress.firstTokenMs = Math.max(1, Date.now() - started);
		}
		reader.push(piece);
	};

	try {
		const params = { model: request.model, max_tokens: boundedMaxTokens(request.maxTokens), system: prompt.system, messages: prompt.messages, stream: true } as const;
		const response = clientFor(request.apiKey, request.baseURL).messages.create(params, { signal: budget.signal, timeout: totalTimeoutMs }).withResponse();
		if (request.onRequestSent) void bodySendingTurns(jsonBodyBytes(params)).then(request.onRequestSent);
		const opened = await withinBudget(response, budget);
		if (opened === "halted") return stopped();
		requestId = opened.request_id ?? undefined;
		const events = opened.data[Symbol.asyncIterator]();
		while (!progress.completed) {
			const step = await withinBudget(events.next(), budget);
			if (step === "halted" || step.done) break;
			takeEvent(progress, step.value, onText);
		}
		// Releases the connection without waiting for the server to close it.
		events.return?.(undefined).catch(() => {});
		if (budget.stoppedBecause()) return stopped();
		if (!progress.completed) return fail({ reason: "network", message: "the stream ended before message_stop", requestId });
		const intent = knownIntent(reader.finish(), request.intents.map((known) => known.id));
		if (budget.stoppedBecause()) return stopped();
		const { stopReason, model, firstTokenMs } = progress;
		return { ok: true, text, intent, stopReason, model, requestId, usage, firstTokenMs, masked: prompt.masked, elapsedMs: Date.now() - started };
	} catch (error) {
		return budget.stoppedBecause() ? stopped() : fail({ requestId, ...describeFailure(error) });
	} finally {
		budget.dispose();
	}
}
