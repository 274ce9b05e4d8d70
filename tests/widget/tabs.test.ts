// Two tabs of one site share the stored conversation (localStorage). Each tab is a chat of its own here; the
// browser tells a tab of another's change with a storage event, which the test sends as the browser would.
// Each test has a worker address of its own: a chat listens for as long as its page lives, here the file.
import { beforeEach, expect, it, vi } from "vitest";
import { ApiError } from "../../shared/api-error.ts";
import { createChat } from "../../widget/chat.ts";
import { fakeApi, fakeLive } from "./fake-api.ts";

const page = () => ({ url: "https://shop.example/", title: "Shop" });
const keyOf = (base: string) => `frontdesk:conversation:${base}`;
const otherTabSaved = (key: string | null) => dispatchEvent(new StorageEvent("storage", { key }));
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
	const ways: Array<[(chat: ReturnType<typeof createChat>) => void, boolean]> = [
		[(chat) => chat.reset(), true],
		[() => localStorage.clear(), false],
	];
	for (const [forgetIt, oneKey] of ways) {
		const base = newBase();
		const { api } = fakeApi();
		const first = createChat({ api, apiBase: base, page, live: fakeLive().open });
		await first.send("my card ends in 4242");
		const second = createChat({ api, apiBase: base, page, live: fakeLive().open });
		expect(await second.identify({ id: "cus_sam", name: "Sam", hash: "a".repeat(64) })).toBe(true);
		await second.load();
		expect(second.state.messages.value).toHaveLength(3);

		forgetIt(first);
		otherTabSaved(oneKey ? keyOf(base) : null);
		expect(second.state.messages.value).toEqual([]);
		expect(second.state.verifiedName.value).toBeNull();
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
