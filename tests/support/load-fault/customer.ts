// One simulated customer, behaving as the widget does: it starts a conversation, then sends its
// messages one after another with server-sent events, each with a client message id of its own. A send
// that fails before the worker confirmed storing it (network error, 5xx, 429) is sent again with the
// same id after a wait (the 429's Retry-After when given), so the worker can tell a resend from a new
// message. Once the `message` event has arrived the message is stored: like the widget, the customer
// does not send it again even if the stream is cut before the reply.
import type { ConversationCreated, SendEvent } from "../../../shared/protocol.ts";
import { readSse } from "../../../widget/lib/sse.ts";

export interface ConversationKey {
	id: string;
	token: string;
}

/** Why an attempt had to be made again: "network" (no HTTP answer, or the stream broke before the `message` event), or the status, e.g. "HTTP 503". */
export interface Retry {
	cause: string;
	/** When the failed attempt started and ended (epoch ms), to tell retries the restart caused. */
	startedAt: number;
	endedAt: number;
}

export interface SentMessage {
	clientMessageId: string;
	text: string;
	firstAttemptAt: number;
	/** When the attempt that stored it (the one that got the `message` event) ended; null if the customer gave up first. */
	storedAt: number | null;
	/** The attempt that stored it, from its request to `done`; null when the stream was cut after storing. */
	attemptMs: number | null;
	/** From the first attempt to `done` of the one that stored it, retries and waits included. */
	endToEndMs: number | null;
	retries: Retry[];
}

export interface CustomerRecord {
	conversation: ConversationKey | null;
	startRetries: Retry[];
	messages: SentMessage[];
	/** Answers that no retry can fix (4xx other than 429): none may occur. */
	rejections: string[];
}

export interface CustomerContext {
	url: string;
	/** The customer stops trying at this time (epoch ms), and an attempt still waiting then is cut off. Like the widget, it sets no shorter timeout. */
	deadline: number;
	/** Called each time a message is confirmed stored. */
	onStored: () => void;
}

type Attempt<T> = { kind: "ok"; value: T } | { kind: "retry"; cause: string; retryAfterMs: number | null } | { kind: "rejected"; reason: string };
type Settled<T> = { kind: "ok"; value: T; startedAt: number } | { kind: "rejected"; reason: string } | { kind: "gave_up" };

const FIRST_BACKOFF_MS = 250;
const MAX_BACKOFF_MS = 2_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** Doubling waits with jitter, so customers cut off together do not all come back in the same instant. */
function backoffMs(failures: number): number {
	const ceiling = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** failures);
	return ceiling / 2 + Math.random() * (ceiling / 2);
}

function failedAttempt(response: Response): Attempt<never> {
	const seconds = Number(response.headers.get("Retry-After"));
	if (response.status === 429 || response.status >= 500) return { kind: "retry", cause: `HTTP ${response.status}`, retryAfterMs: seconds > 0 ? seconds * 1000 : null };
	return { kind: "rejected", reason: `HTTP ${response.status}` };
}

const NO_ANSWER: Attempt<never> = { kind: "retry", cause: "network", retryAfterMs: null };

const untilDeadline = (context: CustomerContext) => AbortSignal.timeout(Math.max(1, context.deadline - Date.now()));

/** Makes attempts until one settles, waiting between them; gives up at the deadline. */
async function withRetries<T>(context: CustomerContext, retries: Retry[], attempt: () => Promise<Attempt<T>>): Promise<Settled<T>> {
	while (Date.now() < context.deadline) {
		const startedAt = Date.now();
		const result = await attempt();
		if (result.kind === "ok") return { ...result, startedAt };
		if (result.kind === "rejected") return result;
		// Cut off by the deadline: that is giving up, not a retry.
		if (Date.now() >= context.deadline) break;
		retries.push({ cause: result.cause, startedAt, endedAt: Date.now() });
		await sleep(Math.min(result.retryAfterMs ?? backoffMs(retries.length - 1), context.deadline - Date.now()));
	}
	return { kind: "gave_up" };
}

async function startOnce(context: CustomerContext): Promise<Attempt<ConversationKey>> {
	try {
		const response = await fetch(`${context.url}/v1/conversations`, { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}", signal: untilDeadline(context) });
		if (response.status !== 201) return failedAttempt(response);
		return { kind: "ok", value: ((await response.json()) as ConversationCreated).conversation };
	} catch {
		return NO_ANSWER;
	}
}

/** One send; "ok" once the `message` event arrived, with whether the stream then ran to `done`. */
async function sendOnce(context: CustomerContext, conversation: ConversationKey, message: SentMessage): Promise<Attempt<{ completed: boolean }>> {
	let stored = false;
	try {
		const response = await fetch(`${context.url}/v1/conversations/${conversation.id}/messages`, {
			method: "POST",
			headers: { "Content-Type": "application/json", Accept: "text/event-stream", Authorization: `Bearer ${conversation.token}` },
			body: JSON.stringify({ clientMessageId: message.clientMessageId, text: message.text }),
			signal: untilDeadline(context),
		});
		if (!response.ok || !response.body) return failedAttempt(response);
		let completed = false;
		await readSse(response.body, (event: SendEvent) => {
			stored ||= event.event === "message";
			completed ||= event.event === "done";
		});
		return stored ? { kind: "ok", value: { completed } } : NO_ANSWER;
	} catch {
		return stored ? { kind: "ok", value: { completed: false } } : NO_ANSWER;
	}
}

async function deliver(context: CustomerContext, record: CustomerRecord, conversation: ConversationKey, message: SentMessage): Promise<void> {
	const settled = await withRetries(context, message.retries, () => sendOnce(context, conversation, message));
	if (settled.kind === "rejected") record.rejections.push(`${message.clientMessageId}: ${settled.reason}`);
	if (settled.kind !== "ok") return;
	message.storedAt = Date.now();
	message.attemptMs = settled.value.completed ? message.storedAt - settled.startedAt : null;
	message.endToEndMs = settled.value.completed ? message.storedAt - message.firstAttemptAt : null;
	context.onStored();
}

export async function runCustomer(context: CustomerContext, index: number, texts: string[]): Promise<CustomerRecord> {
	const record: CustomerRecord = { conversation: null, startRetries: [], messages: [], rejections: [] };
	const started = await withRetries(context, record.startRetries, () => startOnce(context));
	if (started.kind === "rejected") record.rejections.push(`POST /v1/conversations: ${started.reason}`);
	if (started.kind !== "ok") return record;
	record.conversation = started.value;
	for (const [position, text] of texts.entries()) {
		const message: SentMessage = { clientMessageId: `load-${index}-${position}`, text, firstAttemptAt: Date.now(), storedAt: null, attemptMs: null, endToEndMs: null, retries: [] };
		record.messages.push(message);
		await deliver(context, record, started.value, message);
		// Like the widget, never send a later message before an earlier one is stored: their order is the point.
		if (message.storedAt === null) return record;
	}
	return record;
}
