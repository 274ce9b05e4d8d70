import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../../shared/api-error.ts";
import type { Api } from "../../widget/api.ts";
import { createChat } from "../../widget/chat.ts";
import type { TagSettings } from "../../widget/lib/settings.ts";
import { fakeApi, fakeLive, SETTINGS } from "./fake-api.ts";

const BASE = "https://frontdesk.example";
const page = () => ({ url: "https://shop.example/", title: "Shop" });

/** A promise the test settles: the request it stands for is held until then. */
function held() {
	let release = () => {};
	const promise = new Promise<void>((resolve) => (release = resolve));
	return { promise, release: () => release() };
}

/** Holds every history read until the test releases it. */
function holdReads(api: Api) {
	const reading = held();
	const read = api.read;
	api.read = async (key, after) => {
		await reading.promise;
		return read(key, after);
	};
	return reading;
}

/** A chat with a conversation, whose live channel the test plays the worker's side of. */
async function liveChat() {
	const { api } = fakeApi();
	const live = fakeLive();
	const chat = createChat({ api, apiBase: BASE, page, live: live.open });
	await chat.send("hello");
	return { api, live, chat };
}

describe("the chat controller", () => {
	beforeEach(() => localStorage.clear());

	it("creates one conversation for quick successive sends and delivers them in typed order", async () => {
		const { api, calls } = fakeApi();
		const chat = createChat({ api, apiBase: BASE, page, live: fakeLive().open });
		chat.send("first");
		chat.send("second");
		await chat.send("third");
		expect(calls.filter((call) => call === "start")).toHaveLength(1);
		expect(calls.filter((call) => call.startsWith("send:"))).toEqual(["send:first", "send:second", "send:third"]);
		expect(chat.state.messages.value.map((m) => m.text)).toEqual([
			"You're chatting with Fern, an AI assistant.",
			"first",
			"echo: first",
			"second",
			"echo: second",
			"third",
			"echo: third",
		]);
		expect(chat.state.pending.value).toEqual([]);
	});

	it("starts the conversation as the customer types, so their first message goes without waiting for the start", async () => {
		const { api, calls } = fakeApi();
		let startsFinished = 0;
		const start = api.start;
		api.start = async (body) => {
			const created = await start(body);
			startsFinished++;
			return created;
		};
		const chat = createChat({ api, apiBase: BASE, page, live: fakeLive().open });
		chat.type("w");
		chat.type("wh");
		expect(chat.unsent.text).toBe("wh");
		await vi.waitFor(() => expect(startsFinished).toBe(1));
		expect(chat.state.messages.value.map((m) => m.kind)).toEqual(["disclosure"]);

		const sends: number[] = [];
		const send = api.send;
		api.send = (key, body, onEvent) => {
			sends.push(startsFinished);
			return send(key, body, onEvent);
		};
		await chat.send("where is my parcel?");
		expect(calls.filter((call) => call === "start")).toHaveLength(1);
		expect(sends).toEqual([1]);
		expect(chat.state.messages.value.map((m) => m.text)).toEqual(["You're chatting with Fern, an AI assistant.", "where is my parcel?", "echo: where is my parcel?"]);
	});

	it("starts the conversation when the customer sends, if it could not start as they typed, and not again at every key", async () => {
		const { api, calls } = fakeApi();
		const start = api.start;
		api.start = async () => {
			calls.push("start");
			throw new ApiError(429, "rate_limited", "Too many conversations from this network.", 60);
		};
		const chat = createChat({ api, apiBase: BASE, page, live: fakeLive().open });
		chat.type("h");
		await vi.waitFor(() => expect(calls).toContain("start"));
		chat.type("he");
		chat.type("hello");
		await new Promise((resolve) => setTimeout(resolve, 10));
		expect(calls.filter((call) => call === "start")).toHaveLength(1);
		// Typing shows no problem: nothing was sent yet.
		expect(chat.state.problem.value).toBeNull();
		api.start = start;
		await chat.send("hello");
		expect(calls.filter((call) => call === "start")).toHaveLength(2);
		expect(chat.state.messages.value.map((m) => m.text)).toEqual(["You're chatting with Fern, an AI assistant.", "hello", "echo: hello"]);
	});

	it("gives a conversation that started as one customer typed to nobody else: signed out meanwhile, the next customer gets their own", async () => {
		const { api, calls } = fakeApi();
		const start = api.start;
		const startedFor: Array<string | undefined> = [];
		let letFirstFinish = () => {};
		api.start = async (body) => {
			startedFor.push(body.identity?.id);
			if (startedFor.length === 1) await new Promise<void>((resolve) => (letFirstFinish = resolve));
			return start(body);
		};
		const chat = createChat({ api, apiBase: BASE, page, live: fakeLive().open });
		await chat.identify({ id: "cus_1", name: "Sarah", hash: "a".repeat(64) });
		chat.type("my address is");
		await vi.waitFor(() => expect(startedFor).toEqual(["cus_1"]));
		// A shared computer: the host page signs Sarah out and the next customer in, before her start is back.
		chat.reset();
		await chat.identify({ id: "cus_2", name: "Omar", hash: "a".repeat(64) });
		letFirstFinish();
		await chat.send("where is my parcel?");
		expect(startedFor).toEqual(["cus_1", "cus_2"]);
		expect(calls.filter((call) => call === "start")).toHaveLength(2);
		// Omar's message went into the conversation started for him, the second one.
		const stored = JSON.parse(localStorage.getItem(`frontdesk:conversation:${BASE}`) ?? "null");
		expect(stored).toMatchObject({ id: "c2", customerId: "cus_2" });
	});

	it("keeps a conversation for the customer it was started for, though a forged identity came while it started", async () => {
		const { api } = fakeApi();
		const start = api.start;
		let letFirstFinish: (() => void) | null = null;
		api.start = async (body) => {
			await new Promise<void>((resolve) => (letFirstFinish = resolve));
			return start(body);
		};
		const chat = createChat({ api, apiBase: BASE, page, live: fakeLive().open });
		await chat.identify({ id: "cus_1", name: "Sarah", hash: "a".repeat(64) });
		chat.type("my address is");
		await vi.waitFor(() => expect(letFirstFinish).not.toBeNull());
		expect(await chat.identify({ id: "cus_2", name: "Mallory", hash: "f".repeat(64) })).toBe(false);
		letFirstFinish!();
		// Stored as Sarah's, as the worker verified it: a customer identified later on this browser does not get it.
		await vi.waitFor(() => expect(JSON.parse(localStorage.getItem(`frontdesk:conversation:${BASE}`) ?? "null")).toMatchObject({ id: "c1", customerId: "cus_1" }));
	});

	it("gives a conversation that started as an anonymous customer typed to nobody else after reset()", async () => {
		const { api, calls } = fakeApi();
		const start = api.start;
		let letFirstFinish: (() => void) | null = null;
		api.start = async (body) => {
			if (!calls.includes("start")) await new Promise<void>((resolve) => (letFirstFinish = resolve));
			return start(body);
		};
		const chat = createChat({ api, apiBase: BASE, page, live: fakeLive().open });
		chat.type("my phone number is");
		await vi.waitFor(() => expect(letFirstFinish).not.toBeNull());
		// A sign-out on a shared computer before the start is back.
		chat.reset();
		letFirstFinish!();
		await chat.send("where is my parcel?");
		expect(calls.filter((call) => call === "start")).toHaveLength(2);
		expect(JSON.parse(localStorage.getItem(`frontdesk:conversation:${BASE}`) ?? "null")).toMatchObject({ id: "c2" });
		expect(chat.state.messages.value.map((m) => m.text)).toEqual(["You're chatting with Fern, an AI assistant.", "where is my parcel?", "echo: where is my parcel?"]);
	});

	it("stops showing the AI as typing once its reply is in, before the stream has closed", async () => {
		const { api } = fakeApi();
		const chat = createChat({ api, apiBase: BASE, page, live: fakeLive().open });
		const send = api.send;
		const typingAfterReply: boolean[] = [];
		api.send = (key, body, onEvent) =>
			send(key, body, (event) => {
				onEvent(event);
				if (event.event === "reply") typingAfterReply.push(chat.state.awaitingReply.value);
			});
		await chat.send("hello");
		expect(typingAfterReply).toEqual([false]);
	});

	it("does not show the AI as typing once a person has the conversation, as it will not answer", async () => {
		const { api } = fakeApi();
		const chat = createChat({ api, apiBase: BASE, page, live: fakeLive().open });
		await chat.send("hello");
		await chat.requestHuman();
		expect(chat.state.conversation.value.owner).toBe("human");
		const send = api.send;
		const typingWhileSent: boolean[] = [];
		api.send = (key, body, onEvent) => {
			typingWhileSent.push(chat.state.awaitingReply.value);
			return send(key, body, onEvent);
		};
		await chat.send("anyone there?");
		expect(typingWhileSent).toEqual([false]);
	});

	it("shows a typed message as pending until the worker has stored it", async () => {
		const { api } = fakeApi();
		const chat = createChat({ api, apiBase: BASE, page, live: fakeLive().open });
		const sending = chat.send("hello");
		// Sending from the first render: never "waiting for a connection" with a Retry button in between.
		expect(chat.state.pending.value.map((p) => [p.text, p.status])).toEqual([["hello", "sending"]]);
		await sending;
		expect(chat.state.pending.value).toEqual([]);
	});

	it("restores the stored conversation's history after a reload", async () => {
		const { api, calls } = fakeApi();
		await createChat({ api, apiBase: BASE, page, live: fakeLive().open }).send("where is my parcel?");
		const reloaded = createChat({ api, apiBase: BASE, page, live: fakeLive().open });
		await reloaded.load();
		expect(calls).toContain("read:0");
		expect(reloaded.state.messages.value.map((m) => m.seq)).toEqual([1, 2, 3]);
		expect(reloaded.state.settings.value?.title).toBe("Fernleaf Support");
	});

	it("loads the history and goes live with the next send, or the retry of one, when loading failed as the panel opened", async () => {
		const { api, calls } = fakeApi();
		await createChat({ api, apiBase: BASE, page, live: fakeLive().open }).send("where is my parcel?");
		const { read, send } = api;
		const offline = async () => {
			throw new TypeError("Failed to fetch");
		};
		api.read = api.send = offline;
		const live = fakeLive();
		const reloaded = createChat({ api, apiBase: BASE, page, live: live.open });
		reloaded.setOpen(true);
		await vi.waitFor(() => expect(reloaded.state.problem.value).toBe("load_failed"));
		// Still offline: the message waits, and so do the history and the live channel.
		await reloaded.send("any news?");
		expect(reloaded.state.pending.value.map((pending) => pending.status)).toEqual(["queued"]);
		expect(live.urls).toEqual([]);

		// Back online, the browser's "online" event retries.
		api.read = read;
		api.send = send;
		await reloaded.retry();
		await vi.waitFor(() => expect(live.urls).toHaveLength(1));
		expect(calls.filter((call) => call.startsWith("read:"))).toEqual(["read:0"]);
		expect(reloaded.state.messages.value.map((m) => m.text)).toEqual(["You're chatting with Fern, an AI assistant.", "where is my parcel?", "echo: where is my parcel?", "any news?", "echo: any news?"]);
	});

	it("starts afresh when the stored conversation no longer exists", async () => {
		const { api, conversations } = fakeApi();
		await createChat({ api, apiBase: BASE, page, live: fakeLive().open }).send("hello");
		conversations.clear();
		const reloaded = createChat({ api, apiBase: BASE, page, live: fakeLive().open });
		await reloaded.load();
		expect(reloaded.state.messages.value).toEqual([]);
		await reloaded.send("again");
		expect(reloaded.state.messages.value.map((m) => m.text)).toEqual(["You're chatting with Fern, an AI assistant.", "again", "echo: again"]);
	});

	it("starts the conversation in the widget's language (the tag's, else the site's, else the browser's), not the browser's own tag", async () => {
		const { api } = fakeApi();
		const start = api.start;
		const locales: Array<string | undefined> = [];
		api.start = (body) => {
			locales.push(body.locale);
			return start(body);
		};
		let siteLocale: string | null = "de";
		api.settings = async () => ({ ...SETTINGS, locale: siteLocale });
		const startWith = async (tagSettings: TagSettings) => {
			localStorage.clear();
			await createChat({ api, apiBase: BASE, page, live: fakeLive().open, tagSettings }).send("hello");
		};
		expect(navigator.language).toBe("en-US");
		await startWith({ locale: "fr" });
		await startWith({});
		// A tag language the widget does not speak gives way to the site's, as it does for the widget's strings.
		await startWith({ locale: "pt-BR" });
		siteLocale = null;
		await startWith({});
		expect(locales).toEqual(["fr", "de", "de", "en"]);
	});

	it("records a request for a human, creating the conversation if needed", async () => {
		const { api } = fakeApi();
		const chat = createChat({ api, apiBase: BASE, page, live: fakeLive().open });
		await chat.requestHuman();
		expect(chat.state.messages.value.map((m) => m.kind)).toEqual(["disclosure", "handoff_requested"]);
	});

	it("keeps a message typed while offline, and resends it with the same id when the network is back", async () => {
		const { api, calls } = fakeApi();
		const chat = createChat({ api, apiBase: BASE, page, live: fakeLive().open });
		await chat.send("hello");
		const realSend = api.send;
		const ids: string[] = [];
		api.send = async (key, body, onEvent) => {
			ids.push(body.clientMessageId);
			throw new ApiError(0, "network_error", "The network is unavailable.");
		};
		await chat.send("typed offline");
		const another = chat.send("and another");
		// Behind one waiting to be retried, it waits too.
		expect(chat.state.pending.value.at(-1)?.status).toBe("queued");
		await another;
		expect(chat.state.pending.value.map((p) => [p.text, p.status])).toEqual([
			["typed offline", "queued"],
			["and another", "queued"],
		]);
		expect(chat.state.problem.value).toBeNull();

		api.send = async (key, body, onEvent) => {
			ids.push(body.clientMessageId);
			return realSend(key, body, onEvent);
		};
		await chat.retry();
		expect(chat.state.pending.value).toEqual([]);
		// Every attempt at the first message, offline or not, carried the same id.
		expect(new Set(ids.slice(0, 2)).size).toBe(1);
		expect(ids.at(-2)).toBe(ids[0]);
		expect(calls.filter((call) => call.startsWith("send:"))).toEqual(["send:hello", "send:typed offline", "send:and another"]);
	});

	it("sends what waited for the worker as soon as the live channel is back, with no retry press", async () => {
		const { api, calls } = fakeApi();
		const live = fakeLive();
		const chat = createChat({ api, apiBase: BASE, page, live: live.open });
		await chat.send("hello");
		const realSend = api.send;
		api.send = async () => {
			throw new ApiError(0, "network_error", "");
		};
		await chat.send("sent while the worker was down");
		expect(chat.state.pending.value.map((pending) => pending.status)).toEqual(["queued"]);
		api.send = realSend;
		// The worker is back: the live channel connects again, and its first word is the conversation's state.
		live.push({ type: "state", state: chat.state.conversation.value });
		await vi.waitFor(() => expect(chat.state.pending.value).toEqual([]));
		expect(calls.filter((call) => call.startsWith("send:"))).toEqual(["send:hello", "send:sent while the worker was down"]);
	});

	it("leaves a message the worker failed on to the Retry button, whatever the live channel says", async () => {
		const { api, live, chat } = await liveChat();
		let attempts = 0;
		api.send = async () => {
			attempts++;
			throw new ApiError(500, "internal_error", "");
		};
		await chat.send("failed on the worker");
		// Typed after it, it waits behind it (and its send tried the failed one again, in order).
		await chat.send("typed after it");
		expect(chat.state.pending.value.map((pending) => pending.status)).toEqual(["failed", "queued"]);
		const before = attempts;
		live.push({ type: "state", state: chat.state.conversation.value });
		await new Promise((resolve) => setTimeout(resolve, 20));
		expect(attempts).toBe(before);
	});

	it("marks a message the server refused as not sent, with a problem to show, and retries it", async () => {
		const { api } = fakeApi();
		const chat = createChat({ api, apiBase: BASE, page, live: fakeLive().open });
		const realSend = api.send;
		api.send = async () => {
			throw new ApiError(500, "internal_error", "Something went wrong on our side.");
		};
		await chat.send("hello");
		expect(chat.state.pending.value.map((p) => p.status)).toEqual(["failed"]);
		expect(chat.state.problem.value).toBe("send_failed");
		api.send = realSend;
		await chat.retry();
		expect(chat.state.messages.value.map((m) => m.text)).toContain("hello");
	});

	describe("waiting out a 429", () => {
		beforeEach(() => vi.useFakeTimers());
		afterEach(() => vi.useRealTimers());

		it("asks the customer to wait after a 429, for as long as the worker said, sending nothing meanwhile", async () => {
			const { api } = fakeApi();
			const live = fakeLive();
			const chat = createChat({ api, apiBase: BASE, page, live: live.open });
			let tries = 0;
			api.send = async () => {
				tries++;
				throw new ApiError(429, "http_error", "Too many messages.", 12);
			};
			await chat.send("hello");
			expect(chat.state.waitSeconds.value).toBe(12);
			// Sent by itself once the wait is over: waiting to send, not failed.
			expect(chat.state.pending.value.map((p) => p.status)).toEqual(["queued"]);
			// The live channel coming back (as it does on a flaky phone) sends nothing before the wait is over.
			live.push({ type: "state", state: chat.state.conversation.value });
			await vi.advanceTimersByTimeAsync(11_000);
			expect(tries).toBe(1);
			chat.reset();
			expect(vi.getTimerCount()).toBe(0);
		});

		it("ends the wait when a message goes through sooner, so its end later sends nothing and clears no other notice", async () => {
			const { api } = fakeApi();
			const chat = createChat({ api, apiBase: BASE, page, live: fakeLive().open });
			const realSend = api.send;
			api.send = async () => {
				throw new ApiError(429, "rate_limited", "Too many messages.", 12);
			};
			await chat.send("hello");
			expect(chat.state.waitSeconds.value).toBe(12);
			api.send = realSend;
			await chat.send("and now");
			expect(chat.state.waitSeconds.value).toBeNull();
			expect(chat.state.pending.value).toEqual([]);
			expect(vi.getTimerCount()).toBe(0);
		});

		it("asks the customer to wait after a 429 for as long as the latest 429 said, and no longer, then sends what waited", async () => {
			const { api } = fakeApi();
			const chat = createChat({ api, apiBase: BASE, page, live: fakeLive().open });
			const realSend = api.send;
			let wait = 30;
			const tries: string[] = [];
			api.send = async (key, request, onEvent) => {
				tries.push(request.text);
				if (wait) throw new ApiError(429, "rate_limited", "Too many messages.", wait);
				return realSend(key, request, onEvent);
			};
			await chat.send("hello");
			await chat.send("are you there?");
			await vi.advanceTimersByTimeAsync(10_000);
			wait = 3;
			await chat.retry();
			expect(chat.state.waitSeconds.value).toBe(3);
			await vi.advanceTimersByTimeAsync(2900);
			expect(chat.state.waitSeconds.value).toBe(3);
			const triedBefore = tries.length;
			wait = 0;
			await vi.advanceTimersByTimeAsync(200);
			expect(chat.state.waitSeconds.value).toBeNull();
			// Sent without a Retry, in the order typed; the first 429's wait, ended by the retry, sent nothing of its own.
			expect(tries.slice(triedBefore)).toEqual(["hello", "are you there?"]);
			expect(chat.state.pending.value).toEqual([]);
			expect(chat.state.messages.value.map((message) => message.text)).toEqual(expect.arrayContaining(["hello", "are you there?"]));
			expect(vi.getTimerCount()).toBe(0);
		});
	});

	it("goes on in a new conversation when the one on screen takes no more messages, as the worker's refusal asks", async () => {
		const { api } = fakeApi();
		const chat = createChat({ api, apiBase: BASE, page, live: fakeLive().open });
		const send = api.send;
		const sentTo: string[] = [];
		let full: string | undefined;
		api.send = async (key, ...rest) => {
			sentTo.push(key.id);
			if (key.id === full) throw new ApiError(429, "conversation_full", "This conversation has reached its message limit.");
			return send(key, ...rest);
		};
		await chat.send("first");
		full = sentTo[0];
		await chat.send("second");
		expect(chat.state.waitSeconds.value).toBeNull();
		expect(chat.state.pending.value).toEqual([]);
		expect(sentTo.slice(1)).toEqual([full, expect.not.stringMatching(full)]);
		expect(chat.state.messages.value.map((m) => m.text).slice(-2)).toEqual(["second", "echo: second"]);
	});

	it("takes back what it said failed once a request works, and says nothing of an old failure as the chat opens again", async () => {
		const { api } = fakeApi();
		const chat = createChat({ api, apiBase: BASE, page, live: fakeLive().open });
		await chat.send("hello");
		const requestHuman = api.requestHuman;
		let down = true;
		api.requestHuman = async (key) => {
			if (down) throw new ApiError(503, "internal_error", "Try again.");
			return requestHuman(key);
		};
		await chat.requestHuman();
		expect(chat.state.problem.value).toBe("handoff_failed");
		down = false;
		await chat.requestHuman();
		expect(chat.state.problem.value).toBeNull();
		api.rate = async () => {
			throw new ApiError(503, "internal_error", "Try again.");
		};
		await chat.rate(5, "");
		expect(chat.state.problem.value).toBe("rating_failed");
		chat.setOpen(true);
		expect(chat.state.problem.value).toBeNull();
	});

	it("counts replies that arrive while the panel is closed, and emits events to the host page, reporting a listener's error", async () => {
		const { api } = fakeApi();
		const chat = createChat({ api, apiBase: BASE, page, live: fakeLive().open });
		const seen: string[] = [];
		chat.on("message", (message) => seen.push(message.role));
		chat.on("open", () => seen.push("open"));
		chat.on("handoff", () => seen.push("handoff"));
		chat.on("message", () => {
			throw new Error("a broken listener on the host page");
		});
		const reported: unknown[] = [];
		const report = (event: ErrorEvent) => reported.push((event.error as Error).message);
		addEventListener("error", report);
		await chat.send("hello");
		removeEventListener("error", report);
		// Reported as the host page's own error, once for each message, the others' listeners called all the same.
		expect(reported).toEqual(Array(3).fill("a broken listener on the host page"));
		// The reply; not the disclosure, which the panel shows before any conversation.
		expect(chat.state.unread.value).toBe(1);
		chat.setOpen(true);
		expect(chat.state.unread.value).toBe(0);
		await chat.requestHuman();
		expect(seen).toEqual(["system", "customer", "assistant", "open", "system", "handoff"]);
	});

	it("personalises only for an identity the worker verified, and tells the site's developer why one was not", async () => {
		const { api } = fakeApi();
		const chat = createChat({ api, apiBase: BASE, page, live: fakeLive().open });
		const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
		try {
			expect(await chat.identify({ id: "cus_1", name: "Mallory", hash: "f".repeat(64) })).toBe(false);
			expect(chat.state.verifiedName.value).toBeNull();
			expect(warn.mock.calls).toEqual([["Frontdesk.identify(): This identity's hash does not match."]]);
			expect(await chat.identify({ id: "cus_2", name: "Sarah", hash: "a".repeat(64) })).toBe(true);
			expect(chat.state.verifiedName.value).toBe("Sarah");
			// Offline, there is nothing wrong with the identity to tell.
			api.identify = async () => {
				throw new ApiError(0, "network_error", "");
			};
			expect(await chat.identify({ id: "cus_3", name: "Kim", hash: "a".repeat(64) })).toBe(false);
			expect(warn).toHaveBeenCalledTimes(1);
		} finally {
			warn.mockRestore();
		}
	});

	it("puts no message back in the box for the next customer when the one who sent it signed out meanwhile", async () => {
		const { api } = fakeApi();
		const chat = createChat({ api, apiBase: BASE, page, live: fakeLive().open });
		let refuse: (() => void) | undefined;
		api.send = () =>
			new Promise((_resolve, reject) => {
				refuse = () => reject(new ApiError(413, "message_too_long", "A message can be at most 20 characters; this one has 30."));
			});
		const sending = chat.send("my account number is 12345678 and my address is");
		// Signed out once the message is on its way, before the worker's answer.
		await vi.waitFor(() => expect(refuse).toBeDefined());
		chat.reset();
		refuse!();
		await sending;
		expect(chat.unsent.text).toBe("");
		expect(chat.state.pending.value).toEqual([]);
	});

	it("sets a message refused for good aside with its reason, and sends those typed after it", async () => {
		const { api } = fakeApi();
		const chat = createChat({ api, apiBase: BASE, page, live: fakeLive().open });
		const realSend = api.send;
		const attempts: string[] = [];
		api.send = async (key, body, onEvent) => {
			attempts.push(body.text);
			if (body.text.length > 20) throw new ApiError(413, "message_too_long", "A message can be at most 20 characters; this one has 30.");
			if (body.text === "odd") throw new ApiError(400, "invalid_request", "text: must not be empty");
			return realSend(key, body, onEvent);
		};
		chat.send("x".repeat(30));
		chat.type("typed meanwhile");
		chat.send("odd");
		await chat.send("hi");
		// What the customer typed since stays in the box: the long message is not put back over it.
		expect(chat.unsent.text).toBe("typed meanwhile");
		expect(chat.state.pending.value.map((p) => [p.status, p.refusal])).toEqual([
			["failed", "message_too_long"],
			["failed", "invalid_request"],
		]);
		expect(attempts).toEqual(["x".repeat(30), "odd", "hi"]);
		expect(chat.state.messages.value.map((m) => m.text)).toContain("echo: hi");
		// A retry leaves refused messages alone; they go once the customer writes again.
		await chat.retry();
		expect(attempts).toHaveLength(3);
		await chat.send("shorter");
		expect(chat.state.pending.value).toEqual([]);
		expect(attempts).toHaveLength(4);
	});

	it("moves to a new conversation when the worker no longer opens this one, and delivers what was typed there", async () => {
		const { api, conversations } = fakeApi();
		const live = fakeLive();
		const chat = createChat({ api, apiBase: BASE, page, live: live.open });
		await chat.send("hello");
		conversations.clear();
		await chat.send("are you there?");
		expect(chat.state.pending.value).toEqual([]);
		expect(chat.state.messages.value.map((m) => m.text)).toEqual(["You're chatting with Fern, an AI assistant.", "are you there?", "echo: are you there?"]);
		expect(JSON.parse(localStorage.getItem(`frontdesk:conversation:${BASE}`) ?? "null")).toMatchObject({ id: "c2" });
		expect(live.urls).toHaveLength(2);

		// Another action fails once, with its problem shown, and the next try starts the new conversation.
		conversations.clear();
		expect(await chat.requestHuman()).toBe(false);
		expect(chat.state.problem.value).toBe("handoff_failed");
		expect(await chat.requestHuman()).toBe(true);
		expect(chat.state.messages.value.map((m) => m.kind)).toEqual(["disclosure", "handoff_requested"]);
	});

	it("shows a conversation to the customer it belongs to only: another one signing in on this browser starts afresh", async () => {
		const { api } = fakeApi();
		const chat = createChat({ api, apiBase: BASE, page, live: fakeLive().open });
		await chat.send("my order 00123842 for Sam");
		// Signing in after chatting keeps the conversation, now Sam's.
		expect(await chat.identify({ id: "cus_sam", name: "Sam", hash: "a".repeat(64) })).toBe(true);
		expect(chat.state.messages.value).toHaveLength(3);

		const nextVisit = createChat({ api, apiBase: BASE, page, live: fakeLive().open });
		await nextVisit.load();
		expect(await nextVisit.identify({ id: "cus_kim", name: "Kim", hash: "a".repeat(64) })).toBe(true);
		expect(nextVisit.state.messages.value).toEqual([]);
		expect(localStorage.getItem(`frontdesk:conversation:${BASE}`)).toBeNull();
		await nextVisit.send("hello");
		expect(nextVisit.state.messages.value.map((m) => m.text)).not.toContain("my order 00123842 for Sam");
	});

	it("forgets the conversation and the customer on reset() (sign-out on a shared computer): the next message starts a new one, anonymous", async () => {
		const { api } = fakeApi();
		const start = api.start;
		const identities: unknown[] = [];
		api.start = (body) => {
			identities.push(body.identity?.id);
			return start(body);
		};
		const live = fakeLive();
		const chat = createChat({ api, apiBase: BASE, page, live: live.open });
		expect(await chat.identify({ id: "cus_sam", name: "Sam", hash: "a".repeat(64) })).toBe(true);
		await chat.send("my order 00123842");
		expect(await chat.rate(5, "")).toBe(true);
		expect(chat.state.conversation.value.rated).toBe(true);
		// Sam's reply, not read yet: the launcher's count is Sam's too, and so are the notices on screen.
		expect(chat.state.unread.value).toBe(1);
		chat.state.problem.value = "rating_failed";
		chat.state.waitSeconds.value = 30;
		chat.reset();
		expect(chat.state.messages.value).toEqual([]);
		expect(chat.state.unread.value).toBe(0);
		expect(chat.state.problem.value).toBeNull();
		expect(chat.state.waitSeconds.value).toBeNull();
		expect(chat.state.verifiedName.value).toBeNull();
		expect(chat.state.conversation.value.rated).toBe(false);
		expect(localStorage.getItem(`frontdesk:conversation:${BASE}`)).toBeNull();
		const reloaded = createChat({ api, apiBase: BASE, page, live: fakeLive().open });
		await reloaded.load();
		expect(reloaded.state.messages.value).toEqual([]);

		await chat.send("hello");
		expect(identities).toEqual(["cus_sam", undefined]);
		expect(chat.state.messages.value.map((m) => m.text)).toEqual(["You're chatting with Fern, an AI assistant.", "hello", "echo: hello"]);
		expect(live.urls.at(-1)).toBe("ws://fake/c2?after=1");
	});

	it("resumes the live channel from before a message it missed, not from the latest one a send brought back", async () => {
		const { api, conversations } = fakeApi();
		const live = fakeLive();
		const chat = createChat({ api, apiBase: BASE, page, live: live.open });
		await chat.send("hello");
		// An agent's reply stored while the socket was down: the widget never saw seq 4.
		const stored = conversations.get("c1") ?? [];
		stored.push({ seq: stored.length + 1, role: "agent", kind: "text", text: "Sam here", author: "Sam", createdAt: new Date(0).toISOString() });
		await chat.send("anyone?");
		expect(chat.state.messages.value.map((m) => m.seq)).toEqual([1, 2, 3, 5, 6]);
		live.reconnect();
		expect(live.urls.at(-1)).toBe("ws://fake/c1?after=3");
	});
});

// A shared computer: the host page signs one customer out (reset()) or another in (identify()) while a request
// of the one before is still on its way. Nothing of theirs may reach the screen, the host page or the next
// customer's conversation.
describe("the chat controller, as customers change while requests are on their way", () => {
	beforeEach(() => localStorage.clear());
	const STORAGE_KEY = `frontdesk:conversation:${BASE}`;
	const GOOD_HASH = "a".repeat(64);

	it("does not hand the next customer's conversation to a person when reset() comes while the request's conversation starts", async () => {
		const { api, calls } = fakeApi();
		const start = api.start;
		const started = held();
		api.start = async (body) => {
			await started.promise;
			return start(body);
		};
		const chat = createChat({ api, apiBase: BASE, page, live: fakeLive().open });
		const asked = chat.requestHuman();
		chat.reset();
		started.release();
		expect(await asked).toBe(false);
		expect(calls).not.toContain("requestHuman");
		expect(chat.state.conversation.value.owner).toBe("ai");
	});

	it("shows nothing of a hand-off answered after reset(), and a failure of one does not end the next customer's conversation", async () => {
		const { api } = fakeApi();
		const chat = createChat({ api, apiBase: BASE, page, live: fakeLive().open });
		await chat.send("hello");
		const requestHuman = api.requestHuman;
		const answered = held();
		api.requestHuman = async (key) => {
			await answered.promise;
			return requestHuman(key);
		};
		const asked = chat.requestHuman();
		chat.reset();
		answered.release();
		await asked;
		expect(chat.state.conversation.value).toEqual({ owner: "ai", status: "open", contactRequested: false, rated: false });
		expect(chat.state.messages.value).toEqual([]);

		await chat.send("the next customer");
		const failed = held();
		api.requestHuman = async () => {
			await failed.promise;
			throw new ApiError(404, "not_found", "No conversation has this id.");
		};
		const askedAgain = chat.requestHuman();
		chat.reset();
		await chat.send("a new question");
		failed.release();
		expect(await askedAgain).toBe(false);
		expect(chat.state.problem.value).toBeNull();
		expect(JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "null")).toMatchObject({ id: "c3" });
		expect(chat.state.messages.value.map((message) => message.text)).toContain("echo: a new question");
	});

	it("does not send a message into the next customer's conversation when reset() comes while the conversation starts", async () => {
		const { api, calls, conversations } = fakeApi();
		const start = api.start;
		const firstStart = held();
		api.start = async (body) => {
			if (!calls.includes("start")) await firstStart.promise;
			return start(body);
		};
		const chat = createChat({ api, apiBase: BASE, page, live: fakeLive().open });
		const sending = chat.send("my card is 4111 1111 1111 1111");
		await vi.waitFor(() => expect(chat.state.awaitingReply.value).toBe(true));
		chat.reset();
		firstStart.release();
		await sending;
		expect(calls.filter((call) => call.startsWith("send:"))).toEqual([]);
		expect([...conversations.values()].flat().map((message) => message.text)).not.toContain("my card is 4111 1111 1111 1111");
		expect(chat.state.messages.value.map((message) => message.text)).not.toContain("my card is 4111 1111 1111 1111");
	});

	it("shows nothing more of a reply still streaming when reset() comes, on screen or in the next conversation", async () => {
		// The first token goes through; the stream then holds before the second.
		let holding = false;
		let tokensSent = 0;
		const tokens: Array<() => void> = [];
		const { api } = fakeApi(() => (holding && tokensSent++ > 0 ? new Promise<void>((resolve) => tokens.push(resolve)) : Promise.resolve()));
		const chat = createChat({ api, apiBase: BASE, page, live: fakeLive().open });
		const seen: string[] = [];
		chat.on("message", (message) => seen.push(message.text));
		holding = true;
		const sending = chat.send("my order 00123842 goes to 12 Baker St");
		await vi.waitFor(() => expect(tokens.length).toBe(1));
		expect(chat.state.draft.value).toBe("echo: ");
		chat.reset();
		// At once, not when the old stream ends: the half reply is the previous customer's.
		expect(chat.state.draft.value).toBeNull();
		expect(chat.state.awaitingReply.value).toBe(false);
		seen.length = 0;
		holding = false;
		tokens.splice(0).forEach((release) => release());
		await sending;
		expect(chat.state.messages.value).toEqual([]);
		expect(chat.state.draft.value).toBeNull();
		expect(seen).toEqual([]);
		await chat.send("hello");
		expect(chat.state.messages.value.map((message) => message.text)).toEqual(["You're chatting with Fern, an AI assistant.", "hello", "echo: hello"]);
	});

	it("does not show a customer's history to the next one identified while it loads", async () => {
		const { api } = fakeApi();
		const ann = createChat({ api, apiBase: BASE, page, live: fakeLive().open });
		await ann.identify({ id: "cus_a", name: "Ann", hash: GOOD_HASH });
		await ann.send("my address is 1 Secret Lane");

		// The next visit on this browser: Bob signs in as the chat opens.
		const reading = holdReads(api);
		const chat = createChat({ api, apiBase: BASE, page, live: fakeLive().open });
		const seen: string[] = [];
		chat.on("message", (message) => seen.push(message.text));
		chat.setOpen(true);
		await chat.identify({ id: "cus_b", name: "Bob", hash: GOOD_HASH });
		reading.release();
		await chat.load();
		expect(chat.state.messages.value).toEqual([]);
		expect(seen).toEqual([]);
		expect(localStorage.getItem(STORAGE_KEY)).toBeNull();
	});

	it("does not identify a customer signed out by reset() while the worker checked who they were", async () => {
		const { api } = fakeApi();
		const identify = api.identify;
		const checking = held();
		api.identify = async (identity) => {
			await checking.promise;
			return identify(identity);
		};
		const startedAs: Array<string | undefined> = [];
		const start = api.start;
		api.start = (body) => {
			startedAs.push(body.identity?.id);
			return start(body);
		};
		const chat = createChat({ api, apiBase: BASE, page, live: fakeLive().open });
		const identified = chat.identify({ id: "cus_a", name: "Ann", hash: GOOD_HASH });
		chat.reset();
		checking.release();
		expect(await identified).toBe(false);
		expect(chat.state.verifiedName.value).toBeNull();
		await chat.send("hi");
		expect(startedAs).toEqual([undefined]);
		const stored = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "null");
		expect(stored.id).toBe("c1");
		expect(stored.customerId).toBeUndefined();
	});
});

describe("the chat controller, as identify() answers come out of order", () => {
	beforeEach(() => localStorage.clear());

	/** identify() whose answers the test releases one by one, by customer id. */
	function heldIdentify() {
		const { api } = fakeApi();
		const identify = api.identify;
		const releases = new Map<string, () => void>();
		api.identify = async (identity) => {
			await new Promise<void>((resolve) => releases.set(identity.id, resolve));
			return identify(identity);
		};
		const release = async (id: string) => {
			await vi.waitFor(() => expect(releases.has(id)).toBe(true));
			releases.get(id)?.();
		};
		return { api, release };
	}

	// A verified earlier customer, and a forged identity whose check fails.
	it.each([
		["answers", { id: "cus_a", name: "Ann", hash: "a".repeat(64) }],
		["fails", { id: "cus_m", name: "Mallory", hash: "f".repeat(64) }],
	])("keeps the customer identified last when an earlier identify() %s after theirs", async (_, earlier) => {
		const { api, release } = heldIdentify();
		const chat = createChat({ api, apiBase: BASE, page, live: fakeLive().open });
		const first = chat.identify(earlier);
		const bob = chat.identify({ id: "cus_b", name: "Bob", hash: "a".repeat(64) });
		await release("cus_b");
		expect(await bob).toBe(true);
		await release(earlier.id);
		expect(await first).toBe(false);
		expect(chat.state.verifiedName.value).toBe("Bob");
	});

	it("keeps a customer identified when an earlier identify() of the same customer fails after the later one answered", async () => {
		const { api } = fakeApi();
		const identify = api.identify;
		let failFirst = () => {};
		let asked = 0;
		api.identify = (identity) => (++asked === 1 ? new Promise((_, reject) => (failFirst = () => reject(new TypeError("Failed to fetch")))) : identify(identity));
		const chat = createChat({ api, apiBase: BASE, page, live: fakeLive().open });
		const sam = { id: "cus_sam", name: "Sam", hash: "a".repeat(64) };
		const first = chat.identify(sam);
		expect(await chat.identify(sam)).toBe(true);
		failFirst();
		expect(await first).toBe(false);
		expect(chat.state.verifiedName.value).toBe("Sam");
	});

	it("keeps the conversation started since when a history read for the one left answers that it is gone", async () => {
		const { api } = fakeApi();
		const first = createChat({ api, apiBase: BASE, page, live: fakeLive().open });
		await first.send("hello");
		const read = api.read;
		let answerGone = () => {};
		api.read = (key, after) =>
			key.id === "c1" ? new Promise((_, reject) => (answerGone = () => reject(new ApiError(404, "not_found", "No conversation has this id.")))) : read(key, after);
		const chat = createChat({ api, apiBase: BASE, page, live: fakeLive().open });
		chat.setOpen(true);
		chat.reset();
		await chat.send("a new question");
		answerGone();
		await chat.load().catch(() => {});
		expect(JSON.parse(localStorage.getItem(`frontdesk:conversation:${BASE}`) ?? "null")).toMatchObject({ id: "c2" });
		await chat.send("and another");
		expect(chat.state.messages.value.map((message) => message.text)).toContain("echo: and another");
	});
});

describe("the chat controller, with the live channel", () => {
	beforeEach(() => localStorage.clear());

	it("keeps the state the live channel brought while an answer travelled: a hand-off's answer arriving after the resolve that followed it", async () => {
		const { api, live, chat } = await liveChat();
		const requestHuman = api.requestHuman;
		const answer = held();
		api.requestHuman = async (key) => {
			const result = await requestHuman(key);
			await answer.promise;
			return result;
		};
		const asked = chat.requestHuman();
		await vi.waitFor(() => expect(live.urls).toHaveLength(1));
		const handedOff = { owner: "human", status: "handed_off", contactRequested: true, rated: false } as const;
		live.push({ type: "state", state: handedOff });
		live.push({ type: "state", state: { ...handedOff, owner: "ai", status: "resolved", contactRequested: false } });
		answer.release();
		expect(await asked).toBe(true);
		expect(chat.state.conversation.value.status).toBe("resolved");
		// With no live news meanwhile, an answer's state is taken as it is.
		expect(await chat.setContact("sam@example.com")).toBe(true);
		expect(chat.state.conversation.value).toMatchObject({ status: "handed_off", contactRequested: false });
	});

	it("shows a message once when the live channel brings it before the send's own answer", async () => {
		const { api, live, chat } = await liveChat();
		const send = api.send;
		let pendingWhenLiveCame: unknown[] = [];
		api.send = async (key, body, onEvent) => {
			// The worker tells the live channel as it stores the message, before it answers the send.
			live.push({ type: "message", message: { seq: 4, role: "customer", kind: "text", text: body.text, clientMessageId: body.clientMessageId, createdAt: new Date(0).toISOString() } });
			pendingWhenLiveCame = chat.state.pending.value;
			return send(key, body, onEvent);
		};
		await chat.send("second");
		expect(pendingWhenLiveCame).toEqual([]);
	});

	it("shows a streamed reply once when the live channel brings it stored before the stream's own end", async () => {
		const { api, live, chat } = await liveChat();
		const send = api.send;
		let draftWhenLiveCame: string | null = "";
		api.send = (key, body, onEvent) =>
			send(key, body, (event) => {
				// The worker tells the live channel as it stores the reply; the stream's reply event comes after.
				if (event.event === "reply") {
					live.push({ type: "message", message: event.data });
					draftWhenLiveCame = chat.state.draft.value;
				}
				onEvent(event);
			});
		await chat.send("second");
		expect(draftWhenLiveCame).toBeNull();
		expect(chat.state.messages.value.filter((message) => message.text === "echo: second")).toHaveLength(1);
	});

	it("tells the host page of new messages and hand-offs only, not of those loaded with the history on a later visit", async () => {
		const { api } = fakeApi();
		const first = createChat({ api, apiBase: BASE, page, live: fakeLive().open });
		await first.send("hello");
		await first.requestHuman();
		// The worker keeps the state it was handed off in (the stand-in's reads do not).
		const read = api.read;
		api.read = async (key, after) => ({ ...(await read(key, after)), state: { owner: "human", status: "handed_off", contactRequested: false, rated: false } });

		const live = fakeLive();
		const chat = createChat({ api, apiBase: BASE, page, live: live.open });
		const seen: string[] = [];
		chat.on("message", (message) => seen.push(message.role));
		chat.on("handoff", () => seen.push("handoff"));
		chat.setOpen(true);
		await chat.load();
		expect(chat.state.messages.value.map((message) => message.role)).toEqual(["system", "customer", "assistant", "system"]);
		expect(chat.state.conversation.value.owner).toBe("human");
		expect(seen).toEqual([]);
		live.push({ type: "message", message: { seq: 5, role: "agent", kind: "text", text: "Hi, Sam here.", author: "Sam", createdAt: new Date(0).toISOString() } });
		expect(seen).toEqual(["agent"]);
	});

	it("tells the host page of a message sent and its reply even when a history read brought them first, and of each once", async () => {
		const { api } = fakeApi();
		const first = createChat({ api, apiBase: BASE, page, live: fakeLive().open });
		await first.send("hello");
		const reading = holdReads(api);
		// The send's events reach the page only after the history read that began before it has come back with both.
		const send = api.send;
		api.send = async (key, body, onEvent) => {
			const events: Parameters<typeof onEvent>[0][] = [];
			await send(key, body, (event) => events.push(event));
			reading.release();
			await chat.load();
			events.forEach(onEvent);
			events.forEach(onEvent);
		};
		const chat = createChat({ api, apiBase: BASE, page, live: fakeLive().open });
		const seen: string[] = [];
		chat.on("message", (message) => seen.push(message.text));
		chat.setOpen(true);
		await chat.send("where is my parcel?");
		expect(chat.state.messages.value.map((message) => message.text).slice(-2)).toEqual(["where is my parcel?", "echo: where is my parcel?"]);
		expect(seen).toEqual(["where is my parcel?", "echo: where is my parcel?"]);
	});
});
