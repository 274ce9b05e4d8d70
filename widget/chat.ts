import { signal } from "@preact/signals-core";
import { ApiError } from "../shared/api-error.ts";
import { type ConversationState, type Identity, type LiveEvent, liveProtocols, type Message, type Page, type SendEvent, type WidgetSettings } from "../shared/protocol.ts";
import type { Api, ConversationKey } from "./api.ts";
import { supportedLocale } from "./i18n/strings.ts";
import { newClientMessageId } from "./lib/client-message-id.ts";
import { loadConversation, onConversationSaved, saveConversation } from "./lib/conversation-storage.ts";
import { createEmitter } from "./lib/emitter.ts";
import { openLiveChannel } from "./lib/live-channel.ts";
import { mergeMessages } from "./lib/merge-messages.ts";
import { greetingFor, type TagSettings } from "./lib/settings.ts";

export interface PendingMessage {
	clientMessageId: string;
	text: string;
	/** Sending now, waiting for the network to come back, or failed (the customer can retry unless it was refused). */
	status: "sending" | "queued" | "failed";
	/** For a message refused for good, the worker's error code: why no retry would pass. */
	refusal?: string;
}

/** Refusals that no retry can pass: a malformed or too long message, a reused id. */
const isRefusal = (error: ApiError) => error.status === 400 || error.status === 409 || error.status === 413;

/**
 * The worker no longer opens this conversation for this token: erased, expired, or never this browser's; or it
 * takes no more (its message limit): the customer goes on in a new one, as the worker's own error asks.
 */
const isGone = (error: unknown) => error instanceof ApiError && (error.status === 404 || error.status === 401 || error.code === "conversation_full");

/** What went wrong, for the UI to explain in the customer's language. */
export type Problem = "load_failed" | "send_failed" | "handoff_failed" | "contact_failed" | "rating_failed";

export interface ChatEvents extends Record<string, unknown> {
	open: undefined;
	close: undefined;
	message: Message;
	handoff: ConversationState;
}

const INITIAL_STATE: ConversationState = { owner: "ai", status: "open", contactRequested: false, rated: false };

export interface ChatOptions {
	api: Api;
	apiBase: string;
	page: () => Page | undefined;
	/** From the script tag's data- attributes; they win over the site config. */
	tagSettings?: TagSettings;
	live?: typeof openLiveChannel;
}

export type Chat = ReturnType<typeof createChat>;

/** Shares one run of `task` among its callers; after a failure, the next call runs it again. */
function once<T>(task: () => Promise<T>): () => Promise<T> {
	let running: Promise<T> | null = null;
	return () =>
		(running ??= task().catch((error) => {
			running = null;
			throw error;
		}));
}

/** The widget's state (signals) and everything the customer and the host page can do to it. */
export function createChat(options: ChatOptions) {
	const { api, apiBase } = options;
	const openLive = options.live ?? openLiveChannel;
	const events = createEmitter<ChatEvents>();
	const state = {
		open: signal(false),
		settings: signal<WidgetSettings | null>(null),
		messages: signal<Message[]>([]),
		/** Typed messages not yet stored by the worker, in the order they were typed. */
		pending: signal<PendingMessage[]>([]),
		/** True from sending a message until its replies are stored. */
		awaitingReply: signal(false),
		/** Claude's reply as it streams in, until the stored reply replaces it. */
		draft: signal<string | null>(null),
		problem: signal<Problem | null>(null),
		/** Seconds to wait after the worker's 429, while it applies. */
		waitSeconds: signal<number | null>(null),
		/** Who answers now (the AI or a person), and whether to ask for an e-mail address. */
		conversation: signal<ConversationState>(INITIAL_STATE),
		/** Replies that arrived while the panel was closed. */
		unread: signal(0),
		/** The name of a customer whose identity the worker verified: only then is the widget personal. */
		verifiedName: signal<string | null>(null),
	};
	let conversation = loadConversation(apiBase);
	let identity: Identity | null = null;
	let creating: Promise<ConversationKey> | null = null;
	/** Moves on each time the widget leaves a conversation or a customer is identified: a start from before is for nobody here. */
	let generation = 0;
	/** Moves on at each reset(): a message or request sent after one was the previous customer's. */
	let resets = 0;
	/** The latest identify() call, none after a reset(): only its answer counts, even after another for the same customer. */
	let asked: object | null = null;
	let live: { close(): void } | null = null;
	/** The seqs of the conversation on screen told to the host page. */
	const told = new Set<number>();
	let flushing: Promise<void> | null = null;
	let waitOver: ReturnType<typeof setTimeout> | undefined;
	/** What the customer has typed and not sent: kept while the panel is closed, as a slip of Escape would lose it. */
	const unsent = { text: "" };

	// The last message known with none missing before it: a reconnect catches up from there, so one stored
	// while the socket was down (an agent's reply) is not skipped for a later one the send brought back.
	// The messages are in seq order, one of each: the first gap is where one's seq is not its place in the list.
	const lastSeq = () => {
		let seq = 0;
		while (state.messages.value[seq]?.seq === seq + 1) seq++;
		return seq;
	};

	/**
	 * Stored messages, new to the page unless `history`: only those are told to the host page, once each. One that
	 * history brought first is still told when its send or the live channel brings it (a read racing the send).
	 */
	function addMessages(messages: Message[], history?: boolean) {
		const known = new Set(state.messages.value.map((message) => message.seq));
		state.messages.value = mergeMessages(state.messages.value, messages);
		for (const message of messages) {
			const fresh = !known.has(message.seq);
			// Stored, its pending bubble goes: the live channel can bring it before the send's own answer does.
			if (fresh && message.role === "customer") updatePending(message, null);
			// The panel shows the disclosure before any conversation: one started as the customer typed, then
			// closed the panel, has nothing unread.
			else if (fresh && !history && !state.open.value && message.kind !== "disclosure") state.unread.value++;
			// The live channel can bring a stored reply before the stream that wrote it ends: its draft goes, or it shows twice.
			if (fresh && message.role === "assistant") state.draft.value = null;
			if (!history && !told.has(message.seq)) {
				told.add(message.seq);
				events.emit("message", message);
			}
		}
	}

	// State events the live channel brought: an answer's state is older than one the live channel brought while it
	// travelled (a hand-off's answer arriving after the resolve that followed it), and is left out.
	let liveStates = 0;

	function setState(next: ConversationState, since = liveStates) {
		if (since !== liveStates) return;
		const handedOff = next.owner === "human" && state.conversation.value.owner !== "human";
		state.conversation.value = next;
		if (handedOff) events.emit("handoff", next);
	}

	/** Whether `key` is still the conversation on screen: what comes for one left since is not for who is here now. */
	const isCurrent = (key: ConversationKey) => key.id === conversation?.id;

	/** `gone`: the worker no longer knows it, which other tabs must not take for a sign-out. */
	function forget(gone?: boolean) {
		conversation = null;
		saveConversation(apiBase, null, gone);
	}

	/**
	 * A conversation belongs to the first verified customer seen with it (one who chatted, then signed in,
	 * keeps theirs); another customer on this browser, as on a shared computer, must not see it.
	 */
	function keepConversationFor(customerId: string) {
		if (!conversation) {
			// A conversation starting now is left for one started for this customer.
			generation++;
			return;
		}
		if (conversation.customerId === undefined) {
			conversation = { ...conversation, customerId };
			saveConversation(apiBase, conversation);
		} else if (conversation.customerId !== customerId) {
			startAfresh();
		}
	}

	/** Leaves the conversation on screen for a new one: what the customer types next starts it. */
	function startAfresh(gone?: boolean) {
		forget(gone);
		leave();
	}

	/** reset() in this tab only: the customer signed out in another tab. */
	function resetHere() {
		identity = asked = null;
		unsent.text = "";
		resets++;
		endWait();
		state.verifiedName.value = null;
		state.pending.value = [];
		leave();
	}

	/** Leaves the conversation on screen, in this tab only. */
	function leave() {
		conversation = null;
		generation++;
		live?.close();
		live = null;
		state.messages.value = [];
		told.clear();
		// A reply half streamed is the conversation left's too: its stream's own events are dropped (isCurrent).
		state.draft.value = null;
		state.awaitingReply.value = false;
		state.conversation.value = INITIAL_STATE;
		state.unread.value = 0;
		state.problem.value = null;
		load = loader();
	}

	// Another tab started, changed or forgot the conversation: this one shows the same, so that tabs never keep
	// two apart, and a reset() in one (a sign-out) leaves the previous customer's conversation in none.
	function followOtherTabs(signedOut: boolean) {
		const stored = loadConversation(apiBase);
		// A sign-out there, or another customer's conversation (identified there): the identity, typed text and unsent
		// messages of the customer here go too, and nothing of theirs reaches the other's conversation.
		if (signedOut || (identity && stored?.customerId !== undefined && stored.customerId !== identity.id)) resetHere();
		// Another conversation, or none: one the worker no longer knows was forgotten there, and the next message starts anew.
		const another = stored?.id !== conversation?.id;
		if (another) leave();
		conversation = stored;
		// Shown in full as when the panel opens; after a failure, loaded again at the next open, send or retry.
		if (another && stored) load().catch(() => (state.problem.value = "load_failed"));
	}
	onConversationSaved(apiBase, followOtherTabs);
	// A page the browser kept and brings back (Back, Forward) heard nothing meanwhile: it catches up with a change since
	// it was hidden, a conversation gone meanwhile being taken for a sign-out, the safe reading.
	let hiddenWith: string | undefined;
	addEventListener("pagehide", () => (hiddenWith = loadConversation(apiBase)?.id));
	addEventListener("pageshow", (event) => {
		const now = loadConversation(apiBase)?.id;
		if (event.persisted && now !== hiddenWith) followOtherTabs(!now);
	});

	function onLiveEvent(event: LiveEvent) {
		if (event.type === "message") return addMessages([event.message]);
		liveStates++;
		setState(event.state);
		// The live channel sends the state on every (re)connection: the worker is reachable again, so what waited for it goes
		// now; but not what waits out a 429, which would only be refused again.
		if (nextToSend()?.status === "queued" && state.waitSeconds.value === null) flush();
	}

	/** Agent replies arrive over the live channel while the page has a conversation. */
	function goLive(key: ConversationKey) {
		live ??= openLive(() => api.liveUrl(key, lastSeq()), onLiveEvent, liveProtocols(key.token));
	}

	async function loadHistory(key: ConversationKey) {
		try {
			let page;
			do {
				page = await api.read(key, lastSeq());
				if (!isCurrent(key)) return;
				addMessages(page.messages, true);
				// Not a hand-off happening now, to tell the host page about: the state it was left in.
				state.conversation.value = page.state;
			} while (page.messages.length > 0 && lastSeq() < page.lastSeq);
		} catch (error) {
			if (!isGone(error)) throw error;
			// A conversation the worker no longer knows (erased, or another token) starts afresh, unless already left.
			if (isCurrent(key)) forget(true);
		}
	}

	/**
	 * The site config's widget settings with the script tag's on top, fetched once, and the language the
	 * widget speaks: the tag's, else the site's, else the browser's, the first of them it has strings for.
	 */
	const loadSettings = once(async () => {
		const settings = await api.settings();
		const locale = supportedLocale([options.tagSettings?.locale, settings.locale, navigator.language]);
		return (state.settings.value = { ...settings, ...options.tagSettings, locale });
	});

	/** Loads settings and the conversation on screen once, and again for another one taken up; safe to call on every open. */
	const loader = () =>
		once(async () => {
			await Promise.all([loadSettings(), conversation ? loadHistory(conversation) : null]);
			if (conversation) goLive(conversation);
		});
	let load = loader();

	async function createConversation(): Promise<ConversationKey> {
		// The conversation is in the widget's language (the worker writes its notices in it), not the browser's.
		const settings = await loadSettings();
		const started = generation;
		const customer = identity;
		const created = await api.start({ page: options.page(), locale: settings.locale, identity: customer ?? undefined });
		// Signed out, or a customer identified, while it started (as they typed): it is not for who is here now.
		// Another tab's conversation taken up meanwhile is the one to use.
		if (started !== generation) return conversation ?? createConversation();
		// Kept for the customer the worker verified it for, whatever identify() said since (a forged identity clears it).
		conversation = { id: created.conversation.id, token: created.conversation.token, customerId: customer?.id, greeting: greetingFor(settings, location.pathname) ?? "" };
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

	// By client id: each status change replaces the pending object, so identity cannot find it.
	function updatePending(item: { clientMessageId?: string }, status: PendingMessage["status"] | null, refusal?: string) {
		const same = (pending: PendingMessage) => pending.clientMessageId === item.clientMessageId;
		state.pending.value = status === null ? state.pending.value.filter((pending) => !same(pending)) : state.pending.value.map((pending) => (same(pending) ? { ...pending, status, refusal } : pending));
	}

	const nextToSend = () => state.pending.value.find((pending) => !pending.refusal);

	function onSendEvent(event: SendEvent) {
		if (event.event === "delta") {
			state.draft.value = (state.draft.value ?? "") + event.data.text;
		} else if (event.event === "message") {
			addMessages([event.data]);
		} else if (event.event === "reply") {
			addMessages([event.data]);
			state.draft.value = null;
			// The reply is here: no typing indicator while the stream closes.
			state.awaitingReply.value = false;
		} else {
			setState(event.data.state);
		}
	}

	async function deliver(item: PendingMessage): Promise<void> {
		updatePending(item, "sending");
		// A person has the conversation: the AI will not answer, so it is not shown typing.
		state.awaitingReply.value = state.conversation.value.owner === "ai";
		const at = resets;
		let key: ConversationKey | undefined;
		try {
			key = await ensureConversation();
			// Signed out (reset()) while the conversation started: the message was the previous customer's.
			if (at !== resets) return;
			const sentTo = key;
			await api.send(key, { clientMessageId: item.clientMessageId, text: item.text, page: options.page() }, (event) => isCurrent(sentTo) && onSendEvent(event));
		} catch (error) {
			// One the worker no longer knows gives way to a new one; but not one this tab took up since (another tab's).
			if (isGone(error) && key && isCurrent(key)) startAfresh(true);
			throw error;
		} finally {
			state.draft.value = null;
			state.awaitingReply.value = false;
		}
	}

	/**
	 * Sends what is pending, oldest first, and stops at the first failure that may pass, so the worker
	 * never stores messages out of order. A resend reuses the message's client id, so one the worker
	 * already stored is not stored twice. A message refused for good is set aside, marked not sent, so it
	 * holds up none typed after it; a conversation the worker no longer opens gives way to a new one, once.
	 */
	function flush(): Promise<void> {
		// The history and live channel too, should they have failed to load as the panel opened.
		load().catch(() => {});
		flushing ??= (async () => {
			let startedAfresh = false;
			for (let item = nextToSend(); item; item = nextToSend()) {
				const at = resets;
				try {
					await deliver(item);
					updatePending(item, null);
					endWait();
				} catch (error) {
					// Signed out (reset()) meanwhile: the message was the previous customer's, and so is what became of it.
					if (at !== resets) return;
					// Sent again, to the conversation on screen now (see deliver).
					if (isGone(error) && !startedAfresh) {
						startedAfresh = true;
						continue;
					}
					// Anything but the worker's answer (no network, a stream cut short) waits to be sent again.
					if (!(error instanceof ApiError) || error.status === 0) return updatePending(item, "queued");
					if (isRefusal(error)) {
						updatePending(item, "failed", error.code);
						// Back in the message box to shorten, unless something new is typed there: marked not sent, it could only be typed again.
						if (error.code === "message_too_long" && !unsent.text) unsent.text = item.text;
						continue;
					}
					// Held for the wait the worker asked for, it is sent by itself after: waiting to send, not failed.
					updatePending(item, error.retryAfterSeconds ? "queued" : "failed");
					if (error.retryAfterSeconds) askToWait(error.retryAfterSeconds);
					else state.problem.value = "send_failed";
					return;
				}
			}
		})().finally(() => (flushing = null));
		return flushing;
	}

	/**
	 * Asks the customer to wait as long as the worker said, and no longer, then sends what waited: nothing tells them to
	 * press Retry. Not a countdown: the notice is an alert, and a screen reader would read it out again every second.
	 * A send that goes through, a retry or reset() end it sooner.
	 */
	function askToWait(seconds: number) {
		clearTimeout(waitOver);
		state.waitSeconds.value = seconds;
		waitOver = setTimeout(retry, seconds * 1000);
	}

	function endWait() {
		clearTimeout(waitOver);
		state.waitSeconds.value = null;
	}

	function send(text: string): Promise<void> {
		const trimmed = text.trim();
		// A refused message stays, marked not sent, until the customer writes again.
		const kept = state.pending.value.filter((pending) => !pending.refusal);
		// Sending at once unless an earlier one waits to be retried: a live region would otherwise hear "waiting" first.
		const status = kept.some((pending) => pending.status !== "sending") ? "queued" : "sending";
		state.pending.value = [...kept, { clientMessageId: newClientMessageId(), text: trimmed, status }];
		state.problem.value = null;
		// A send while another is in flight joins the same ordered run.
		return (flushing ?? Promise.resolve()).then(flush);
	}

	function retry(): Promise<void> {
		state.problem.value = null;
		endWait();
		return flush();
	}

	/**
	 * A request about the conversation on screen. Its answer, what `request` returns to apply, and its failure
	 * count only while that conversation still is: after a reset() they are nobody's here now.
	 */
	async function attempt(problem: Problem, request: (key: ConversationKey) => Promise<() => void>): Promise<boolean> {
		let key: ConversationKey | undefined;
		const at = resets;
		try {
			key = await ensureConversation();
			// Signed out (reset()) while the conversation started: the request was the previous customer's.
			if (at !== resets) return false;
			const apply = await request(key);
			// What failed before (the same request, most often) is no longer so: its message would contradict the screen.
			if (isCurrent(key)) apply(), (state.problem.value = null);
			return true;
		} catch (error) {
			if (key && !isCurrent(key)) return false;
			// The next message starts a new conversation, if the worker no longer opens this one.
			if (isGone(error)) startAfresh(true);
			state.problem.value = problem;
			return false;
		}
	}

	return {
		state,
		unsent,
		on: events.on,
		load: () => load(),
		loadSettings,
		/** The greeting above the messages: the one shown when the conversation started, on whatever page it goes on. */
		greeting: (settings: WidgetSettings) => conversation?.greeting ?? greetingFor(settings, location.pathname),
		send,
		/**
		 * What the customer types, kept here. The first keystroke of a message starts the conversation, so that
		 * the message does not wait for the start; one that fails is tried again when they send, not at every key.
		 */
		type(text: string) {
			if (!unsent.text) ensureConversation().catch(() => {});
			unsent.text = text;
		},
		retry,
		requestHuman: () =>
			attempt("handoff_failed", async (key) => {
				const since = liveStates;
				const result = await api.requestHuman(key);
				return () => {
					addMessages([result.message]);
					setState(result.state, since);
				};
			}),
		setContact: (email: string) =>
			attempt("contact_failed", async (key) => {
				const since = liveStates;
				const { state: next } = await api.setContact(key, email);
				return () => setState(next, since);
			}),
		rate: (rating: number, comment: string) =>
			attempt("rating_failed", async (key) => {
				const since = liveStates;
				const { state: next } = await api.rate(key, rating, comment);
				return () => setState(next, since);
			}),
		/**
		 * Frontdesk.reset(), for a sign-out on a shared computer: forgets the conversation, who the customer was and
		 * what they had not sent yet, so the next person here starts afresh.
		 */
		reset() {
			forget();
			resetHere();
		},
		/** Frontdesk.identify(): personal only once the worker has verified the hash. */
		async identify(claimed: Identity): Promise<boolean> {
			const ask = (asked = {});
			try {
				const verified = await api.identify(claimed);
				if (ask !== asked) return false;
				keepConversationFor(claimed.id);
				identity = claimed;
				state.verifiedName.value = verified.name;
				return true;
			} catch (error) {
				// The worker names the field or the hash that is wrong: the site's developer reads it in the console.
				if (error instanceof ApiError && error.status) console.warn(`Frontdesk.identify(): ${error.message}`);
				// Unless identify() was called again since, for this customer too: this failure is not the latest word.
				if (ask === asked) identity = state.verifiedName.value = null;
				return false;
			}
		},
		setOpen(open: boolean) {
			if (open === state.open.value) return;
			state.open.value = open;
			// Opened again, the chat starts with no word of what failed before: what fails now says so again.
			if (open) (state.unread.value = 0), (state.problem.value = null);
			events.emit(open ? "open" : "close", undefined);
			if (open) load().catch(() => (state.problem.value = "load_failed"));
		},
	};
}
