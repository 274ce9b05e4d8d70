import { ApiError } from "../shared/api-error.ts";
import type { ContactSaved, ConversationCreated, CreateConversationRequest, ErrorBody, HandoffRequested, Identity, IdentityVerified, MessagePage, RatingSaved, SendEvent, SendMessageRequest, WidgetSettings } from "../shared/protocol.ts";
import { readSse } from "./lib/sse.ts";

export interface ConversationKey {
	id: string;
	token: string;
	/** The verified customer it was started for, if any: another one signing in on this browser starts afresh. */
	customerId?: string;
	/** The greeting shown when it started ("" for none), kept above its messages on every page after. */
	greeting?: string;
}

export type Api = ReturnType<typeof createApi>;

interface CallOptions {
	method?: string;
	body?: unknown;
	token?: string;
	accept?: string;
}

/** The request or its answer did not get through; the widget says so in the customer's language. */
const networkError = () => new ApiError(0, "network_error", "");

export function createApi(base: string) {
	async function call(path: string, options: CallOptions = {}): Promise<Response> {
		const headers: Record<string, string> = { Accept: options.accept ?? "application/json" };
		if (options.body !== undefined) headers["Content-Type"] = "application/json";
		if (options.token) headers.Authorization = `Bearer ${options.token}`;
		let response: Response;
		try {
			// No body (a GET, the hand-off request) stays none: JSON.stringify(undefined) is undefined.
			response = await fetch(`${base}/v1${path}`, { method: options.method, headers, body: JSON.stringify(options.body) });
		} catch {
			throw networkError();
		}
		if (response.ok) return response;
		const error = ((await response.json().catch(() => null)) as ErrorBody | null)?.error;
		const retryAfter = Number(response.headers.get("Retry-After"));
		// The widget words every problem itself, in the customer's language: the worker's message is for the site's developer
		// (the console, where identify() tells why an identity was refused).
		throw new ApiError(response.status, error?.code ?? "http_error", error?.message ?? "", retryAfter > 0 ? retryAfter : null);
	}

	const request = async <T>(path: string, options?: CallOptions): Promise<T> => (await call(path, options)).json() as Promise<T>;
	/** A request about one conversation, made with its token. */
	const inConversation = <T>(key: ConversationKey, path: string, options: CallOptions = {}) => request<T>(`/conversations/${key.id}${path}`, { ...options, token: key.token });

	return {
		settings: () => request<WidgetSettings>("/widget-settings"),
		start: (body: CreateConversationRequest) => request<ConversationCreated>("/conversations", { method: "POST", body }),
		/** Sends a message and streams the exchange: the stored message, the reply's tokens, the stored replies. */
		send: async (key: ConversationKey, body: SendMessageRequest, onEvent: (event: SendEvent) => void) => {
			const response = await call(`/conversations/${key.id}/messages`, { method: "POST", body, token: key.token, accept: "text/event-stream" });
			if (!response.body) throw networkError();
			await readSse(response.body, onEvent);
		},
		read: (key: ConversationKey, after: number) => inConversation<MessagePage>(key, `/messages?after=${after}`),
		requestHuman: (key: ConversationKey) => inConversation<HandoffRequested>(key, "/handoff", { method: "POST" }),
		setContact: (key: ConversationKey, email: string) => inConversation<ContactSaved>(key, "/contact", { method: "POST", body: { email } }),
		rate: (key: ConversationKey, rating: number, comment: string) => inConversation<RatingSaved>(key, "/rating", { method: "POST", body: { rating, comment: comment || undefined } }),
		identify: (identity: Identity) => request<IdentityVerified>("/identity", { method: "POST", body: identity }),
		liveUrl: (key: ConversationKey, after: number) => `${base.replace(/^http/, "ws")}/v1/conversations/${key.id}/live?after=${after}`,
	};
}
