// A local stand-in for the Anthropic Messages API (POST /v1/messages), so the
// real @anthropic-ai/sdk can be tested offline against every way the API
// answers: streamed and whole replies, each error status, slow and stalled
// streams and dropped connections, or a weighted mix of them, as an API
// under load fails or stalls a share of calls.
//
// Requests are checked as the API checks them (the key in `x-api-key` or
// `Authorization: Bearer`, `anthropic-version`, and the body's fields,
// content blocks and cache_control markers) and answered with the API's
// error body and `request-id` header when they are wrong.
//
// Each API key is its own sandbox: a test registers a scenario for a fresh key
// (POST /__control) and reads back what the API received with that key
// (GET /__requests?apiKey=...), so test files running in parallel never see
// each other's scenarios. A key without a scenario is rejected with 401, as
// the real API rejects an unknown key.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type StopReason = "end_turn" | "max_tokens" | "stop_sequence" | "refusal";

export type ErrorType =
	| "invalid_request_error"
	| "authentication_error"
	| "billing_error"
	| "permission_error"
	| "not_found_error"
	| "request_too_large"
	| "rate_limit_error"
	| "api_error"
	| "timeout_error"
	| "overloaded_error";

/**
 * The model writes `chunks` (or `text`, split into word-sized chunks), one text_delta per chunk.
 * In either, `{{system}}` and `{{apiKey}}` become the system prompt and the x-api-key the request
 * carried: an adversarial model that repeats what it was given.
 */
export interface ReplyScenario {
	kind: "reply";
	text?: string;
	chunks?: string[];
	/** Time from the request to the first text_delta; message_start and ping are sent at once, as the real API does. */
	firstTokenDelayMs?: number;
	tokenDelayMs?: number;
	stopReason?: StopReason;
	/** Ends the stream early after `afterChunks` text deltas: "drop" destroys the socket, "stall" sends nothing more, "overloaded" sends an `error` event. */
	interrupt?: { afterChunks: number; how: "drop" | "stall" | "overloaded" };
}

/** Answers with an error status and the API's error body; `retryAfterSeconds` adds a `retry-after` header. */
export interface ErrorScenario {
	kind: "error";
	status: number;
	type?: ErrorType;
	message?: string;
	retryAfterSeconds?: number;
}

/** Reads the request and never answers. */
export interface StallScenario {
	kind: "stall";
}

export type SingleScenario = ReplyScenario | ErrorScenario | StallScenario;

/**
 * Each request is answered by one of `outcomes`, drawn by weight. The draws come from a generator
 * seeded with `seed`, so the same sequence of requests meets the same sequence of outcomes.
 */
export interface MixScenario {
	kind: "mix";
	outcomes: Array<{ weight: number; scenario: SingleScenario }>;
	seed?: number;
}

export type Scenario = SingleScenario | MixScenario;

export interface ReceivedRequest {
	/** Wall-clock ms with sub-millisecond precision (see `preciseNow`), once the request's headers were read. */
	headersAt: number;
	/** The same, once the whole body was read. */
	receivedAt: number;
	/** When the first text token of a streamed reply was written, on the same clock; null before then, or without one. */
	firstTokenAt: number | null;
	method: string;
	path: string;
	headers: Record<string, string>;
	/** The parsed JSON body, or the raw text when it is not JSON. */
	body: unknown;
	/** The status the server answered with. */
	status: number;
	/** True once the connection closed before the answer was complete: the client aborted, or a "drop" scenario cut it. */
	closedEarly: boolean;
	/** The kind of scenario that answered (for a mix, the one drawn); null when the request was refused before any applied. */
	outcome: SingleScenario["kind"] | null;
	/** The usage a reply reported (what `message_delta` carries when streamed); null for any other answer. */
	usage: Usage | null;
}

export interface MessagesApiServer {
	port: number;
	/** e.g. `http://127.0.0.1:43127`, the SDK's `baseURL`. */
	url: string;
	/** Sets the scenario for every request made with `apiKey` and forgets that key's recorded requests. */
	setScenario(apiKey: string, scenario: Scenario): void;
	requests(apiKey: string): ReceivedRequest[];
	close(): Promise<void>;
}

// The versions the API accepts; the SDK in use sends the newest.
const API_VERSIONS = new Set(["2023-01-01", "2023-06-01", "2026-10-21"]);
const MAX_CACHE_BREAKPOINTS = 4;
const KNOWN_BODY_FIELDS = new Set([
	"model",
	"max_tokens",
	"messages",
	"system",
	"stream",
	"temperature",
	"top_p",
	"top_k",
	"stop_sequences",
	"metadata",
	"tools",
	"tool_choice",
	"thinking",
	"service_tier",
	"output_config",
	"container",
	"context_management",
	"mcp_servers",
	"inference_geo",
]);
const DEFAULT_MESSAGES: Record<ErrorType, string> = {
	invalid_request_error: "Invalid request",
	authentication_error: "invalid x-api-key",
	billing_error: "Your credit balance is too low to access the Anthropic API.",
	permission_error: "Your API key does not have permission to use the specified resource.",
	not_found_error: "Not found",
	request_too_large: "Request exceeds the maximum allowed number of bytes.",
	rate_limit_error: "Number of request tokens has exceeded your per-minute rate limit",
	api_error: "Internal server error",
	timeout_error: "Request timed out",
	overloaded_error: "Overloaded",
};
const TYPE_BY_STATUS: Record<number, ErrorType> = {
	400: "invalid_request_error",
	401: "authentication_error",
	402: "billing_error",
	403: "permission_error",
	404: "not_found_error",
	413: "request_too_large",
	429: "rate_limit_error",
	500: "api_error",
	504: "timeout_error",
	529: "overloaded_error",
};

class RequestProblem extends Error {
	readonly status: number;
	readonly type: ErrorType;
	constructor(status: number, type: ErrorType, message: string) {
		super(message);
		this.status = status;
		this.type = type;
	}
}

function invalid(message: string): never {
	throw new RequestProblem(400, "invalid_request_error", message);
}

function randomId(prefix: string): string {
	return `${prefix}${randomBytes(18).toString("base64url")}`;
}

/** A rough token count (4 characters a token), enough for plausible usage numbers. */
function tokens(text: string): number {
	return Math.max(1, Math.ceil(text.length / 4));
}

// The least a cached prefix must hold for the model to cache it, as Anthropic documents it; a shorter one is
// billed in full, and no error says so.
function minimumCachedTokens(model: string): number {
	if (/haiku-4-5|opus-4-[56]/.test(model)) return 4096;
	if (/haiku-3/.test(model)) return 2048;
	return 1024;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === "object" && value !== null && !Array.isArray(value);
}

function validateCacheControl(value: unknown, where: string): number {
	if (value === undefined || value === null) return 0;
	if (!isRecord(value) || value.type !== "ephemeral") invalid(`${where}.cache_control.type: Input should be 'ephemeral'`);
	if (value.ttl !== undefined && value.ttl !== "5m" && value.ttl !== "1h") invalid(`${where}.cache_control.ttl: Input should be '5m' or '1h'`);
	return 1;
}

/** Validates text content (a string or text blocks); returns how many blocks carry cache_control. */
function validateTextContent(content: unknown, where: string): number {
	if (typeof content === "string") {
		if (content.length === 0) invalid(`${where}: text content blocks must be non-empty`);
		return 0;
	}
	if (!Array.isArray(content)) invalid(`${where}: Input should be a valid list`);
	let breakpoints = 0;
	content.forEach((block, index) => {
		const at = `${where}.${index}`;
		if (!isRecord(block)) invalid(`${at}: Input should be a valid dictionary`);
		if (block.type !== "text") invalid(`${at}.type: this stand-in accepts only 'text' blocks`);
		if (typeof block.text !== "string") invalid(`${at}.text: Field required`);
		if (block.text.length === 0) invalid(`${at}: text content blocks must be non-empty`);
		breakpoints += validateCacheControl(block.cache_control, at);
	});
	return breakpoints;
}

interface MessagesBody {
	model: string;
	max_tokens: number;
	stream: boolean;
	system: unknown;
	messages: Array<{ role: string; content: unknown }>;
}

function validateBody(body: unknown): MessagesBody {
	if (!isRecord(body)) invalid("Input should be a valid dictionary");
	for (const field of Object.keys(body)) if (!KNOWN_BODY_FIELDS.has(field)) invalid(`${field}: Extra inputs are not permitted`);
	if (typeof body.model !== "string" || body.model.length === 0) invalid("model: Field required");
	if (!Number.isInteger(body.max_tokens)) invalid("max_tokens: Field required");
	if ((body.max_tokens as number) < 1) invalid("max_tokens: Input should be greater than or equal to 1");
	if (body.stream !== undefined && typeof body.stream !== "boolean") invalid("stream: Input should be a valid boolean");
	if (body.temperature !== undefined && (typeof body.temperature !== "number" || body.temperature < 0 || body.temperature > 1)) {
		invalid("temperature: Input should be less than or equal to 1");
	}
	let breakpoints = body.system === undefined ? 0 : validateTextContent(body.system, "system");
	if (!Array.isArray(body.messages)) invalid("messages: Field required");
	if (body.messages.length === 0) invalid("messages: at least one message is required");
	body.messages.forEach((message, index) => {
		if (!isRecord(message)) invalid(`messages.${index}: Input should be a valid dictionary`);
		if (message.role !== "user" && message.role !== "assistant") invalid(`messages.${index}.role: Input should be 'user' or 'assistant'`);
		breakpoints += validateTextContent(message.content, `messages.${index}.content`);
	});
	if (breakpoints > MAX_CACHE_BREAKPOINTS) invalid(`A maximum of ${MAX_CACHE_BREAKPOINTS} blocks with cache_control may be provided. Found ${breakpoints}.`);
	return { model: body.model, max_tokens: body.max_tokens as number, stream: body.stream === true, system: body.system, messages: body.messages as MessagesBody["messages"] };
}

function textOf(content: unknown): string {
	if (typeof content === "string") return content;
	return (content as Array<{ text: string }>).map((block) => block.text).join("");
}

/** The prompt prefix up to the last cache_control marker (system, then messages), as the API caches it. */
function cachedPrefix(body: MessagesBody): string {
	const blocks: Array<{ text: string; cached: boolean }> = [];
	const collect = (content: unknown) => {
		if (typeof content === "string") blocks.push({ text: content, cached: false });
		else if (Array.isArray(content)) for (const block of content) blocks.push({ text: block.text, cached: isRecord(block.cache_control) });
	};
	collect(body.system);
	for (const message of body.messages) collect(message.content);
	const last = blocks.findLastIndex((block) => block.cached);
	return blocks
		.slice(0, last + 1)
		.map((block) => block.text)
		.join("\n");
}

function splitIntoChunks(text: string): string[] {
	return text.match(/\s*\S+/g) ?? [];
}

/** Wall-clock ms with sub-millisecond precision, so a benchmark in this process can time the stand-in's own part of a call. */
export function preciseNow(): number {
	return performance.timeOrigin + performance.now();
}

function sleep(ms: number, response: ServerResponse): Promise<void> {
	if (ms <= 0) return Promise.resolve();
	// Node's timers count from the event loop's cached millisecond, and can fire up to one early on this clock: what is
	// left is waited for too, so the stand-in never answers sooner than its scenario says.
	const until = preciseNow() + ms;
	return new Promise((resolve) => {
		let timer: ReturnType<typeof setTimeout> | undefined;
		// Once the client has gone there is nothing left to wait for.
		const gone = () => {
			clearTimeout(timer);
			resolve();
		};
		const wait = () => {
			const left = until - preciseNow();
			if (left > 0) {
				timer = setTimeout(wait, Math.ceil(left));
				return;
			}
			response.off("close", gone);
			resolve();
		};
		response.once("close", gone);
		wait();
	});
}

function commonHeaders(requestId: string): Record<string, string> {
	return { "request-id": requestId, "anthropic-organization-id": "00000000-0000-4000-8000-000000000000", via: "1.1 messages-api-stand-in" };
}

function sendError(response: ServerResponse, requestId: string, status: number, type: ErrorType, message: string, retryAfterSeconds?: number): void {
	const headers: Record<string, string> = { ...commonHeaders(requestId), "content-type": "application/json" };
	if (retryAfterSeconds !== undefined) headers["retry-after"] = String(retryAfterSeconds);
	if (type === "rate_limit_error") headers["anthropic-ratelimit-requests-limit"] = "50";
	if (type === "rate_limit_error") headers["anthropic-ratelimit-requests-remaining"] = "0";
	response.writeHead(status, headers);
	response.end(JSON.stringify({ type: "error", error: { type, message }, request_id: requestId }));
}

interface Usage {
	input_tokens: number;
	cache_creation_input_tokens: number;
	cache_read_input_tokens: number;
	cache_creation: { ephemeral_5m_input_tokens: number; ephemeral_1h_input_tokens: number };
	output_tokens: number;
	service_tier: "standard";
}

interface Reply {
	chunks: string[];
	stopReason: StopReason;
	usage: Usage;
}

function echoing(text: string, body: MessagesBody, apiKey: string): string {
	return text.replaceAll("{{system}}", textOf(body.system ?? "")).replaceAll("{{apiKey}}", apiKey);
}

function planReply(scenario: ReplyScenario, body: MessagesBody, apiKey: string, cache: Set<string>): Reply {
	const written = scenario.chunks?.map((chunk) => echoing(chunk, body, apiKey));
	const all = written ?? splitIntoChunks(echoing(scenario.text ?? "Hello! How can I help?", body, apiKey));
	// One chunk stands for one token, so max_tokens cuts the reply as the real model would.
	const chunks = all.slice(0, body.max_tokens);
	const stopReason = chunks.length < all.length ? "max_tokens" : (scenario.stopReason ?? "end_turn");
	const marked = cachedPrefix(body);
	const prefix = marked && tokens(marked) >= minimumCachedTokens(body.model) ? marked : "";
	const whole = [textOf(body.system ?? ""), ...body.messages.map((message) => textOf(message.content))].join("\n");
	const cachedTokens = prefix ? tokens(prefix) : 0;
	const hit = prefix !== "" && cache.has(prefix);
	if (prefix) cache.add(prefix);
	return {
		chunks,
		stopReason,
		usage: {
			input_tokens: Math.max(1, tokens(whole) - cachedTokens),
			cache_creation_input_tokens: hit ? 0 : cachedTokens,
			cache_read_input_tokens: hit ? cachedTokens : 0,
			cache_creation: { ephemeral_5m_input_tokens: hit ? 0 : cachedTokens, ephemeral_1h_input_tokens: 0 },
			output_tokens: chunks.length,
			service_tier: "standard",
		},
	};
}

function messageObject(id: string, model: string, content: Array<{ type: "text"; text: string }>, stopReason: StopReason | null, usage: Usage) {
	return { id, type: "message", role: "assistant", model, content, stop_reason: stopReason, stop_sequence: null, stop_details: null, container: null, diagnostics: null, usage };
}

async function sendWholeReply(response: ServerResponse, requestId: string, scenario: ReplyScenario, body: MessagesBody, reply: Reply): Promise<void> {
	await sleep((scenario.firstTokenDelayMs ?? 0) + (scenario.tokenDelayMs ?? 0) * reply.chunks.length, response);
	if (scenario.interrupt?.how === "drop") return dropConnection(response);
	if (scenario.interrupt?.how === "stall") return;
	if (scenario.interrupt?.how === "overloaded") return sendError(response, requestId, 529, "overloaded_error", DEFAULT_MESSAGES.overloaded_error);
	const message = messageObject(randomId("msg_"), body.model, [{ type: "text", text: reply.chunks.join("") }], reply.stopReason, reply.usage);
	response.writeHead(200, { ...commonHeaders(requestId), "content-type": "application/json" });
	response.end(JSON.stringify(message));
}

/** Writes one server-sent event, unless the client has already gone. */
function sendEvent(response: ServerResponse, type: string, data: Record<string, unknown>): void {
	if (response.destroyed || response.writableEnded) return;
	response.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
}

async function streamReply(response: ServerResponse, requestId: string, scenario: ReplyScenario, body: MessagesBody, reply: Reply, record: ReceivedRequest): Promise<void> {
	response.writeHead(200, { ...commonHeaders(requestId), "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache" });
	const { usage } = reply;
	const startUsage = { ...usage, output_tokens: 1 };
	sendEvent(response, "message_start", { message: messageObject(randomId("msg_"), body.model, [], null, startUsage) });
	sendEvent(response, "content_block_start", { index: 0, content_block: { type: "text", text: "" } });
	sendEvent(response, "ping", {});
	await sleep(scenario.firstTokenDelayMs ?? 0, response);
	for (const [index, chunk] of reply.chunks.entries()) {
		if (response.destroyed) return;
		if (scenario.interrupt && index === scenario.interrupt.afterChunks) return interruptStream(response, scenario.interrupt.how);
		if (index > 0) await sleep(scenario.tokenDelayMs ?? 0, response);
		sendEvent(response, "content_block_delta", { index: 0, delta: { type: "text_delta", text: chunk } });
		record.firstTokenAt ??= preciseNow();
	}
	if (scenario.interrupt) return interruptStream(response, scenario.interrupt.how);
	sendEvent(response, "content_block_stop", { index: 0 });
	sendEvent(response, "message_delta", { delta: { stop_reason: reply.stopReason, stop_sequence: null, stop_details: null, container: null }, usage: { ...usage } });
	sendEvent(response, "message_stop", {});
	response.end();
}

/** Cuts the connection once what was written has gone out, leaving the chunked body unterminated, as a dropped connection does. */
function dropConnection(response: ServerResponse): void {
	response.socket?.end();
}

function interruptStream(response: ServerResponse, how: "drop" | "stall" | "overloaded"): void {
	if (how === "drop") dropConnection(response);
	if (how === "overloaded") {
		sendEvent(response, "error", { error: { type: "overloaded_error", message: DEFAULT_MESSAGES.overloaded_error } });
		response.end();
	}
}

async function readBody(request: IncomingMessage): Promise<string> {
	const parts: Buffer[] = [];
	for await (const part of request) parts.push(part as Buffer);
	return Buffer.concat(parts).toString("utf8");
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

/** The key from `x-api-key`, or from `Authorization: Bearer`, which the API also accepts and the SDK sends. */
function apiKeyOf(request: IncomingMessage): string | null {
	const header = request.headers["x-api-key"];
	if (typeof header === "string" && header !== "") return header;
	const bearer = /^Bearer (\S+)$/.exec(request.headers.authorization ?? "");
	return bearer ? bearer[1] : null;
}

function headerRecord(request: IncomingMessage): Record<string, string> {
	const headers: Record<string, string> = {};
	for (const [name, value] of Object.entries(request.headers)) if (typeof value === "string") headers[name] = value;
	return headers;
}

function sendJson(response: ServerResponse, status: number, value: unknown): void {
	response.writeHead(status, { "content-type": "application/json" });
	response.end(JSON.stringify(value));
}

function isSingleScenario(value: unknown): value is SingleScenario {
	if (!isRecord(value)) return false;
	if (value.kind === "reply" || value.kind === "stall") return true;
	return value.kind === "error" && Number.isInteger(value.status) && (value.status as number) >= 400 && (value.status as number) <= 599;
}

function isScenario(value: unknown): value is Scenario {
	if (!isRecord(value) || value.kind !== "mix") return isSingleScenario(value);
	const { outcomes } = value;
	return Array.isArray(outcomes) && outcomes.length > 0 && outcomes.every((outcome) => isRecord(outcome) && typeof outcome.weight === "number" && outcome.weight > 0 && isSingleScenario(outcome.scenario));
}

/** A small seeded generator (mulberry32): uniform in [0, 1), the same sequence for the same seed. */
function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let mixed = Math.imul(state ^ (state >>> 15), state | 1);
		mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
		return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
	};
}

/** The scenario that answers one request: itself, or for a mix the outcome drawn by weight. */
function drawScenario(scenario: Scenario, random: () => number): SingleScenario {
	if (scenario.kind !== "mix") return scenario;
	const total = scenario.outcomes.reduce((sum, outcome) => sum + outcome.weight, 0);
	let point = random() * total;
	for (const outcome of scenario.outcomes) {
		point -= outcome.weight;
		if (point < 0) return outcome.scenario;
	}
	return scenario.outcomes[scenario.outcomes.length - 1].scenario;
}

/** Starts the stand-in on 127.0.0.1 (port 0 picks a free port). */
export async function startMessagesApiServer(options: { port?: number } = {}): Promise<MessagesApiServer> {
	const scenarios = new Map<string, Scenario>();
	const draws = new Map<string, () => number>();
	const received = new Map<string, ReceivedRequest[]>();
	// Prompt prefixes already written to the cache, per key, so a repeat reads them.
	const caches = new Map<string, Set<string>>();

	const setScenario = (apiKey: string, scenario: Scenario) => {
		scenarios.set(apiKey, scenario);
		draws.set(apiKey, seededRandom(scenario.kind === "mix" ? (scenario.seed ?? 1) : 1));
		received.set(apiKey, []);
		caches.set(apiKey, new Set());
	};

	async function handleMessages(request: IncomingMessage, response: ServerResponse, record: ReceivedRequest, rawBody: string): Promise<void> {
		const requestId = randomId("req_");
		const apiKey = apiKeyOf(request);
		const fail = (problem: RequestProblem) => {
			record.status = problem.status;
			sendError(response, requestId, problem.status, problem.type, problem.message);
		};
		if (apiKey === null) return fail(new RequestProblem(401, "authentication_error", "x-api-key header is required"));
		const registered = scenarios.get(apiKey);
		if (!registered) return fail(new RequestProblem(401, "authentication_error", "invalid x-api-key"));
		const version = request.headers["anthropic-version"];
		if (typeof version !== "string") return fail(new RequestProblem(400, "invalid_request_error", "anthropic-version: header is required"));
		if (!API_VERSIONS.has(version)) return fail(new RequestProblem(400, "invalid_request_error", `anthropic-version: invalid version ${version}`));
		if (!request.headers["content-type"]?.startsWith("application/json")) return fail(new RequestProblem(400, "invalid_request_error", "content-type must be application/json"));
		let body: MessagesBody;
		try {
			const parsed = JSON.parse(rawBody) as unknown;
			body = validateBody(parsed);
		} catch (error) {
			return fail(error instanceof RequestProblem ? error : new RequestProblem(400, "invalid_request_error", "There was an issue with the request body: not valid JSON"));
		}

		const scenario = drawScenario(registered, draws.get(apiKey) ?? Math.random);
		record.outcome = scenario.kind;
		if (scenario.kind === "stall") return;
		if (scenario.kind === "error") {
			const type = scenario.type ?? TYPE_BY_STATUS[scenario.status] ?? (scenario.status >= 500 ? "api_error" : "invalid_request_error");
			record.status = scenario.status;
			return sendError(response, requestId, scenario.status, type, scenario.message ?? DEFAULT_MESSAGES[type], scenario.retryAfterSeconds);
		}
		const reply = planReply(scenario, body, apiKey, caches.get(apiKey) ?? new Set());
		record.usage = reply.usage;
		if (body.stream) await streamReply(response, requestId, scenario, body, reply, record);
		else await sendWholeReply(response, requestId, scenario, body, reply);
	}

	async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
		const url = new URL(request.url ?? "/", "http://stand-in");
		const headersAt = preciseNow();
		const rawBody = await readBody(request);

		if (url.pathname === "/__control" && request.method === "POST") {
			const control = parseJson(rawBody);
			if (!isRecord(control) || typeof control.apiKey !== "string" || control.apiKey === "" || !isScenario(control.scenario)) {
				return sendJson(response, 400, { error: "expected { apiKey: string, scenario: { kind: 'reply' | 'error' | 'stall' | 'mix', ... } }" });
			}
			setScenario(control.apiKey, control.scenario);
			return sendJson(response, 200, { ok: true });
		}
		if (url.pathname === "/__requests" && request.method === "GET") {
			return sendJson(response, 200, { requests: received.get(url.searchParams.get("apiKey") ?? "") ?? [] });
		}

		const record: ReceivedRequest = {
			headersAt,
			receivedAt: preciseNow(),
			firstTokenAt: null,
			method: request.method ?? "",
			path: url.pathname,
			headers: headerRecord(request),
			body: parseJson(rawBody),
			status: 200,
			closedEarly: false,
			outcome: null,
			usage: null,
		};
		response.once("close", () => {
			record.closedEarly = !response.writableFinished;
		});
		received.get(apiKeyOf(request) ?? "")?.push(record);

		if (url.pathname !== "/v1/messages") {
			record.status = 404;
			return sendError(response, randomId("req_"), 404, "not_found_error", `Not found: ${url.pathname}`);
		}
		if (request.method !== "POST") {
			record.status = 405;
			return sendError(response, randomId("req_"), 405, "invalid_request_error", `Method ${request.method} not allowed`);
		}
		await handleMessages(request, response, record, rawBody);
	}

	const server: Server = createServer((request, response) => {
		handle(request, response).catch((error: unknown) => {
			if (!response.headersSent) sendError(response, randomId("req_"), 500, "api_error", String(error));
			else response.destroy();
		});
	});
	await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
	const { port } = server.address() as AddressInfo;

	return {
		port,
		url: `http://127.0.0.1:${port}`,
		setScenario,
		requests: (apiKey) => received.get(apiKey) ?? [],
		close: () =>
			new Promise<void>((resolve) => {
				// Stalled streams would otherwise keep the server open forever.
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
