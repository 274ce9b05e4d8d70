// Hand-off to a person through the real worker (`wrangler dev`, loopback) and a real webhook receiver that
// verifies every signature with the public `standardwebhooks` package. Measured: the time from
// `POST /handoff` until the receiver holds the verified `handoff.created` ticket, one at a time and as a
// burst, next to the /handoff HTTP response itself (the ratio shows what the outbox + alarm path adds).
// The burst also counts what must stay zero: lost, duplicated and unverifiable tickets, and hand-offs missing from
// the agent API's list of open tickets (one object for the deployment, which the burst's conversations all update).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { everyOpenTicket } from "../tests/support/open-ticket-pages.ts";
import { percentile } from "../tests/support/percentile.ts";
import { type StartedConversation as Conversation, startConversation } from "../tests/support/start-conversation.ts";
import { startWebhookReceiver, type WebhookReceiver } from "../tests/support/webhook-receiver.ts";
import type { OpenTicketPage } from "../shared/agent-api.ts";
import { UNTHROTTLED_LIMITS } from "../tests/support/unthrottled-limits.ts";
import { startWranglerDev } from "../tests/support/wrangler-dev.ts";

const SEQUENTIAL = Number(process.env.BENCH_HANDOFF_SEQUENTIAL ?? 50);
const BURST = Number(process.env.BENCH_HANDOFF_BURST ?? 200);
const POLL_MS = 2;
// Bounds keep the whole benchmark well under two minutes even when tickets go missing.
const SEQUENTIAL_TICKET_WAIT_MS = 5_000;
const SEQUENTIAL_PHASE_MS = 30_000;
const BURST_WAIT_MS = 60_000;
// After the last ticket, a short quiet period so late retries (duplicates) are still counted.
const SETTLE_MS = 1_000;
// Creating conversations is set-up, not measured: a few at a time is enough and keeps it gentle.
const CREATE_CONCURRENCY = 20;
const HANDOFF_CREATED = "handoff.created";
const AGENT_TOKEN = "bench-handoff-agent-token";

interface Trigger {
	conversationId: string;
	/** Wall-clock ms, the same clock as the receiver's `receivedAt` (it runs in this process). */
	startedAt: number;
	responseMs: number;
	status: number;
}

interface Latencies {
	handoffs: number;
	httpErrors: number;
	responseP50: number;
	responseP99: number;
	ticketP50: number;
	ticketP99: number;
	/** Ticket arrival minus the end of the /handoff response: what the outbox + alarm add on top of the answer. */
	afterResponseP50: number;
}

interface HandoffResult {
	sequential: Latencies;
	burst: Latencies & { allTicketsMs: number; ticketsPerSecond: number; attempts: number };
	integrity: { conversations: number; lost: number; duplicated: number; unverified: number; unlisted: number };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function createConversations(url: string, count: number): Promise<Conversation[]> {
	const conversations: Conversation[] = [];
	let next = 0;
	await Promise.all(
		Array.from({ length: Math.min(CREATE_CONCURRENCY, count) }, async () => {
			while (next < count) {
				next++;
				conversations.push(await startConversation(url));
			}
		}),
	);
	return conversations;
}

async function triggerHandoff(url: string, conversation: Conversation): Promise<Trigger> {
	const startedAt = Date.now();
	const started = performance.now();
	const response = await fetch(`${url}/v1/conversations/${conversation.id}/handoff`, { method: "POST", headers: { Authorization: `Bearer ${conversation.token}` } });
	// Read the body so the response time includes the whole answer, as a client would see it.
	await response.arrayBuffer();
	return { conversationId: conversation.id, startedAt, responseMs: performance.now() - started, status: response.status };
}

/** When the receiver processed (verified, first delivery) the ticket for each conversation that has one. */
function ticketTimes(receiver: WebhookReceiver): Map<string, number> {
	const times = new Map<string, number>();
	for (const webhook of receiver.processed()) {
		const id = webhook.data.conversationId;
		if (webhook.type === HANDOFF_CREATED && id && !times.has(id)) times.set(id, webhook.receivedAt);
	}
	return times;
}

async function waitForTicket(receiver: WebhookReceiver, conversationId: string, timeoutMs: number): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (receiver.processed(conversationId).some((webhook) => webhook.type === HANDOFF_CREATED)) return true;
		await sleep(POLL_MS);
	}
	return false;
}

async function waitForTickets(receiver: WebhookReceiver, conversationIds: string[], timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const times = ticketTimes(receiver);
		if (conversationIds.every((id) => times.has(id))) return;
		await sleep(POLL_MS);
	}
}

function latencies(triggers: Trigger[], receiver: WebhookReceiver): Latencies {
	const times = ticketTimes(receiver);
	const arrived = triggers.filter((trigger) => times.has(trigger.conversationId));
	const ticketMs = arrived.map((trigger) => times.get(trigger.conversationId)! - trigger.startedAt);
	const afterResponseMs = arrived.map((trigger) => times.get(trigger.conversationId)! - trigger.startedAt - trigger.responseMs);
	const responseMs = triggers.map((trigger) => trigger.responseMs);
	return {
		handoffs: triggers.length,
		httpErrors: triggers.filter((trigger) => trigger.status !== 201).length,
		responseP50: percentile(responseMs, 50),
		responseP99: percentile(responseMs, 99),
		ticketP50: percentile(ticketMs, 50),
		ticketP99: percentile(ticketMs, 99),
		afterResponseP50: percentile(afterResponseMs, 50),
	};
}

/** One at a time: the next hand-off starts only once the previous ticket arrived (or its wait ran out). */
async function sequentialPhase(url: string, receiver: WebhookReceiver): Promise<Trigger[]> {
	const triggers: Trigger[] = [];
	const phaseEnd = Date.now() + SEQUENTIAL_PHASE_MS;
	for (let index = 0; index < SEQUENTIAL && Date.now() < phaseEnd; index++) {
		const conversation = await startConversation(url);
		triggers.push(await triggerHandoff(url, conversation));
		await waitForTicket(receiver, conversation.id, Math.min(SEQUENTIAL_TICKET_WAIT_MS, phaseEnd - Date.now()));
	}
	return triggers;
}

async function burstPhase(url: string, receiver: WebhookReceiver) {
	const conversations = await createConversations(url, BURST);
	const startedAt = Date.now();
	const triggers = await Promise.all(conversations.map((conversation) => triggerHandoff(url, conversation)));
	await waitForTickets(receiver, conversations.map((conversation) => conversation.id), BURST_WAIT_MS);
	const times = ticketTimes(receiver);
	const arrivals = conversations.flatMap((conversation) => (times.has(conversation.id) ? [times.get(conversation.id)!] : []));
	const allTicketsMs = arrivals.length ? Math.max(...arrivals) - startedAt : NaN;
	return { triggers, allTicketsMs, ticketsPerSecond: (arrivals.length * 1000) / allTicketsMs };
}

/** Conversation id and type of a verified attempt, read from its body (the receiver only stores the raw body). */
function attemptEvent(rawBody: string): { type?: string; conversationId?: string } {
	try {
		const event = JSON.parse(rawBody) as { type?: string; data?: { conversationId?: string } };
		return { type: event.type, conversationId: event.data?.conversationId };
	} catch {
		return {};
	}
}

/** The conversations the agent API lists as open, every page read. */
async function listedAsOpen(url: string): Promise<Set<string>> {
	const readPage = async (after: number): Promise<OpenTicketPage> => (await fetch(`${url}/v1/agent/tickets?after=${after}`, { headers: { Authorization: `Bearer ${AGENT_TOKEN}` } })).json();
	return new Set((await everyOpenTicket(readPage)).map((ticket) => ticket.conversationId));
}

/** Lost, duplicated and unverifiable tickets over every conversation handed off in this run, and those the open tickets miss. */
function integrity(receiver: WebhookReceiver, conversationIds: string[], listed: Set<string>): HandoffResult["integrity"] {
	const processed = new Map<string, number>();
	for (const webhook of receiver.processed()) {
		const id = webhook.data.conversationId;
		if (webhook.type === HANDOFF_CREATED && id) processed.set(id, (processed.get(id) ?? 0) + 1);
	}
	// A retry reuses its webhook-id; a second id for the same hand-off means the worker minted the ticket twice.
	const webhookIds = new Map<string, Set<string>>();
	for (const attempt of receiver.attempts()) {
		const event = attemptEvent(attempt.rawBody);
		if (!attempt.verified || event.type !== HANDOFF_CREATED || !event.conversationId) continue;
		const ids = webhookIds.get(event.conversationId) ?? new Set<string>();
		webhookIds.set(event.conversationId, ids.add(attempt.webhookId));
	}
	return {
		conversations: conversationIds.length,
		lost: conversationIds.filter((id) => !processed.has(id)).length,
		duplicated: conversationIds.filter((id) => (processed.get(id) ?? 0) > 1 || (webhookIds.get(id)?.size ?? 0) > 1).length,
		unverified: receiver.attempts().filter((attempt) => !attempt.verified).length,
		unlisted: conversationIds.filter((id) => !listed.has(id)).length,
	};
}

async function handoffBenchmark(): Promise<HandoffResult> {
	const receiver = await startWebhookReceiver();
	const persistTo = await mkdtemp(join(tmpdir(), "frontdesk-bench-handoff-"));
	try {
		const worker = await startWranglerDev({
			persistTo,
			logLevel: "error",
			vars: { FRONTDESK_WEBHOOK_URL: receiver.url, FRONTDESK_WEBHOOK_SECRET: receiver.secret, FRONTDESK_AGENT_TOKEN: AGENT_TOKEN, FRONTDESK_LIMITS: UNTHROTTLED_LIMITS },
		});
		try {
			// Warm-up: the first hand-off pays for module loading and the first outbound connection.
			const warmUp = await startConversation(worker.url);
			await triggerHandoff(worker.url, warmUp);
			await waitForTicket(receiver, warmUp.id, SEQUENTIAL_TICKET_WAIT_MS);

			const sequential = await sequentialPhase(worker.url, receiver);
			const attemptsBeforeBurst = receiver.attempts().length;
			const burst = await burstPhase(worker.url, receiver);
			await sleep(SETTLE_MS);
			const measured = [...sequential, ...burst.triggers].map((trigger) => trigger.conversationId);
			return {
				sequential: latencies(sequential, receiver),
				burst: { ...latencies(burst.triggers, receiver), allTicketsMs: burst.allTicketsMs, ticketsPerSecond: burst.ticketsPerSecond, attempts: receiver.attempts().length - attemptsBeforeBurst },
				integrity: integrity(receiver, measured, await listedAsOpen(worker.url)),
			};
		} finally {
			await worker.stop();
		}
	} finally {
		await receiver.close();
		await rm(persistTo, { recursive: true, force: true });
	}
}

const ms = (value: number) => Math.round(value * 10) / 10;

function printHandoff(result: HandoffResult) {
	const { sequential, burst, integrity } = result;
	console.log(`\nHand-off → verified handoff.created ticket at a standardwebhooks receiver (wrangler dev on loopback, ms clock resolution)`);
	console.table([
		{ phase: "sequential", "hand-offs": sequential.handoffs, "HTTP errors": sequential.httpErrors, "/handoff p50 ms": ms(sequential.responseP50), "/handoff p99 ms": ms(sequential.responseP99), "ticket p50 ms": sequential.ticketP50, "ticket p99 ms": sequential.ticketP99, "ticket after 201 p50 ms": ms(sequential.afterResponseP50) },
		{ phase: `burst (${burst.handoffs} at once)`, "hand-offs": burst.handoffs, "HTTP errors": burst.httpErrors, "/handoff p50 ms": ms(burst.responseP50), "/handoff p99 ms": ms(burst.responseP99), "ticket p50 ms": burst.ticketP50, "ticket p99 ms": burst.ticketP99, "ticket after 201 p50 ms": ms(burst.afterResponseP50) },
	]);
	console.table([{ "burst tickets": burst.handoffs, "all verified after ms": burst.allTicketsMs, "tickets/s": Math.round(burst.ticketsPerSecond), "delivery attempts": burst.attempts }]);
	console.log(`ratio ticket/response p50 (sequential): ${(sequential.ticketP50 / Math.max(sequential.responseP50, 1)).toFixed(2)}×`);
	const verdict = integrity.lost + integrity.duplicated + integrity.unverified + integrity.unlisted === 0 ? "ok" : "FAILED";
	console.log(`must be zero over ${integrity.conversations} hand-offs: lost ${integrity.lost}, duplicated ${integrity.duplicated}, failed verification ${integrity.unverified}, missing from the open tickets ${integrity.unlisted} (${verdict})`);
}

printHandoff(await handoffBenchmark());
