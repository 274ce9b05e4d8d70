// Two tabs of one site share the stored conversation (localStorage). Each tab is a chat of its own here; the
// browser tells a tab of another's change with a storage event, which the test sends as the browser would.
import { beforeEach, expect, it, vi } from "vitest";
import { createChat } from "../../widget/chat.ts";
import { fakeApi, fakeLive } from "./fake-api.ts";

const BASE = "https://frontdesk.example";
const KEY = `frontdesk:conversation:${BASE}`;
const page = () => ({ url: "https://shop.example/", title: "Shop" });
const otherTabSaved = (key: string | null = KEY) => dispatchEvent(new StorageEvent("storage", { key }));

beforeEach(() => localStorage.clear());

it("keeps two tabs in one conversation: one opened before the other started it follows, and sends there", async () => {
	const { api, calls } = fakeApi();
	const live = fakeLive();
	const first = createChat({ api, apiBase: BASE, page, live: fakeLive().open });
	const second = createChat({ api, apiBase: BASE, page, live: live.open });
	await second.load();
	await first.send("where is my parcel?");
	otherTabSaved();

	await vi.waitFor(() => expect(live.urls).toEqual(["ws://fake/c1?after=3"]));
	expect(second.state.messages.value.map((message) => message.text)).toEqual(["You're chatting with Fern, an AI assistant.", "where is my parcel?", "echo: where is my parcel?"]);
	await second.send("any news?");
	expect(calls.filter((call) => call === "start")).toHaveLength(1);
	expect(second.state.messages.value.map((message) => message.seq)).toEqual([1, 2, 3, 4, 5]);
});

it("clears the conversation from every tab when one forgets it (reset() at a sign-out), or the site clears the storage", async () => {
	const ways: Array<[(chat: ReturnType<typeof createChat>) => void, string | null]> = [
		[(chat) => chat.reset(), KEY],
		[() => localStorage.clear(), null],
	];
	for (const [forgetIt, key] of ways) {
		localStorage.clear();
		const { api } = fakeApi();
		const first = createChat({ api, apiBase: BASE, page, live: fakeLive().open });
		await first.send("my card ends in 4242");
		const second = createChat({ api, apiBase: BASE, page, live: fakeLive().open });
		await second.load();
		expect(second.state.messages.value).toHaveLength(3);

		forgetIt(first);
		otherTabSaved(key);
		expect(second.state.messages.value).toEqual([]);
		await second.send("hello");
		expect(JSON.parse(localStorage.getItem(KEY) ?? "null")).toMatchObject({ id: "c2" });
	}
});

it("ignores other keys, and a save of the conversation it already shows", async () => {
	const { api, calls } = fakeApi();
	const chat = createChat({ api, apiBase: BASE, page, live: fakeLive().open });
	await chat.send("hello");
	otherTabSaved("someone-else's-key");
	otherTabSaved();
	expect(calls.filter((call) => call.startsWith("read:"))).toEqual([]);
	expect(chat.state.messages.value).toHaveLength(3);
});
