// A real webhook receiver for tests: a Node HTTP server that verifies every
// request with the public `standardwebhooks` package, processes each
// `webhook-id` once (as an idempotent integrator would), and answers
// according to a per-conversation script of faults, or flaps: down for a
// while, then back up, again and again.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { Webhook } from "standardwebhooks";

/** What the receiver does with the next attempt for a conversation; after the script runs out, it answers 204. */
export type Fault =
	| { kind: "status"; status: number; retryAfter?: string }
	| { kind: "drop" }
	| { kind: "hang" }
	/** Processes the webhook and answers 204, but only after `ms`. */
	| { kind: "slow"; ms: number }
	/** Processes the webhook, then claims failure: the retry must not be processed twice. */
	| { kind: "process_then_fail"; status: number };

/**
 * An endpoint that keeps going down and coming back, whatever the conversation: from the first delivery
 * after it is set, `downMs` answering every delivery with the next of `faults`, then `upMs` answering as
 * usual, again and again. Going down at the first delivery means a run that delivers anything meets it.
 */
export interface Flapping {
	upMs: number;
	downMs: number;
	faults: Array<Extract<Fault, { kind: "status" | "drop" }>>;
}

export interface ReceivedAttempt {
	webhookId: string;
	at: number;
	verified: boolean;
	answered: number | "dropped" | "hung";
	/** Refused because the receiver was in a down period of its flapping, not by a conversation's script. */
	flapped: boolean;
	headers: Record<string, string>;
	rawBody: string;
}

export interface ProcessedWebhook {
	webhookId: string;
	type: string;
	data: { conversationId?: string; [key: string]: unknown };
	receivedAt: number;
}

export interface WebhookReceiver {
	url: string;
	port: number;
	secret: string;
	script(conversationId: string, faults: Fault[]): void;
	/** Starts flapping, or with null recovers for good. */
	flap(flapping: Flapping | null): void;
	attempts(conversationId?: string): ReceivedAttempt[];
	processed(conversationId?: string): ProcessedWebhook[];
	close(): Promise<void>;
}

export const TEST_WEBHOOK_SECRET = `whsec_${Buffer.from("frontdesk-test-webhook-secret-32b").toString("base64")}`;

function readBody(request: IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		request.on("data", (chunk) => chunks.push(chunk));
		request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
		request.on("error", reject);
	});
}

function json(response: ServerResponse, status: number, body: unknown) {
	response.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(body));
}

export async function startWebhookReceiver(options: { secret?: string; port?: number } = {}): Promise<WebhookReceiver> {
	const secret = options.secret ?? TEST_WEBHOOK_SECRET;
	const verifier = new Webhook(secret);
	const scripts = new Map<string, Fault[]>();
	const attempts: Array<ReceivedAttempt & { conversationId: string | undefined }> = [];
	const processed = new Map<string, ProcessedWebhook>();
	const hanging = new Set<ServerResponse>();
	let flapping: (Flapping & { since: number | null; refused: number }) | null = null;
	/** The fault a down period answers with now, or undefined while the receiver is up. */
	const flapFault = (now: number): Fault | undefined => {
		if (!flapping) return undefined;
		flapping.since ??= now;
		if ((now - flapping.since) % (flapping.upMs + flapping.downMs) >= flapping.downMs) return undefined;
		return flapping.faults[flapping.refused++ % flapping.faults.length];
	};
	const verified = (rawBody: string, headers: Record<string, string>): { type: string; data: ProcessedWebhook["data"] } | null => {
		try {
			return verifier.verify(rawBody, headers) as { type: string; data: ProcessedWebhook["data"] };
		} catch {
			return null;
		}
	};

	const server = createServer(async (request, response) => {
		const url = new URL(request.url ?? "/", "http://receiver");
		if (url.pathname === "/__script" && request.method === "POST") {
			const { conversationId, faults } = JSON.parse(await readBody(request));
			scripts.set(conversationId, faults);
			return json(response, 204, null);
		}
		if (url.pathname === "/__attempts") return json(response, 200, attempts.filter((a) => !url.searchParams.get("conversationId") || a.conversationId === url.searchParams.get("conversationId")));
		if (url.pathname === "/__processed") return json(response, 200, [...processed.values()].filter((p) => !url.searchParams.get("conversationId") || p.data.conversationId === url.searchParams.get("conversationId")));
		if (url.pathname === "/gone") return json(response, 410, { error: "this endpoint was removed" });
		// An endpoint that moved: the redirect leads to a page that answers anything with 200.
		if (url.pathname === "/moved") return response.writeHead(302, { Location: "/landing" }).end();
		if (url.pathname === "/landing") return json(response, 200, { page: "welcome" });
		if (url.pathname !== "/hooks" || request.method !== "POST") return json(response, 404, { error: "not found" });

		const rawBody = await readBody(request);
		const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, String(value)]));
		const event = verified(rawBody, headers);
		const conversationId = event?.data.conversationId;
		const scripted = conversationId ? scripts.get(conversationId)?.shift() : undefined;
		const at = Date.now();
		const fault = scripted ?? (event ? flapFault(at) : undefined);
		const attempt = { webhookId: headers["webhook-id"] ?? "", at, verified: event !== null, answered: 204 as ReceivedAttempt["answered"], flapped: !scripted && fault !== undefined, headers, rawBody, conversationId };
		attempts.push(attempt);
		if (!event) {
			attempt.answered = 400;
			return json(response, 400, { error: "signature verification failed" });
		}
		const process = () => {
			if (!processed.has(attempt.webhookId)) processed.set(attempt.webhookId, { webhookId: attempt.webhookId, type: event.type, data: event.data, receivedAt: Date.now() });
		};
		if (fault?.kind === "drop") {
			attempt.answered = "dropped";
			return request.socket.destroy();
		}
		if (fault?.kind === "hang") {
			attempt.answered = "hung";
			hanging.add(response);
			return;
		}
		if (fault?.kind === "status") {
			attempt.answered = fault.status;
			response.writeHead(fault.status, fault.retryAfter ? { "Retry-After": fault.retryAfter } : {}).end();
			return;
		}
		if (fault?.kind === "slow") await new Promise((resolve) => setTimeout(resolve, fault.ms));
		process();
		attempt.answered = fault?.kind === "process_then_fail" ? fault.status : 204;
		response.writeHead(attempt.answered).end();
	});

	await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
	const { port } = server.address() as { port: number };
	return {
		url: `http://127.0.0.1:${port}/hooks`,
		port,
		secret,
		script: (conversationId, faults) => scripts.set(conversationId, [...faults]),
		flap: (next) => {
			flapping = next && { ...next, since: null, refused: 0 };
		},
		attempts: (conversationId) => attempts.filter((a) => !conversationId || a.conversationId === conversationId),
		processed: (conversationId) => [...processed.values()].filter((p) => !conversationId || p.data.conversationId === conversationId),
		close: () =>
			new Promise<void>((resolve) => {
				for (const response of hanging) response.socket?.destroy();
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
