import { batch, signal } from "@preact/signals";
import type { ConversationState, LiveEvent, Message, Page, SendEvent, WidgetSettings } from "../shared/protocol.ts";
import { ApiError } from "../shared/api-error.ts";
import type { Api, ConversationKey } from "./api.ts";
import { newClientMessageId } from "./lib/client-message-id.ts";
import { openLiveChannel } from "./lib/live-channel.ts";
import { loadConversation, saveConversation } from "./lib/conversation-storage.ts";
import { mergeMessages } from "./lib/merge-messages.ts";

export interface PendingMessage {
	clientMessageId: string;
	text: string;
}

/** What went wrong, for the UI to explain in the customer's language. */
export type Problem = "load_failed" | "send_failed" | "handoff_failed" | "contact_failed";

const INITIAL_STATE: ConversationState = { owner: "ai", status: "open", contactRequested: false };

export type Chat = ReturnType<typeof createChat>;

/** The widget's state (signals) and everything the customer can do to it. */
export function createChat(options: { api: Api; apiBase: string; page: () => Page | undefined; live?: typeof openLiveChannel }) {
	const { api, apiBase } = options;
	const openLive = options.live ?? openLiveChannel;
	const state = {
		open: signal(false),
		settings: signal<WidgetSettings | null>(null),
		messages: signal<Message[]>([]),
		pending: signal<PendingMessage[]>([]),
		/** True from sending a message until its replies are stored. */
		awaitingReply: signal(false),
		/** Claude's reply as it streams in, until the stored reply replaces it. */
		draft: signal<string | null>(null),
		problem: signal<Problem | null>(null),
		/** Who answers now (the AI or a person), and whether to ask for an e-mail address. */
		conversation: signal<ConversationState>(INITIAL_STATE),
	};
	let conversation = loadConversation(apiBase);
	let creating: Promise<ConversationKey> | null = null;
	let loaded: Promise<void> | null = null;
	let live: { close(): void } | null = null;
	// Sends run one after another so the worker stores them in the order they were typed.
	let sendQueue: Promise<void> = Promise.resolve();

	const lastSeq = () => state.messages.value.at(-1)?.seq ?? 0;
	const addMessages = (messages: Message[]) => {
		state.messages.value = mergeMessages(state.messages.value, messages);
	};

	function forget() {
		conversation = null;
		saveConversation(apiBase, null);
	}

	function onLiveEvent(event: LiveEvent) {
		if (event.type === "message") addMessages([event.message]);
		else state.conversation.value = event.state;
	}

	/** Agent replies arrive over the live channel while the widget is open on a conversation. */
	function goLive(key: ConversationKey) {
		live ??= openLive(() => api.liveUrl(key, lastSeq()), onLiveEvent);
	}

	async function loadHistory(key: ConversationKey) {
		try {
			let page;
			do {
				page = await api.read(key, lastSeq());
				addMessages(page.messages);
				state.conversation.value = page.state;
			} while (page.messages.length > 0 && lastSeq() < page.lastSeq);
		} catch (error) {
			// A conversation the worker no longer knows (erased, or another token) starts afresh.
			if (error instanceof ApiError && (error.status === 404 || error.status === 401)) forget();
			else throw error;
		}
	}

	/** Loads settings and the stored conversation once; safe to call on every open. */
	function load(): Promise<void> {
		loaded ??= (async () => {
			const [settings] = await Promise.all([api.settings(), conversation ? loadHistory(conversation) : null]);
			state.settings.value = settings;
			if (conversation) goLive(conversation);
		})().catch((error) => {
			loaded = null;
			throw error;
		});
		return loaded;
	}

	async function createConversation(): Promise<ConversationKey> {
		const created = await api.start({ page: options.page(), locale: navigator.language || undefined });
		conversation = { id: created.conversation.id, token: created.conversation.token };
		saveConversation(apiBase, conversation);
		addMessages(created.messages);
		goLive(conversation);
		return conversation;
	}

	function ensureConversation(): Promise<ConversationKey> {
		if (conversation) return Promise.resolve(conversation);
		creating ??= createConversation().finally(() => (creating = null));
		return creating;
	}

	const withoutPending = (pending: PendingMessage) => {
		state.pending.value = state.pending.value.filter((item) => item !== pending);
	};

	function onSendEvent(pending: PendingMessage, event: SendEvent) {
		batch(() => {
			if (event.event === "delta") {
				state.draft.value = (state.draft.value ?? "") + event.data.text;
			} else if (event.event === "message") {
				addMessages([event.data]);
				withoutPending(pending);
			} else if (event.event === "reply") {
				addMessages([event.data]);
				state.draft.value = null;
			} else {
				state.conversation.value = event.data.state;
			}
		});
	}

	async function deliver(pending: PendingMessage): Promise<void> {
		state.awaitingReply.value = true;
		try {
			const key = await ensureConversation();
			await api.send(key, { clientMessageId: pending.clientMessageId, text: pending.text, page: options.page() }, (event) => onSendEvent(pending, event));
		} catch {
			state.problem.value = "send_failed";
		} finally {
			batch(() => {
				withoutPending(pending);
				state.draft.value = null;
				state.awaitingReply.value = false;
			});
		}
	}

	function send(text: string): Promise<void> {
		const trimmed = text.trim();
		if (!trimmed) return sendQueue;
		const pending = { clientMessageId: newClientMessageId(), text: trimmed };
		batch(() => {
			state.pending.value = [...state.pending.value, pending];
			state.problem.value = null;
		});
		sendQueue = sendQueue.then(() => deliver(pending));
		return sendQueue;
	}

	async function requestHuman(): Promise<void> {
		try {
			const key = await ensureConversation();
			const { message, state: conversationState } = await api.requestHuman(key);
			batch(() => {
				addMessages([message]);
				state.conversation.value = conversationState;
			});
		} catch {
			state.problem.value = "handoff_failed";
		}
	}

	async function setContact(email: string): Promise<boolean> {
		try {
			const key = await ensureConversation();
			state.conversation.value = (await api.setContact(key, email)).state;
			return true;
		} catch {
			state.problem.value = "contact_failed";
			return false;
		}
	}

	return {
		state,
		load,
		send,
		requestHuman,
		setContact,
		setOpen(open: boolean) {
			state.open.value = open;
			if (open) load().catch(() => (state.problem.value = "load_failed"));
		},
	};
}
