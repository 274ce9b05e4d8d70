import { ApiError } from "../shared/api-error.ts";
import type { ConversationCreated, CreateConversationRequest, ErrorBody, Message, MessagePage, MessageSent, SendMessageRequest, WidgetSettings } from "../shared/protocol.ts";

export interface ConversationKey {
	id: string;
	token: string;
}

export type Api = ReturnType<typeof createApi>;

export function createApi(base: string, fetchImpl: typeof fetch = (...args) => fetch(...args)) {
	async function request<T>(path: string, init: { method?: string; body?: unknown; token?: string } = {}): Promise<T> {
		const headers: Record<string, string> = {};
		if (init.body !== undefined) headers["Content-Type"] = "application/json";
		if (init.token) headers.Authorization = `Bearer ${init.token}`;
		let response: Response;
		try {
			response = await fetchImpl(`${base}/v1${path}`, { method: init.method ?? "GET", headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
		} catch {
			throw new ApiError(0, "network_error", "The network is unavailable.");
		}
		if (response.ok) return response.json() as Promise<T>;
		const error = ((await response.json().catch(() => null)) as ErrorBody | null)?.error;
		throw new ApiError(response.status, error?.code ?? "http_error", error?.message ?? response.statusText);
	}

	return {
		settings: () => request<WidgetSettings>("/widget-settings"),
		start: (body: CreateConversationRequest) => request<ConversationCreated>("/conversations", { method: "POST", body }),
		send: (key: ConversationKey, body: SendMessageRequest) => request<MessageSent>(`/conversations/${key.id}/messages`, { method: "POST", body, token: key.token }),
		read: (key: ConversationKey, after: number) => request<MessagePage>(`/conversations/${key.id}/messages?after=${after}`, { token: key.token }),
		requestHuman: (key: ConversationKey) => request<{ message: Message }>(`/conversations/${key.id}/handoff`, { method: "POST", token: key.token }),
	};
}
