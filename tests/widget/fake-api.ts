import type { ConversationState, LiveEvent, Message, SendMessageRequest, WidgetSettings } from "../../shared/protocol.ts";
import { ApiError } from "../../shared/api-error.ts";
import type { Api } from "../../widget/api.ts";

const OPEN: ConversationState = { owner: "ai", status: "open", contactRequested: false, rated: false };
const RESOLVED: ConversationState = { owner: "ai", status: "resolved", contactRequested: false, rated: false };

export const SETTINGS: WidgetSettings = {
	title: "Fernleaf Support",
	assistantName: "Fern",
	disclosure: "You're chatting with Fern, an AI assistant.",
	greeting: null,
	pageGreetings: [],
	color: "#1d4ed8",
	position: "right",
	zIndex: 2147483000,
	locale: null,
	avatarUrl: null,
};

/**
 * An in-memory stand-in for the worker's HTTP API, so component tests exercise the widget alone.
 * `streamGate` lets a test hold the stream between tokens.
 */
export function fakeApi(streamGate: () => Promise<void> = async () => {}) {
	const conversations = new Map<string, Message[]>();
	/** Conversations the team resolved (resolve() below), which stay resolved as the customer writes again, as at the worker. */
	const resolved = new Set<string>();
	const stateOf = (id: string) => (resolved.has(id) ? RESOLVED : OPEN);
	const calls: string[] = [];
	let started = 0;
	const append = (id: string, message: Omit<Message, "seq" | "createdAt">) => {
		const list = conversations.get(id) ?? [];
		const stored = { ...message, seq: list.length + 1, createdAt: new Date(0).toISOString() } as Message;
		list.push(stored);
		conversations.set(id, list);
		return stored;
	};
	const existing = (id: string) => {
		const list = conversations.get(id);
		if (!list) throw new ApiError(404, "not_found", "No conversation has this id.");
		return list;
	};

	const api: Api = {
		settings: async () => {
			calls.push("settings");
			return SETTINGS;
		},
		start: async () => {
			calls.push("start");
			const id = `c${++started}`;
			const disclosure = append(id, { role: "system", kind: "disclosure", text: SETTINGS.disclosure });
			return { conversation: { id, token: `token-${id}`, createdAt: disclosure.createdAt }, messages: [disclosure] };
		},
		send: async (key, body: SendMessageRequest, onEvent) => {
			calls.push(`send:${body.text}`);
			existing(key.id);
			const message = append(key.id, { role: "customer", kind: "text", text: body.text, clientMessageId: body.clientMessageId });
			onEvent({ event: "message", data: message });
			const reply = `echo: ${body.text}`;
			for (const word of reply.split(/(?<= )/)) {
				await streamGate();
				onEvent({ event: "delta", data: { text: word } });
			}
			onEvent({ event: "reply", data: append(key.id, { role: "assistant", kind: "text", text: reply, replyTo: message.seq, quickReplies: body.text === "menu" ? ["Track my order", "Talk to a human"] : undefined }) });
			onEvent({ event: "done", data: { duplicate: false, state: stateOf(key.id) } });
		},
		read: async (key, after) => {
			calls.push(`read:${after}`);
			const list = existing(key.id);
			return { messages: list.filter((m) => m.seq > after), lastSeq: list.length, state: stateOf(key.id) };
		},
		requestHuman: async (key) => {
			calls.push("requestHuman");
			existing(key.id);
			return {
				message: append(key.id, { role: "system", kind: "handoff_requested", text: "You asked to talk to a person." }),
				state: { owner: "human", status: "handed_off", contactRequested: true, rated: false },
			};
		},
		setContact: async (key, email) => {
			calls.push(`contact:${email}`);
			existing(key.id);
			return { state: { owner: "human", status: "handed_off", contactRequested: false, rated: false } };
		},
		rate: async (key, rating) => {
			calls.push(`rate:${rating}`);
			existing(key.id);
			return { rating, state: { ...RESOLVED, rated: true } };
		},
		identify: async (identity) => {
			calls.push(`identify:${identity.id}`);
			if (identity.hash !== "a".repeat(64)) throw new ApiError(401, "unauthorized", "This identity's hash does not match.");
			return { verified: true, name: identity.name ?? null };
		},
		liveUrl: (key, after) => `ws://fake/${key.id}?after=${after}`,
	};
	/** The team resolves a conversation, as through the agent API: its notice and state, for the test to push over the live channel. */
	const resolve = (id: string) => {
		resolved.add(id);
		return { message: append(id, { role: "system", kind: "resolved", text: "Our team marked this conversation as resolved." }), state: RESOLVED };
	};
	return { api, calls, conversations, resolve };
}

/** A live channel the test drives: `push` delivers an event as the worker's WebSocket would. */
export function fakeLive() {
	const listeners: Array<(event: LiveEvent) => void> = [];
	const urls: string[] = [];
	let urlOf: (() => string) | undefined;
	return {
		urls,
		push: (event: LiveEvent) => listeners.forEach((listener) => listener(event)),
		/** The socket dropped and connects again: the channel asks the widget where to resume from. */
		reconnect: () => urlOf && urls.push(urlOf()),
		open: (url: () => string, onEvent: (event: LiveEvent) => void) => {
			urlOf = url;
			urls.push(url());
			listeners.push(onEvent);
			return { close() {} };
		},
	};
}
