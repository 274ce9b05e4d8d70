// Shared by the helpdesk inbox tests: an inbox on a free port with its own data file,
// Standard Webhooks signing as Frontdesk does it, and a stand-in for the worker's agent API.
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Webhook } from "standardwebhooks";
import { type HelpdeskInbox, type HelpdeskInboxOptions, startHelpdeskInbox } from "../../helpdesk/server.ts";
import type { Ticket } from "../../helpdesk/ticket-store.ts";

export function newSecret(): string {
	return `whsec_${randomBytes(24).toString("base64")}`;
}

export interface TestInbox extends HelpdeskInbox {
	secret: string;
	dataFile: string;
	/** Closes the inbox and removes its data file. */
	dispose(): Promise<void>;
}

export async function startTestInbox(options: Partial<HelpdeskInboxOptions> = {}): Promise<TestInbox> {
	const directory = await mkdtemp(join(tmpdir(), "helpdesk-inbox-"));
	const secret = options.webhookSecret ?? newSecret();
	const dataFile = options.dataFile ?? join(directory, "inbox.json");
	const inbox = await startHelpdeskInbox({ port: 0, webhookSecret: secret, workerUrl: "http://127.0.0.1:9", agentToken: "agent-token-1", dataFile, ...options });
	let closed = false;
	return {
		...inbox,
		secret,
		dataFile,
		// A test may close the inbox itself to restart it on the same data file.
		async close() {
			closed = true;
			await inbox.close();
		},
		async dispose() {
			if (!closed) await inbox.close();
			await rm(directory, { recursive: true, force: true });
		},
	};
}

export interface Delivery {
	/** The webhook-id header; a fresh one unless given. */
	id?: string;
	secret?: string;
	timestamp?: Date;
	/** Replaces the body after signing, as an attacker would. */
	tamper?: (body: string) => string;
}

/** Posts `event` to the inbox's /webhooks, signed the way Frontdesk signs it. */
export async function deliver(inbox: TestInbox, event: { type: string; data: unknown }, delivery: Delivery = {}): Promise<Response> {
	const id = delivery.id ?? `msg_${randomUUID()}`;
	const timestamp = delivery.timestamp ?? new Date();
	const body = JSON.stringify({ ...event, timestamp: timestamp.toISOString() });
	const signature = new Webhook(delivery.secret ?? inbox.secret).sign(id, timestamp, body);
	return fetch(`${inbox.url}/webhooks`, {
		method: "POST",
		headers: {
			"Content-Type": "application/json",
			"webhook-id": id,
			"webhook-timestamp": String(Math.floor(timestamp.getTime() / 1000)),
			"webhook-signature": signature,
		},
		body: delivery.tamper ? delivery.tamper(body) : body,
	});
}

export async function storedTickets(inbox: HelpdeskInbox): Promise<Ticket[]> {
	const response = await fetch(`${inbox.url}/api/tickets`);
	return ((await response.json()) as { tickets: Ticket[] }).tickets;
}

export function message(seq: number, role: string, text: string) {
	return { seq, role, text, createdAt: new Date(Date.UTC(2026, 10, 20, 9, 0, seq)).toISOString() };
}

export function handoffCreated(overrides: Record<string, unknown> = {}) {
	return {
		type: "handoff.created",
		data: {
			ticketId: "tkt_1",
			conversationId: "conv_1",
			reason: "customer_request",
			priority: "high",
			lastIntent: { id: "order_status", tier: "matcher", confidence: 0.42 },
			entities: [{ type: "order_id", value: "00482913" }],
			customer: { id: "cus_1", email: "ada@example.com", name: "Ada", verified: false },
			page: { url: "https://shop.example/orders", title: "My orders" },
			locale: "en",
			disclosureShownAt: "2026-11-20T09:00:00.000Z",
			businessHours: { open: true, nextOpenAt: null },
			summary: "Ada asks where order 00482913 is.",
			transcript: [message(1, "system", "You're chatting with an AI."), message(2, "customer", "Where is order 00482913?"), message(3, "assistant", "Let me get a person.")],
			transcriptUrl: "https://frontdesk.example/v1/agent/conversations/conv_1/messages",
			replyTo: { url: "https://frontdesk.example/v1/agent/conversations/conv_1/messages", method: "POST" },
			...overrides,
		},
	};
}

export function customerMessage(seq: number, text: string, ticketId = "tkt_1") {
	return { type: "conversation.message.created", data: { ticketId, conversationId: "conv_1", sequence: seq, message: message(seq, "customer", text) } };
}

/** The worker's `conversation.contact.updated`: the customer left an e-mail address after the hand-off. */
export function contactUpdated(email: string, ticketId = "tkt_1", customer: Record<string, unknown> = {}) {
	return { type: "conversation.contact.updated", data: { ticketId, conversationId: "conv_1", customer: { id: "cus_1", email, name: "Ada", verified: false, ...customer } } };
}

export interface RecordedRequest {
	method: string;
	path: string;
	headers: Record<string, string | string[] | undefined>;
	body: unknown;
}

export interface FakeWorker {
	url: string;
	requests: RecordedRequest[];
	close(): Promise<void>;
}

/** Stands in for the worker's agent API: records each request and answers with `answer`'s status and JSON. */
/** What the fake worker does with a request: answers it, or drops the connection once it has it (an answer lost on the way). */
export type FakeAnswer = { status: number; body: unknown } | "drop";

export async function startFakeWorker(answer: (request: RecordedRequest) => FakeAnswer): Promise<FakeWorker> {
	const requests: RecordedRequest[] = [];
	const server = createServer(async (request, response) => {
		const chunks: Buffer[] = [];
		for await (const chunk of request) chunks.push(chunk as Buffer);
		const recorded = { method: request.method ?? "", path: request.url ?? "", headers: request.headers, body: JSON.parse(Buffer.concat(chunks).toString() || "null") };
		requests.push(recorded);
		const answered = answer(recorded);
		if (answered === "drop") return void request.socket.destroy();
		response.writeHead(answered.status, { "Content-Type": "application/json" }).end(JSON.stringify(answered.body));
	});
	await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		requests,
		close: () => new Promise((resolve) => server.close(() => resolve())),
	};
}

/**
 * Posts a form as the inbox's own page does (`headers` may replace or, with undefined, drop its
 * Sec-Fetch-Site); redirects are returned, not followed.
 */
export function postForm(inbox: HelpdeskInbox, path: string, fields: Record<string, string> = {}, headers: Record<string, string | undefined> = {}): Promise<Response> {
	const sent = Object.entries({ "Content-Type": "application/x-www-form-urlencoded", "Sec-Fetch-Site": "same-origin", ...headers });
	return fetch(`${inbox.url}${path}`, {
		method: "POST",
		headers: sent.filter((entry): entry is [string, string] => entry[1] !== undefined),
		body: new URLSearchParams(fields).toString(),
		redirect: "manual",
	});
}

/** A GET with a chosen Host header, which fetch does not let a caller set. */
export function getWithHost(inbox: HelpdeskInbox, path: string, host: string): Promise<number> {
	return new Promise((resolve, reject) => {
		const request = httpRequest({ host: "127.0.0.1", port: inbox.port, path, headers: { Host: host } }, (response) => {
			response.resume();
			resolve(response.statusCode ?? 0);
		});
		request.on("error", reject).end();
	});
}
