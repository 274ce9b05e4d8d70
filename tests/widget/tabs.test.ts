// Two tabs of one site share the stored conversation (localStorage). Each tab is a chat of its own here; the
// browser tells a tab of another's change with a storage event, which the test sends as the browser would.
// Each test has a worker address of its own: a chat listens for as long as its page lives, here the file.
import { beforeEach, expect, it, vi } from "vitest";
import { ApiError } from "../../shared/api-error.ts";
import type { Api } from "../../widget/api.ts";
import { createChat } from "../../widget/chat.ts";
import { fakeApi, fakeLive } from "./fake-api.ts";

const page = () => ({ url: "https://shop.example/", title: "Shop" });
const keyOf = (base: string) => `frontdesk:conversation:${base}`;
const otherTabSaved = (key: string | null) => dispatchEvent(new StorageEvent("storage", { key, newValue: key && localStorage.getItem(key) }));

/** Runs `change` as another tab: each write it makes to the storage then reaches the chats here as a storage event, in order. */
async function inOtherTab(change: () => unknown) {
	const events: StorageEvent[] = [];
	const recorded = (key: string, write: () => void) => {
		const oldValue = localStorage.getItem(key);
		write();
		events.push(new StorageEvent("storage", { key, oldValue, newValue: localStorage.getItem(key) }));
	};
	const setItem = localStorage.setItem.bind(localStorage);
	const removeItem = localStorage.removeItem.bind(localStorage);
	const spies = [
		vi.spyOn(localStorage, "setItem").mockImplementation((key, value) => recorded(key, () => setItem(key, value))),
		vi.spyOn(localStorage, "removeItem").mockImplementation((key) => recorded(key, () => removeItem(key))),
	];
	try {
		await change();
	} finally {
		for (const spy of spies) spy.mockRestore();
	}
	for (const event of events) dispatchEvent(event);
}
/** A chat as one tab of the site whose worker is at `base` runs it. */
const tab = (api: Api, base: string, live = fakeLive()) => createChat({ api, apiBase: base, page, live: live.open });
let bases = 0;
const newBase = () => `https://frontdesk-${++bases}.example`;

beforeEach(() => localStorage.clear());

it("keeps two tabs in one conversation: one opened before the other started it follows, and sends there", async () => {
	const base = newBase();
	const { api, calls } = fakeApi();
	const live = fakeLive();
	const first = tab(api, base);
	const second = tab(api, base, live);
	await second.load();
	await first.send("where is my parcel?");
	otherTabSaved(keyOf(base));

	await vi.waitFor(() => expect(live.urls).toEqual(["ws://fake/c1?after=3"]));
	expect(second.state.messages.value.map((message) => message.text)).toEqual(["You're chatting with Fern, an AI assistant.", "where is my parcel?", "echo: where is my parcel?"]);
	expect(second.state.unread.value).toBe(0);
	await second.send("any news?");
	expect(calls.filter((call) => call === "start")).toHaveLength(1);
	expect(second.state.messages.value.map((message) => message.seq)).toEqual([1, 2, 3, 4, 5]);
});

it("takes up the other tab's conversation when it was starting one of its own at the same moment, and starts no third", async () => {
	const base = newBase();
	const { api, calls } = fakeApi();
	const start = api.start;
	let starts = 0;
	let releaseSecond = () => {};
	api.start = async (body) => {
		if (++starts === 2) await new Promise<void>((resolve) => (releaseSecond = resolve));
		return start(body);
	};
	const first = tab(api, base);
	const second = tab(api, base);
	await first.send("hello from the first tab");
	const sending = second.send("hello from the second tab");
	await vi.waitFor(() => expect(starts).toBe(2));
	otherTabSaved(keyOf(base));
	releaseSecond();
	await sending;
	expect(calls.filter((call) => call === "start")).toHaveLength(2);
	expect(JSON.parse(localStorage.getItem(keyOf(base)) ?? "null")).toMatchObject({ id: "c1" });
	expect(second.state.messages.value.map((message) => message.text)).toContain("hello from the second tab");
	expect(calls).toContain("send:hello from the second tab");
});

it("clears the conversation and the customer from every tab when one forgets it (reset() at a sign-out), or the site clears the storage", async () => {
	const ways: Array<(chat: ReturnType<typeof createChat>) => unknown> = [
		(chat) => inOtherTab(() => chat.reset()),
		() => {
			localStorage.clear();
			otherTabSaved(null);
		},
	];
	for (const forgetIt of ways) {
		const base = newBase();
		const { api } = fakeApi();
		const first = tab(api, base);
		await first.send("my card ends in 4242");
		const second = tab(api, base);
		expect(await second.identify({ id: "cus_sam", name: "Sam", hash: "a".repeat(64) })).toBe(true);
		await second.load();
		expect(second.state.messages.value).toHaveLength(3);

		second.type("my card number is");
		await forgetIt(first);
		expect(second.state.messages.value).toEqual([]);
		expect(second.state.verifiedName.value).toBeNull();
		expect(second.unsent.text).toBe("");
		await second.send("hello");
		expect(JSON.parse(localStorage.getItem(keyOf(base)) ?? "null")).toEqual({ id: "c2", token: "token-c2", greeting: "" });
	}
});

it("learns whom the conversation belongs to when the other tab identifies its customer, so another customer here does not get it", async () => {
	const base = newBase();
	const { api } = fakeApi();
	const first = tab(api, base);
	await first.send("my order 00123842");
	const second = tab(api, base);
	await second.load();
	expect(await first.identify({ id: "cus_sam", name: "Sam", hash: "a".repeat(64) })).toBe(true);
	otherTabSaved(keyOf(base));
	expect(await second.identify({ id: "cus_kim", name: "Kim", hash: "a".repeat(64) })).toBe(true);
	expect(second.state.messages.value).toEqual([]);
});

it("shows that the other tab's conversation could not be loaded, and loads it at the next send", async () => {
	const base = newBase();
	const { api } = fakeApi();
	const live = fakeLive();
	const first = tab(api, base);
	const second = tab(api, base, live);
	await second.load();
	await first.send("where is my parcel?");
	const read = api.read;
	api.read = async () => {
		throw new ApiError(500, "internal_error", "Something went wrong on our side.");
	};
	otherTabSaved(keyOf(base));
	await vi.waitFor(() => expect(second.state.problem.value).toBe("load_failed"));
	api.read = read;
	await second.send("any news?");
	await vi.waitFor(() => expect(live.urls).toHaveLength(1));
	expect(second.state.messages.value.map((message) => message.seq)).toEqual([1, 2, 3, 4, 5]);
});

it("ignores other keys, and a save of the conversation it already shows", async () => {
	const base = newBase();
	const { api, calls } = fakeApi();
	const chat = tab(api, base);
	await chat.send("hello");
	otherTabSaved("someone-else's-key");
	otherTabSaved(keyOf(base));
	expect(calls.filter((call) => call.startsWith("read:"))).toEqual([]);
	expect(chat.state.messages.value).toHaveLength(3);
});

it("keeps the customer and what they typed when another tab forgets a conversation the worker no longer knows, which is no sign-out", async () => {
	const ways: Array<[string, (chat: ReturnType<typeof createChat>) => Promise<unknown>]> = [
		["a request", (chat) => chat.requestHuman()],
		["a message, which then starts a new conversation there", (chat) => chat.send("are you there?")],
	];
	for (const [way, refused] of ways) {
		const base = newBase();
		const { api, conversations } = fakeApi();
		const first = tab(api, base);
		await first.send("hello");
		const second = tab(api, base);
		expect(await second.identify({ id: "cus_sam", name: "Sam", hash: "a".repeat(64) })).toBe(true);
		await second.load();
		second.type("my parcel is");

		// Erased at the worker: the first tab's next request or message finds it gone, and forgets it.
		conversations.delete("c1");
		await inOtherTab(() => refused(first));
		expect(second.state.messages.value.map((message) => message.text), way).not.toContain("hello");
		expect(second.state.verifiedName.value, way).toBe("Sam");
		expect(second.unsent.text, way).toBe("my parcel is");
		await second.send("my parcel is late");
		expect(second.state.messages.value.map((message) => message.text).slice(-2), way).toEqual(["my parcel is late", "echo: my parcel is late"]);
	}
});

it("forgets its customer, what they typed too, when it takes up another customer's conversation from another tab", async () => {
	const base = newBase();
	const { api } = fakeApi();
	const first = tab(api, base);
	expect(await first.identify({ id: "cus_sam", name: "Sam", hash: "a".repeat(64) })).toBe(true);
	first.type("my password is");
	const second = tab(api, base);
	expect(await second.identify({ id: "cus_kim", name: "Kim", hash: "a".repeat(64) })).toBe(true);
	await second.send("my order 00123842");
	otherTabSaved(keyOf(base));
	await vi.waitFor(() => expect(first.state.messages.value).toHaveLength(3));
	expect(first.state.verifiedName.value).toBeNull();
	expect(first.unsent.text).toBe("");

	// An anonymous one keeps the customer here: one may chat before signing in, as on a page that does not identify.
	const otherSite = newBase();
	const sam = tab(api, otherSite);
	expect(await sam.identify({ id: "cus_sam", name: "Sam", hash: "a".repeat(64) })).toBe(true);
	await tab(api, otherSite).send("hello");
	otherTabSaved(keyOf(otherSite));
	await vi.waitFor(() => expect(sam.state.messages.value).toHaveLength(3));
	expect(sam.state.verifiedName.value).toBe("Sam");
});

it("forgets the customer and what they typed when another customer is identified in another tab, as at a sign-out", async () => {
	const base = newBase();
	const { api } = fakeApi();
	const kim = tab(api, base);
	expect(await kim.identify({ id: "cus_kim", name: "Kim", hash: "a".repeat(64) })).toBe(true);
	await kim.send("my order 00123842");
	kim.type("my card number is");
	const other = tab(api, base);
	await inOtherTab(() => other.identify({ id: "cus_sam", name: "Sam", hash: "a".repeat(64) }));
	expect(kim.state.messages.value).toEqual([]);
	expect(kim.state.verifiedName.value).toBeNull();
	expect(kim.unsent.text).toBe("");
});

it("sends a message refused for a conversation it has left since (the worker no longer knew it) to the one taken up, which it keeps", async () => {
	const base = newBase();
	const { api, calls, conversations } = fakeApi();
	const first = tab(api, base);
	await first.send("hello");
	const second = tab(api, base);
	// The second tab's send to c1 is on its way as c1 is erased, and refused only once the first tab moved on to c2.
	const send = api.send;
	let refuse = () => {};
	const refused = new Promise<void>((resolve) => (refuse = resolve));
	api.send = async (key, body, onEvent) => {
		if (key.id !== "c1") return send(key, body, onEvent);
		await refused;
		throw new ApiError(404, "not_found", "No conversation has this id.");
	};
	const sending = second.send("any news?");
	conversations.delete("c1");
	await inOtherTab(async () => {
		expect(await first.requestHuman()).toBe(false);
		await first.send("my parcel is late");
	});
	await vi.waitFor(() => expect(second.state.messages.value.map((message) => message.text)).toContain("echo: my parcel is late"));
	refuse();
	await sending;
	expect(JSON.parse(localStorage.getItem(keyOf(base)) ?? "null")).toMatchObject({ id: "c2" });
	expect(second.state.messages.value.map((message) => message.text)).toEqual(["You're chatting with Fern, an AI assistant.", "my parcel is late", "echo: my parcel is late", "any news?", "echo: any news?"]);
	expect(calls.filter((call) => call === "start")).toHaveLength(2);
});

it("brought back by Back or Forward, catches up with what the other tabs did while it was kept, which it could not hear", async () => {
	const keptAway = async (meanwhile: () => unknown) => {
		dispatchEvent(new Event("pagehide"));
		await meanwhile();
		dispatchEvent(Object.assign(new Event("pageshow"), { persisted: true }));
	};
	const base = newBase();
	const { api } = fakeApi();
	const kept = tab(api, base);
	expect(await kept.identify({ id: "cus_sam", name: "Sam", hash: "a".repeat(64) })).toBe(true);
	await kept.send("my order 00123842");
	const neverChatted = tab(api, newBase());
	expect(await neverChatted.identify({ id: "cus_kim", name: "Kim", hash: "a".repeat(64) })).toBe(true);
	// Nothing changed meanwhile, or nothing was ever stored: everything stays.
	await keptAway(() => {});
	expect(kept.state.verifiedName.value).toBe("Sam");
	expect(kept.state.messages.value).toHaveLength(3);
	expect(neverChatted.state.verifiedName.value).toBe("Kim");

	// Another conversation of the same customer, started in another tab: taken up.
	await keptAway(async () => {
		const other = tab(api, base);
		other.reset();
		expect(await other.identify({ id: "cus_sam", name: "Sam", hash: "a".repeat(64) })).toBe(true);
		await other.send("and my refund?");
	});
	await vi.waitFor(() => expect(kept.state.messages.value.map((message) => message.text)).toContain("echo: and my refund?"));

	// Signed out in another tab meanwhile: the conversation is gone from the storage, and so is everything here.
	kept.type("my card number is");
	await keptAway(() => tab(api, base).reset());
	expect(kept.state.messages.value).toEqual([]);
	expect(kept.state.verifiedName.value).toBeNull();
	expect(kept.unsent.text).toBe("");
});
