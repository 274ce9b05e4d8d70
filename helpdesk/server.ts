// A small local helpdesk inbox: receives Frontdesk's signed handoff webhooks, shows the
// tickets, and answers, resolves or hands back conversations through the worker's agent API.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { listedSecrets } from "../worker/crypto/listed-secrets.ts";
import { type AgentAction, type AgentApiConfig, runAgentAction, sendAgentReply } from "./agent-api.ts";
import { parseEvent } from "./events.ts";
import { ASSETS, type Html, renderPage } from "./html.ts";
import { isCrossSite, isLoopbackHost, methodNotAllowed, readBody, redirect, sendAsset, sendError, sendHtml, sendJson } from "./http.ts";
import { type Ticket, TicketStore } from "./ticket-store.ts";
import { renderNotFound, renderTicket, renderTicketList, renderWelcome, type TicketViewOptions, ticketPath } from "./views.ts";

export interface HelpdeskInboxOptions {
	/** 0 picks a free port. */
	port: number;
	/**
	 * The `whsec_…` secret Frontdesk signs its webhooks with; like the worker's FRONTDESK_WEBHOOK_SECRET it may
	 * hold several, separated by spaces or commas, and a webhook signed with any of them is accepted.
	 */
	webhookSecret: string;
	/** The Frontdesk worker, e.g. http://localhost:8787. */
	workerUrl: string;
	/**
	 * Bearer token for the worker's agent API. Like the worker's FRONTDESK_AGENT_TOKEN it may list several, separated by
	 * spaces or commas, while one is rotated: each opens the API, and the inbox sends the last, the one added.
	 */
	agentToken: string;
	agentName?: string;
	/** Where tickets are kept across restarts. */
	dataFile?: string;
}

export interface HelpdeskInbox {
	url: string;
	port: number;
	close(): Promise<void>;
}

interface Inbox {
	webhooks: Webhook[];
	store: TicketStore;
	agentApi: AgentApiConfig;
	agentName: string;
}

const DEFAULT_DATA_FILE = ".wrangler/helpdesk-inbox.json";
const DEFAULT_AGENT_NAME = "Alex from Support";
/** A ticket carries up to 1,000 messages of up to 20,000 characters (limits.maxMessageLength at its highest). */
const MAX_WEBHOOK_BYTES = 80 * 1024 * 1024;
const MAX_FORM_BYTES = 64 * 1024;

const TICKET_ROUTE = /^\/tickets\/([^/]+)(?:\/(reply|resolve|handback))?$/;

export async function startHelpdeskInbox(options: HelpdeskInboxOptions): Promise<HelpdeskInbox> {
	const inbox: Inbox = {
		webhooks: webhookVerifiers(options.webhookSecret),
		store: await TicketStore.open(options.dataFile ?? DEFAULT_DATA_FILE),
		agentApi: { workerUrl: options.workerUrl, agentToken: newestAgentToken(options.agentToken) },
		agentName: options.agentName ?? DEFAULT_AGENT_NAME,
	};
	const server = createServer((request, response) => {
		handle(inbox, request, response).catch((error: unknown) => {
			console.error("helpdesk inbox:", error);
			if (response.headersSent) response.destroy();
			else sendError(response, 500, "internal_error", "The inbox failed to handle this request; see its console.");
		});
	});
	// Loopback only: the inbox holds customer data and the agent token, and has no login.
	await new Promise<void>((resolve, reject) => {
		server.once("error", reject);
		server.listen(options.port, "127.0.0.1", resolve);
	});
	const port = (server.address() as AddressInfo).port;
	return { url: `http://127.0.0.1:${port}`, port, close: () => close(server) };
}

/** The list as the worker reads it; sent whole, it would be no token, and each refusal would count against this machine. */
function newestAgentToken(tokens: string): string {
	const newest = listedSecrets(tokens).at(-1);
	if (!newest) throw new Error("An agent token is required.");
	return newest;
}

/** Fails before listening, with a message naming the secret rather than the base64 decoder's complaint. */
function webhookVerifiers(secrets: string): Webhook[] {
	const verifiers = listedSecrets(secrets).map((secret) => {
		try {
			return new Webhook(secret);
		} catch (error) {
			throw new Error(`A webhook secret must be whsec_ followed by base64 (${(error as Error).message}).`);
		}
	});
	if (verifiers.length === 0) throw new Error("A webhook secret is required.");
	return verifiers;
}

/** The verified, parsed body; throws the Standard Webhooks error when no secret verifies it. */
function verifyWebhook(verifiers: Webhook[], body: string, headers: Record<string, string>): unknown {
	let failure: unknown;
	for (const verifier of verifiers) {
		try {
			return verifier.verify(body, headers);
		} catch (error) {
			failure = error;
		}
	}
	throw failure;
}

function close(server: Server): Promise<void> {
	return new Promise((resolve, reject) => {
		server.close((error) => (error ? reject(error) : resolve()));
		// Idle keep-alive connections would otherwise hold close() open for seconds.
		server.closeAllConnections();
	});
}

async function handle(inbox: Inbox, request: IncomingMessage, response: ServerResponse): Promise<void> {
	if (!isLoopbackHost(request)) return sendError(response, 421, "misdirected_request", "This inbox only answers on localhost.");
	const path = new URL(request.url ?? "/", "http://localhost").pathname;
	const method = request.method ?? "GET";
	if (path === "/webhooks") return method === "POST" ? receiveWebhook(inbox, request, response) : methodNotAllowed(response, "POST");
	if (path === "/api/tickets") return method === "GET" ? sendJson(response, 200, { tickets: inbox.store.list() }) : methodNotAllowed(response, "GET");
	const asset = ASSETS[path];
	if (asset) return method === "GET" ? sendAsset(response, asset) : methodNotAllowed(response, "GET");
	if (path === "/") return method === "GET" ? sendPage(inbox, response, 200, { title: "Frontdesk inbox", main: renderWelcome(), refreshUrl: "/" }) : methodNotAllowed(response, "GET");
	return handleTicket(inbox, request, response, path, method);
}

/** GET /tickets/:ticketId shows a ticket; POST /tickets/:ticketId/(reply|resolve|handback) acts on it through the worker. */
async function handleTicket(inbox: Inbox, request: IncomingMessage, response: ServerResponse, path: string, method: string): Promise<void> {
	const match = TICKET_ROUTE.exec(path);
	const ticketId = match && decodeSegment(match[1]);
	if (!ticketId) return sendError(response, 404, "not_found", "Nothing here; the inbox is at /.");
	const action = match[2] as "reply" | AgentAction | undefined;
	if (method !== (action ? "POST" : "GET")) return methodNotAllowed(response, action ? "POST" : "GET");
	const ticket = inbox.store.get(ticketId);
	if (!ticket) return sendPage(inbox, response, 404, { title: "Ticket not found", main: renderNotFound(ticketId), refreshUrl: "/" });
	if (!action) return sendTicketPage(inbox, response, 200, ticket);
	if (isCrossSite(request)) return sendError(response, 403, "cross_site_request", "Only this inbox's own pages may act on tickets.");
	return action === "reply" ? reply(inbox, request, response, ticket) : act(inbox, response, ticket, action);
}

function decodeSegment(segment: string): string | null {
	try {
		return decodeURIComponent(segment);
	} catch {
		return null;
	}
}

/**
 * Verifies the Standard Webhooks signature and timestamp on the raw bytes before anything else,
 * then applies the event once per webhook-id; a redelivery is answered 200 without applying it again.
 */
async function receiveWebhook(inbox: Inbox, request: IncomingMessage, response: ServerResponse): Promise<void> {
	const headers = {
		"webhook-id": headerValue(request, "webhook-id"),
		"webhook-timestamp": headerValue(request, "webhook-timestamp"),
		"webhook-signature": headerValue(request, "webhook-signature"),
	};
	// Before the body is read: any web page open in the agent's browser can post here, but not with these
	// headers (they need a preflight the inbox never allows), so none can make it read up to 80 MB.
	if (Object.values(headers).some((value) => value === "")) {
		response.setHeader("Connection", "close");
		return sendError(response, 400, "invalid_webhook", "A webhook needs the webhook-id, webhook-timestamp and webhook-signature headers.");
	}
	const body = await readBody(request, MAX_WEBHOOK_BYTES);
	if (!body) return sendError(response, 413, "payload_too_large", `Webhook bodies may be at most ${MAX_WEBHOOK_BYTES} bytes.`);
	const webhookId = headers["webhook-id"];
	let payload: unknown;
	try {
		payload = verifyWebhook(inbox.webhooks, body.toString("utf8"), headers);
	} catch (error) {
		return sendError(response, 400, "invalid_webhook", (error as Error).message);
	}
	const parsed = parseEvent(payload);
	if (parsed.kind === "invalid") return sendError(response, 400, "invalid_event", parsed.problem);
	if (parsed.kind === "ignored") return sendJson(response, 200, { received: true, ignored: parsed.type });
	const outcome = inbox.store.record(webhookId, parsed.event);
	if (outcome === "applied") await inbox.store.save();
	// The worker delivers a conversation's webhooks in order, holding back the rest while one fails, so
	// an event about a ticket this inbox never got (its data file was deleted) is acknowledged, not refused.
	sendJson(response, 200, { received: true, duplicate: outcome === "duplicate", unknownTicket: outcome === "unknown_ticket" });
}

function headerValue(request: IncomingMessage, name: string): string {
	const value = request.headers[name];
	return Array.isArray(value) ? value.join(" ") : (value ?? "");
}

async function reply(inbox: Inbox, request: IncomingMessage, response: ServerResponse, ticket: Ticket): Promise<void> {
	const body = await readBody(request, MAX_FORM_BYTES);
	if (!body) return sendTicketPage(inbox, response, 413, ticket, { error: { code: "payload_too_large", message: "This reply is too long." } });
	const text = new URLSearchParams(body.toString("utf8")).get("text")?.trim() ?? "";
	if (!text) return sendTicketPage(inbox, response, 400, ticket, { error: { code: "empty_reply", message: "Write a reply before sending it." } });
	const result = await sendAgentReply(inbox.agentApi, ticket.conversationId, { text, agentName: inbox.agentName, ticketId: ticket.ticketId });
	if (!result.ok) return sendTicketPage(inbox, response, 502, ticket, { error: result, draft: text });
	inbox.store.addMessage(ticket.ticketId, result.message);
	// The worker gives a resolved or handed-back conversation to a person again when they reply.
	inbox.store.setStatus(ticket.ticketId, "open");
	await inbox.store.save();
	redirect(response, ticketPath(ticket.ticketId));
}

async function act(inbox: Inbox, response: ServerResponse, ticket: Ticket, action: AgentAction): Promise<void> {
	const result = await runAgentAction(inbox.agentApi, ticket.conversationId, ticket.ticketId, action);
	if (!result.ok) return sendTicketPage(inbox, response, 502, ticket, { error: result });
	inbox.store.setStatus(ticket.ticketId, action === "resolve" ? "resolved" : "handed_back");
	await inbox.store.save();
	redirect(response, ticketPath(ticket.ticketId));
}

function sendTicketPage(inbox: Inbox, response: ServerResponse, status: number, ticket: Ticket, view: Omit<TicketViewOptions, "agentName"> = {}): void {
	const main = renderTicket(ticket, { agentName: inbox.agentName, ...view });
	const title = `${ticket.customer?.email ?? "no contact yet"}: Frontdesk inbox`;
	sendPage(inbox, response, status, { title, main, refreshUrl: ticketPath(ticket.ticketId), selectedId: ticket.ticketId });
}

function sendPage(inbox: Inbox, response: ServerResponse, status: number, page: { title: string; main: Html; refreshUrl: string; selectedId?: string }): void {
	const ticketList = renderTicketList(inbox.store.list(), page.selectedId ?? null);
	sendHtml(response, status, renderPage({ ...page, ticketList }));
}
