import { beforeEach, describe, expect, it } from "vitest";
import { createChat } from "../../widget/chat.ts";
import { fakeApi, fakeLive } from "./fake-api.ts";

const BASE = "https://frontdesk.example";
const page = () => ({ url: "https://shop.example/", title: "Shop" });

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

	it("shows a typed message as pending until the worker has stored it", async () => {
		const { api } = fakeApi();
		const chat = createChat({ api, apiBase: BASE, page, live: fakeLive().open });
		const sending = chat.send("hello");
		expect(chat.state.pending.value.map((p) => p.text)).toEqual(["hello"]);
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

	it("records a request for a human, creating the conversation if needed", async () => {
		const { api } = fakeApi();
		const chat = createChat({ api, apiBase: BASE, page, live: fakeLive().open });
		await chat.requestHuman();
		expect(chat.state.messages.value.map((m) => m.kind)).toEqual(["disclosure", "handoff_requested"]);
	});

	it("reports a failed send without losing the conversation", async () => {
		const { api } = fakeApi();
		const chat = createChat({ api, apiBase: BASE, page, live: fakeLive().open });
		await chat.send("hello");
		api.send = async () => {
			throw new Error("offline");
		};
		await chat.send("lost?");
		expect(chat.state.problem.value).toBe("send_failed");
		expect(chat.state.messages.value).toHaveLength(3);
	});
});
