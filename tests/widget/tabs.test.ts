// Two tabs of one site share the stored conversation (localStorage). Each tab is a chat of its own here; the
// browser tells a tab of another's change with a storage event, which the test sends as the browser would.
// Each test has a worker address of its own: a chat listens for as long as its page lives, here the file.
import { beforeEach, expect, it, vi } from "vitest";
import { ApiError } from "../../shared/api-error.ts";
import { createChat } from "../../widget/chat.ts";
import { fakeApi, fakeLive } from "./fake-api.ts";

const page = () => ({ url: "https://shop.example/", title: "Shop" });
const keyOf = (base: string) => `frontdesk:conversation:${base}`;
const otherTabSaved = (key: string | null) => dispatchEvent(new StorageEvent("storage", { key, newValue: key && localStorage.getItem(key) }));

/** Runs `change` as another tab: each write it makes to the storage then reaches the chats here as a storage event, in order. */
function inOtherTab(change: () => void) {
	const events: StorageEvent[] = [];
	const record = (key: string) => events.push(new StorageEvent("storage", { key, newValue: localStorage.getItem(key) }));
	const setItem = localStorage.setItem.bind(localStorage);
	const removeItem = localStorage.removeItem.bind(localStorage);
	const spies = [
		vi.spyOn(localStorage, "setItem").mockImplementation((key, value) => {
			setItem(key, value);
			record(key);
		}),
		vi.spyOn(localStorage, "removeItem").mockImplementation((key) => {
			removeItem(key);
			record(key);
		}),
	];
	try {
		change();
	} finally {
		for (const spy of spies) spy.mockRestore();
	}
	for (const event of events) dispatchEvent(event);
}
let bases = 0;
const newBase = () => `https://frontdesk-${++bases}.example`;

beforeEach(() => localStorage.clear());

it("keeps two tabs in one conversation: one opened before the other started it follows, and sends there", async () => {
	const base = newBase();
	const { api, calls } = fakeApi();
	const live = fakeLive();
	const first = createChat({ api, apiBase: base, page, live: fakeLive().open });
	const second = createChat({ api, apiBase: base, page, live: live.open });
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
	const first = createChat({ api, apiBase: base, page, live: fakeLive().open });
	const second = createChat({ api, apiBase: base, page, live: fakeLive().open });
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
	const ways: Array<(chat: ReturnType<typeof createChat>) => void> = [
		(chat) => inOtherTab(() => chat.reset()),
		() => {
			localStorage.clear();
			otherTabSaved(null);
		},
	];
	for (const forgetIt of ways) {
		const base = newBase();
		const { api } = fakeApi();
		const first = createChat({ api, apiBase: base, page, live: fakeLive().open });
		await first.send("my card ends in 4242");
		const second = createChat({ api, apiBase: base, page, live: fakeLive().open });
		expect(await second.identify({ id: "cus_sam", name: "Sam", hash: "a".repeat(64) })).toBe(true);
		await second.load();
		expect(second.state.messages.value).toHaveLength(3);

		second.type("my card number is");
		forgetIt(first);
		expect(second.state.messages.value).toEqual([]);
		expect(second.state.verifiedName.value).toBeNull();
		expect(second.unsent.text).toBe("");
		await second.send("hello");
		expect(JSON.parse(localStorage.getItem(keyOf(base)) ?? "null")).toEqual({ id: "c2", token: "token-c2" });
	}
});

it("learns whom the conversation belongs to when the other tab identifies its customer, so another customer here does not get it", async () => {
	const base = newBase();
	const { api } = fakeApi();
	const first = createChat({ api, apiBase: base, page, live: fakeLive().open });
	await first.send("my order 00123842");
	const second = createChat({ api, apiBase: base, page, live: fakeLive().open });
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
	const first = createChat({ api, apiBase: base, page, live: fakeLive().open });
	const second = createChat({ api, apiBase: base, page, live: live.open });
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
	const chat = createChat({ api, apiBase: base, page, live: fakeLive().open });
	await chat.send("hello");
	otherTabSaved("someone-else's-key");
	otherTabSaved(keyOf(base));
	expect(calls.filter((call) => call.startsWith("read:"))).toEqual([]);
	expect(chat.state.messages.value).toHaveLength(3);
});

it("keeps the customer and what they typed when another tab forgets a conversation the worker no longer knows, which is no sign-out", async () => {
	const base = newBase();
	const { api, calls, conversations } = fakeApi();
	const first = createChat({ api, apiBase: base, page, live: fakeLive().open });
	await first.send("hello");
	const second = createChat({ api, apiBase: base, page, live: fakeLive().open });
	expect(await second.identify({ id: "cus_sam", name: "Sam", hash: "a".repeat(64) })).toBe(true);
	await second.load();
	second.type("my parcel is");

	// Erased at the worker: the first tab's next request finds it gone, and forgets it.
	conversations.delete("c1");
	expect(await first.requestHuman()).toBe(false);
	expect(localStorage.getItem(keyOf(base))).toBeNull();
	otherTabSaved(keyOf(base));
	expect(second.state.messages.value).toEqual([]);
	expect(second.state.verifiedName.value).toBe("Sam");
	expect(second.unsent.text).toBe("my parcel is");
	await second.send("my parcel is late");
	expect(calls.filter((call) => call === "start")).toHaveLength(2);
	expect(second.state.messages.value.map((message) => message.text)).toEqual(["You're chatting with Fern, an AI assistant.", "my parcel is late", "echo: my parcel is late"]);
	expect(JSON.parse(localStorage.getItem(keyOf(base)) ?? "null")).toMatchObject({ customerId: "cus_sam" });
});

it("stops welcoming its customer when it takes up another customer's conversation from another tab", async () => {
	const base = newBase();
	const { api } = fakeApi();
	const first = createChat({ api, apiBase: base, page, live: fakeLive().open });
	expect(await first.identify({ id: "cus_sam", name: "Sam", hash: "a".repeat(64) })).toBe(true);
	const second = createChat({ api, apiBase: base, page, live: fakeLive().open });
	expect(await second.identify({ id: "cus_kim", name: "Kim", hash: "a".repeat(64) })).toBe(true);
	await second.send("my order 00123842");
	otherTabSaved(keyOf(base));
	await vi.waitFor(() => expect(first.state.messages.value).toHaveLength(3));
	expect(first.state.verifiedName.value).toBeNull();

	// An anonymous one keeps the customer here: one may chat before signing in, as on a page that does not identify.
	const otherSite = newBase();
	const sam = createChat({ api, apiBase: otherSite, page, live: fakeLive().open });
	expect(await sam.identify({ id: "cus_sam", name: "Sam", hash: "a".repeat(64) })).toBe(true);
	await createChat({ api, apiBase: otherSite, page, live: fakeLive().open }).send("hello");
	otherTabSaved(keyOf(otherSite));
	await vi.waitFor(() => expect(sam.state.messages.value).toHaveLength(3));
	expect(sam.state.verifiedName.value).toBe("Sam");
});
