// The load-and-fault run behind `npm run bench`'s load-fault benchmark and its smaller integration test:
// many customers at once against the real worker (`wrangler dev`, loopback only), while the Messages API
// stand-in fails or stalls a share of Claude calls, the webhook receiver keeps going down and coming
// back, and the dev server is restarted once midway on the same state. Then every conversation is read
// back and the helpdesk's tickets are counted. Bounded in time: customers give up at `loadBoundMs`, the
// wait for webhooks ends at `drainBoundMs`, and whatever is missing by then is counted, not awaited.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ReplyTier } from "../../../shared/protocol.ts";
import { type MessagesApiServer, type MixScenario, startMessagesApiServer } from "../messages-api-server.ts";
import { percentile } from "../percentile.ts";
import { CROWD_ON_ONE_ADDRESS_LIMITS } from "../unthrottled-limits.ts";
import { startWebhookReceiver, type WebhookReceiver } from "../webhook-receiver.ts";
import { type RunningWorker, startWranglerDev } from "../wrangler-dev.ts";
import { auditConversation, type ConversationAudit, type ExpectedWebhook, expectedWebhooks, isProcessed, readBack, ticketCounts } from "./audit.ts";
import { type CustomerRecord, type Retry, runCustomer } from "./customer.ts";
import { type CustomerScript, customerScript } from "./scripts.ts";

export interface LoadFaultOptions {
	conversations: number;
	messagesPerConversation: number;
	/** Share of the conversations whose customer asks for a person halfway through. */
	askForPersonShare: number;
	/** Shares of Claude calls the stand-in answers with 500 or 529 (half each), or never answers. */
	llm: { failShare: number; stallShare: number; firstTokenDelayMs: number };
	/** The receiver answers `upMs`, then refuses every delivery for `downMs`, until the load is over. */
	webhookFlapping: { upMs: number; downMs: number };
	/**
	 * The dev server is restarted once, when this share of all messages is stored or of the load bound
	 * has passed, whichever comes first (a crowd larger than the machine can serve in time still meets
	 * the restart midway); null for no restart.
	 */
	restartAfterShare: number | null;
	/** Customers stop trying after this long; what they had not sent by then is reported, not awaited. */
	loadBoundMs: number;
	/** The longest wait for webhooks after the load, and again after redelivering those held for a later retry. */
	drainBoundMs: number;
}

export interface MustBeZero {
	lostMessages: number;
	duplicatedMessages: number;
	outOfOrderMessages: number;
	unexpectedMessages: number;
	/** Customer messages without a reply, fallback or hand-off notice while the AI owned the conversation. */
	messagesWithoutAnswer: number;
	conversationsWithoutAnswer: number;
	lostTickets: number;
	duplicatedTickets: number;
	unexpectedTickets: number;
	/** Messages sent after a hand-off that never reached the helpdesk, or reached it twice. */
	lostForwardedMessages: number;
	duplicatedForwardedMessages: number;
	unverifiedWebhooks: number;
	unreadableConversations: number;
	/** 5xx answers and network errors while the dev server was not being restarted. */
	failuresOutsideRestart: number;
	/** 4xx answers other than 429. */
	rejectedRequests: number;
}

export interface LoadFaultResult {
	options: LoadFaultOptions;
	wallMs: number;
	load: {
		ms: number;
		messagesStored: number;
		messagesPerSecond: number;
		attemptP50Ms: number;
		attemptP99Ms: number;
		endToEndP50Ms: number;
		endToEndP99Ms: number;
		/** Streams that ended after the `message` event but before `done`: stored, reply not seen by the customer. */
		streamsCutAfterStoring: number;
		/** Not sent or not started when the load bound ended the run: the machine's capacity, not a fault. */
		unsentMessages: number;
		unstartedConversations: number;
	};
	retries: Array<{ cause: string; duringRestart: boolean; count: number }>;
	restart: { afterMessages: number; downMs: number } | null;
	llm: { calls: number; failed: number; stalled: number };
	replies: Record<ReplyTier, number>;
	/** Fallback replies by the Claude failure they stand in for (timeout, server_error, overloaded…). */
	fallbackCauses: Record<string, number>;
	/** Conversations whose request for a person was stored, those handed off (also for repeated failure), and messages forwarded after. */
	conversations: { askedForPerson: number; handedOff: number; forwardedMessages: number; answersLeftToPerson: number };
	webhooks: {
		attempts: number;
		refusedByFlapping: number;
		/** Deliveries of a webhook id the receiver had already processed, skipped as a real consumer would. */
		redeliveriesSkipped: number;
		/** Still waiting in the worker's outbox for a retry scheduled after the drain bound; redelivered through the agent API. */
		heldForLaterRetry: number;
		drainMs: number;
	};
	mustBeZero: MustBeZero;
	/** The first problems found, named by conversation and client message id, to reproduce them. */
	problems: string[];
}

const API_KEY = "sk-ant-load-fault";
const AGENT_TOKEN = "load-fault-agent-token";
// A plain intent without an action: a successful Claude turn resets the failure count, so hand-offs for
// repeated failure come from the faults, not from every unmatched question.
const STAND_IN_REPLY = ["<intent>order_status</intent>", "Good ", "question! ", "The ", "product ", "page ", "lists ", "materials ", "and ", "care."];
const READ_CONCURRENCY = 16;
const POLL_MS = 250;
// After the last expected webhook, a short quiet time in which a second ticket would still show up.
const SETTLE_MS = 1_000;
// An answer the restart cut off is owed: the conversation's alarm gives it once its grace period (5 s
// after the message) is over, within Claude's first-token budget (3 s), however late the alarm runs.
const OWED_ANSWER_BOUND_MS = 20_000;
const MAX_PROBLEMS = 20;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function llmScenario(llm: LoadFaultOptions["llm"]): MixScenario {
	const outcomes: MixScenario["outcomes"] = [
		{ weight: 1 - llm.failShare - llm.stallShare, scenario: { kind: "reply", chunks: STAND_IN_REPLY, firstTokenDelayMs: llm.firstTokenDelayMs, tokenDelayMs: 10 } },
		{ weight: llm.failShare / 2, scenario: { kind: "error", status: 500 } },
		{ weight: llm.failShare / 2, scenario: { kind: "error", status: 529 } },
		{ weight: llm.stallShare, scenario: { kind: "stall" } },
	];
	return { kind: "mix", seed: 20_261_117, outcomes: outcomes.filter((outcome) => outcome.weight > 0) };
}

async function forEachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
	let next = 0;
	await Promise.all(
		Array.from({ length: Math.min(limit, items.length) }, async () => {
			while (next < items.length) await work(items[next++]);
		}),
	);
}

interface RestartWindow {
	afterMessages: number;
	startedAt: number;
	endedAt: number;
}

/** The dev server, restarted once when the customers have stored enough messages. */
class RestartableWorker {
	#worker: RunningWorker;
	readonly #persistTo: string;
	readonly #vars: Record<string, string>;
	constructor(worker: RunningWorker, persistTo: string, vars: Record<string, string>) {
		this.#worker = worker;
		this.#persistTo = persistTo;
		this.#vars = vars;
	}

	static async start(persistTo: string, vars: Record<string, string>): Promise<RestartableWorker> {
		return new RestartableWorker(await startWranglerDev({ persistTo, vars, logLevel: "error" }), persistTo, vars);
	}

	get url(): string {
		return this.#worker.url;
	}

	async restart(afterMessages: number): Promise<RestartWindow> {
		const startedAt = Date.now();
		await this.#worker.stop();
		this.#worker = await startWranglerDev({ persistTo: this.#persistTo, vars: this.#vars, port: this.#worker.port, logLevel: "error" });
		return { afterMessages, startedAt, endedAt: Date.now() };
	}

	stop(): Promise<void> {
		return this.#worker.stop();
	}
}

async function runCustomers(options: LoadFaultOptions, scripts: CustomerScript[], worker: RestartableWorker): Promise<{ records: CustomerRecord[]; restart: RestartWindow | null; ms: number }> {
	const total = options.conversations * options.messagesPerConversation;
	const restartAt = options.restartAfterShare === null ? Number.POSITIVE_INFINITY : Math.max(1, Math.round(total * options.restartAfterShare));
	let stored = 0;
	let restartDue = () => {};
	const restartPoint = new Promise<true>((resolve) => (restartDue = () => resolve(true)));
	const restartTimer = options.restartAfterShare === null ? undefined : setTimeout(restartDue, options.loadBoundMs * options.restartAfterShare);
	const started = Date.now();
	const context = {
		url: worker.url,
		deadline: started + options.loadBoundMs,
		onStored: () => {
			if (++stored === restartAt) restartDue();
		},
	};
	const customers = Promise.all(scripts.map((script) => runCustomer(context, script.index, script.texts)));
	const restart = Promise.race([restartPoint, customers.then(() => false as const)]).then((due) => (due ? worker.restart(stored) : null));
	try {
		const [records, window] = await Promise.all([customers, restart]);
		return { records, restart: window, ms: Date.now() - started };
	} finally {
		clearTimeout(restartTimer);
	}
}

interface Audited {
	record: CustomerRecord;
	/** Null when the conversation was never started or could not be read back. */
	audit: ConversationAudit | null;
}

const retriesOf = (record: CustomerRecord) => [...record.startRetries, ...record.messages.flatMap((message) => message.retries)];

/**
 * The customers come back after the restart, as the widgets' live channels do, which wakes each conversation.
 * Wrangler dev (unlike Cloudflare) forgets alarms across a restart, so without this an answer the restart cut
 * off would wait for the customer's next message.
 */
async function reconnectAll(url: string, records: CustomerRecord[]): Promise<void> {
	await forEachLimited(records, READ_CONCURRENCY, async ({ conversation }) => {
		if (conversation) await readBack(url, conversation);
	});
}

async function readAll(url: string, records: CustomerRecord[]): Promise<Audited[]> {
	const audited: Audited[] = [];
	await forEachLimited(records, READ_CONCURRENCY, async (record) => {
		const conversation = record.conversation;
		const stored = conversation ? await readBack(url, conversation) : null;
		audited.push({ record, audit: conversation && stored ? auditConversation({ ...record, conversation }, stored) : null });
	});
	return audited;
}

/** Reads every conversation back; one still owing an answer is read again until it is given or the bound passes. */
async function readAllAnswered(url: string, records: CustomerRecord[], boundMs: number): Promise<Audited[]> {
	const deadline = Date.now() + boundMs;
	let audited = await readAll(url, records);
	for (;;) {
		const owing = audited.filter(({ audit }) => audit !== null && audit.unanswered.length > 0);
		if (owing.length === 0 || Date.now() >= deadline) return audited;
		await sleep(POLL_MS);
		const again = await readAll(url, owing.map(({ record }) => record));
		audited = [...audited.filter((entry) => !owing.includes(entry)), ...again];
	}
}

async function waitForWebhooks(receiver: WebhookReceiver, expected: ExpectedWebhook[], boundMs: number): Promise<ExpectedWebhook[]> {
	const deadline = Date.now() + boundMs;
	for (;;) {
		const processed = receiver.processed();
		const missing = expected.filter((webhook) => !isProcessed(webhook, processed));
		if (missing.length === 0 || Date.now() >= deadline) return missing;
		await sleep(POLL_MS);
	}
}

interface OutboxEntry {
	id: string;
	status: string;
	nextAttemptAt: string | null;
}

async function outboxOf(url: string, conversationId: string): Promise<OutboxEntry[]> {
	const response = await fetch(`${url}/v1/agent/conversations/${conversationId}/webhooks`, { headers: { Authorization: `Bearer ${AGENT_TOKEN}` } });
	return response.ok ? ((await response.json()) as { webhooks: OutboxEntry[] }).webhooks : [];
}

/**
 * A webhook refused twice waits minutes for its next retry (the Standard Webhooks schedule), longer than
 * the run may take. Such a webhook is not lost, so it is redelivered now through the agent API, as the
 * helpdesk's operator does once the endpoint is back. Returns how many conversations had one.
 */
async function redeliverHeld(url: string, missing: ExpectedWebhook[]): Promise<number> {
	const conversations = [...new Set(missing.map((webhook) => webhook.conversationId))];
	let held = 0;
	for (const conversationId of conversations) {
		const later = (await outboxOf(url, conversationId)).filter((webhook) => webhook.status === "pending" && webhook.nextAttemptAt !== null && Date.parse(webhook.nextAttemptAt) > Date.now());
		if (later.length) held++;
		for (const webhook of later) await fetch(`${url}/v1/agent/conversations/${conversationId}/webhooks/${webhook.id}/redeliver`, { method: "POST", headers: { Authorization: `Bearer ${AGENT_TOKEN}` } });
	}
	return held;
}

async function drainWebhooks(url: string, receiver: WebhookReceiver, expected: ExpectedWebhook[], boundMs: number) {
	const started = Date.now();
	const first = await waitForWebhooks(receiver, expected, boundMs);
	const heldForLaterRetry = first.length ? await redeliverHeld(url, first) : 0;
	const missing = heldForLaterRetry ? await waitForWebhooks(receiver, first, boundMs) : first;
	await sleep(SETTLE_MS);
	return { missing, heldForLaterRetry, drainMs: Date.now() - started };
}

function duringRestart(retry: Retry, restart: RestartWindow | null): boolean {
	return restart !== null && retry.endedAt >= restart.startedAt && retry.startedAt <= restart.endedAt;
}

function retryCounts(records: CustomerRecord[], restart: RestartWindow | null): LoadFaultResult["retries"] {
	const counts = new Map<string, LoadFaultResult["retries"][number]>();
	for (const retry of records.flatMap(retriesOf)) {
		const during = duringRestart(retry, restart);
		const key = `${retry.cause} ${during}`;
		const row = counts.get(key) ?? { cause: retry.cause, duringRestart: during, count: 0 };
		row.count++;
		counts.set(key, row);
	}
	return [...counts.values()].sort((a, b) => b.count - a.count);
}

function tally(values: string[]): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
	return counts;
}

function llmCounts(messagesApi: MessagesApiServer): LoadFaultResult["llm"] {
	const requests = messagesApi.requests(API_KEY);
	return { calls: requests.length, failed: requests.filter((request) => request.outcome === "error").length, stalled: requests.filter((request) => request.outcome === "stall").length };
}

function describeProblems(audited: Audited[], missing: ExpectedWebhook[]): string[] {
	const problems = audited.flatMap(({ audit, record }) => {
		const id = record.conversation?.id ?? "(not started)";
		const rejections = record.rejections.map((rejection) => `${id}: ${rejection}`);
		if (!audit) return record.conversation ? [`${id}: could not be read back`, ...rejections] : rejections;
		return [
			...audit.lost.map((clientMessageId) => `${id}: ${clientMessageId} acknowledged but not stored`),
			...audit.unanswered.map((clientMessageId) => `${id}: ${clientMessageId} stored without a reply, fallback or hand-off notice`),
			...(audit.duplicated ? [`${id}: ${audit.duplicated} customer message(s) stored twice`] : []),
			...(audit.outOfOrder ? [`${id}: ${audit.outOfOrder} customer message(s) out of order`] : []),
			...rejections,
		];
	});
	const webhooks = missing.map((webhook) => `${webhook.conversationId}: ${webhook.type}${webhook.seq === undefined ? "" : ` for seq ${webhook.seq}`} never processed by the helpdesk`);
	return [...problems, ...webhooks].slice(0, MAX_PROBLEMS);
}

function mustBeZero(audited: Audited[], receiver: WebhookReceiver, missing: ExpectedWebhook[], restart: RestartWindow | null): MustBeZero {
	const audits = audited.flatMap(({ audit }) => (audit ? [audit] : []));
	const records = audited.map(({ record }) => record);
	const tickets = ticketCounts(audits, receiver.processed());
	const retries = records.flatMap(retriesOf);
	const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
	return {
		lostMessages: sum(audits.map((audit) => audit.lost.length)),
		duplicatedMessages: sum(audits.map((audit) => audit.duplicated)),
		outOfOrderMessages: sum(audits.map((audit) => audit.outOfOrder)),
		unexpectedMessages: sum(audits.map((audit) => audit.unexpected)),
		messagesWithoutAnswer: sum(audits.map((audit) => audit.unanswered.length)),
		conversationsWithoutAnswer: audits.filter((audit) => audit.unanswered.length > 0).length,
		lostTickets: missing.filter((webhook) => webhook.type === "handoff.created").length,
		duplicatedTickets: tickets.duplicated,
		unexpectedTickets: tickets.unexpected,
		lostForwardedMessages: missing.filter((webhook) => webhook.type === "conversation.message.created").length,
		duplicatedForwardedMessages: tickets.duplicatedForwards,
		unverifiedWebhooks: receiver.attempts().filter((attempt) => !attempt.verified).length,
		unreadableConversations: audited.filter(({ audit, record }) => record.conversation && !audit).length,
		failuresOutsideRestart: retries.filter((retry) => !retry.cause.startsWith("HTTP 429") && !duringRestart(retry, restart)).length,
		rejectedRequests: sum(records.map((record) => record.rejections.length)),
	};
}

function loadFigures(records: CustomerRecord[], planned: number, ms: number): LoadFaultResult["load"] {
	const messages = records.flatMap((record) => record.messages.filter((message) => message.storedAt !== null));
	const attempts = messages.flatMap((message) => (message.attemptMs === null ? [] : [message.attemptMs]));
	const endToEnd = messages.flatMap((message) => (message.endToEndMs === null ? [] : [message.endToEndMs]));
	return {
		ms,
		messagesStored: messages.length,
		messagesPerSecond: (messages.length * 1000) / ms,
		attemptP50Ms: percentile(attempts, 50),
		attemptP99Ms: percentile(attempts, 99),
		endToEndP50Ms: percentile(endToEnd, 50),
		endToEndP99Ms: percentile(endToEnd, 99),
		streamsCutAfterStoring: messages.length - attempts.length,
		unsentMessages: planned - messages.length,
		unstartedConversations: records.filter((record) => !record.conversation).length,
	};
}

export async function runLoadFault(options: LoadFaultOptions): Promise<LoadFaultResult> {
	const started = Date.now();
	const messagesApi = await startMessagesApiServer();
	const receiver = await startWebhookReceiver();
	const persistTo = await mkdtemp(join(tmpdir(), "frontdesk-load-fault-"));
	messagesApi.setScenario(API_KEY, llmScenario(options.llm));
	const vars = {
		ANTHROPIC_API_KEY: API_KEY,
		ANTHROPIC_BASE_URL: messagesApi.url,
		FRONTDESK_WEBHOOK_URL: receiver.url,
		FRONTDESK_WEBHOOK_SECRET: receiver.secret,
		FRONTDESK_AGENT_TOKEN: AGENT_TOKEN,
		FRONTDESK_LIMITS: CROWD_ON_ONE_ADDRESS_LIMITS,
	};
	let worker: RestartableWorker | undefined;
	try {
		worker = await RestartableWorker.start(persistTo, vars);
		receiver.flap({ ...options.webhookFlapping, faults: [{ kind: "status", status: 503 }, { kind: "drop" }, { kind: "status", status: 500 }] });
		const scripts = Array.from({ length: options.conversations }, (_, index) => customerScript(index, options.messagesPerConversation, options.askForPersonShare));
		const { records, restart, ms } = await runCustomers(options, scripts, worker);
		receiver.flap(null);
		if (restart) await reconnectAll(worker.url, records);
		const audited = await readAllAnswered(worker.url, records, OWED_ANSWER_BOUND_MS);
		const audits = audited.flatMap(({ audit }) => (audit ? [audit] : []));
		const drain = await drainWebhooks(worker.url, receiver, expectedWebhooks(audits), options.drainBoundMs);
		const attempts = receiver.attempts();
		const processedIds = new Set(receiver.processed().map((webhook) => webhook.webhookId));
		return {
			options,
			wallMs: Date.now() - started,
			load: loadFigures(records, options.conversations * options.messagesPerConversation, ms),
			retries: retryCounts(records, restart),
			restart: restart && { afterMessages: restart.afterMessages, downMs: restart.endedAt - restart.startedAt },
			llm: llmCounts(messagesApi),
			replies: { rule: 0, matcher: 0, llm: 0, fallback: 0, ...tally(audits.flatMap((audit) => audit.tiers)) },
			fallbackCauses: tally(audits.flatMap((audit) => audit.fallbackCauses)),
			conversations: {
				askedForPerson: scripts.filter((script) => script.asksForPersonAt !== null && (records[script.index].messages[script.asksForPersonAt]?.storedAt ?? null) !== null).length,
				handedOff: audits.filter((audit) => audit.handedOffAt !== null).length,
				forwardedMessages: audits.reduce((total, audit) => total + audit.forwarded.length, 0),
				answersLeftToPerson: audits.reduce((total, audit) => total + audit.leftToPerson.length, 0),
			},
			webhooks: {
				attempts: attempts.length,
				refusedByFlapping: attempts.filter((attempt) => attempt.flapped).length,
				redeliveriesSkipped: attempts.filter((attempt) => attempt.answered === 204).length - processedIds.size,
				heldForLaterRetry: drain.heldForLaterRetry,
				drainMs: drain.drainMs,
			},
			mustBeZero: mustBeZero(audited, receiver, drain.missing, restart),
			problems: describeProblems(audited, drain.missing),
		};
	} finally {
		await worker?.stop();
		await receiver.close();
		await messagesApi.close();
		await rm(persistTo, { recursive: true, force: true });
	}
}
