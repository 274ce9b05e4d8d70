import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createChat } from "../../widget/chat.ts";
import { App } from "../../widget/ui/App.tsx";
import { fakeApi, fakeLive } from "./fake-api.ts";

/** A gate the test opens one token at a time. */
function tokenGate() {
	const waiting: Array<() => void> = [];
	return {
		wait: () => new Promise<void>((resolve) => waiting.push(resolve)),
		release: async () => {
			await waitFor(() => expect(waiting.length).toBeGreaterThan(0));
			waiting.shift()?.();
		},
	};
}

/** The widget, open, with replies that stream one token each time the test opens the gate. */
function openWithTokenGate() {
	const gate = tokenGate();
	const chat = createChat({ api: fakeApi(gate.wait).api, apiBase: "https://frontdesk.example", page: () => undefined, live: fakeLive().open });
	render(<App chat={chat} locale="en" />);
	fireEvent.click(screen.getByRole("button", { name: "Open chat" }));
	return { gate, chat };
}

describe("a streamed reply", () => {
	beforeEach(() => localStorage.clear());
	afterEach(cleanup);

	it("shows the typing indicator, then the reply growing token by token, then the stored reply", async () => {
		const { gate, chat } = openWithTokenGate();
		const sending = chat.send("where is my parcel");

		expect(await screen.findByText("Fern is typing…")).toBeTruthy();
		await gate.release();
		await waitFor(() => expect(chat.state.draft.value).toBe("echo: "));
		// The worker has stored the message: it is no longer shown as pending beside the stored copy.
		expect(chat.state.pending.value).toEqual([]);
		expect(screen.getAllByText("where is my parcel")).toHaveLength(1);
		expect(screen.queryByText("Fern is typing…")).toBeNull();
		await gate.release();
		await waitFor(() => expect(chat.state.draft.value).toBe("echo: where "));
		expect(screen.getByRole("log").textContent).toContain("echo: where");
		await gate.release();
		await gate.release();
		await gate.release();
		await sending;
		expect(chat.state.draft.value).toBeNull();
		expect(chat.state.messages.value.at(-1)?.text).toBe("echo: where is my parcel");
		expect(screen.getAllByText("echo: where is my parcel")).toHaveLength(1);
	});

	it("formats the reply as it streams, not only once it is stored", async () => {
		const { gate, chat } = openWithTokenGate();
		const sending = chat.send("**tracked** parcel");
		await gate.release();
		await gate.release();
		await waitFor(() => expect(chat.state.draft.value).toBe("echo: **tracked** "));
		const streaming = [...screen.getByRole("log").querySelectorAll(".bubble .text")].at(-1);
		expect(streaming?.querySelector("strong")?.textContent).toBe("tracked");
		expect(streaming?.textContent).toBe("echo: tracked ");
		await gate.release();
		await sending;
	});

	it("leaves a customer who scrolled back up where they are while a reply streams in, and follows again when they send", async () => {
		const { gate, chat } = openWithTokenGate();
		const log = await screen.findByRole("log");
		Object.defineProperty(log, "scrollHeight", { configurable: true, get: () => 1000 });
		Object.defineProperty(log, "clientHeight", { configurable: true, get: () => 300 });
		const sending = chat.send("where is my parcel");
		await waitFor(() => expect(log.scrollTop).toBe(1000));
		await gate.release();
		await waitFor(() => expect(chat.state.draft.value).toBe("echo: "));
		// The customer scrolls up to read an earlier answer again.
		log.scrollTop = 200;
		await gate.release();
		await waitFor(() => expect(chat.state.draft.value).toBe("echo: where "));
		expect(log.scrollTop).toBe(200);
		for (let token = 0; token < 3; token++) await gate.release();
		await sending;
		expect(log.scrollTop).toBe(200);

		const again = chat.send("thanks");
		await waitFor(() => expect(log.scrollTop).toBe(1000));
		await gate.release();
		await gate.release();
		await again;
	});

	it("announces the reply once, finished, while its bubble streams token by token", async () => {
		const { gate, chat } = openWithTokenGate();
		const log = await screen.findByRole("log");
		expect(log.getAttribute("aria-live")).toBe("polite");
		// What the live region tells a screen reader: nodes added, and text changed, outside aria-hidden subtrees.
		const announced: string[] = [];
		const exposed = (node: Node) => !(node instanceof Element ? node : node.parentElement)?.closest("[aria-hidden='true']");
		const observer = new MutationObserver((mutations) => {
			for (const mutation of mutations) {
				const changed = mutation.type === "characterData" ? [mutation.target] : [...mutation.addedNodes];
				for (const node of changed) if (exposed(node) && node.textContent) announced.push(node.textContent);
			}
		});
		observer.observe(log, { childList: true, characterData: true, subtree: true });

		const sending = chat.send("where is my parcel");
		for (let token = 0; token < 4; token++) await gate.release();
		await waitFor(() => expect(chat.state.draft.value).toBe("echo: where is my "));
		// The bubble shows the reply as it grows.
		await waitFor(() => expect(log.textContent).toContain("echo: where is my"));
		await gate.release();
		await sending;
		await waitFor(() => expect(screen.getAllByText("echo: where is my parcel")).toHaveLength(1));
		announced.push(...observer.takeRecords().flatMap((mutation) => [...mutation.addedNodes].filter(exposed).map((node) => node.textContent ?? "")));
		observer.disconnect();
		expect(announced.filter((text) => text.includes("echo"))).toEqual(["Fern AIecho: where is my parcel"]);
		// The customer's own message is heard once: its pending bubble stays when the stored message replaces it.
		expect(announced.filter((text) => text.startsWith("You") && text.includes("where is my parcel"))).toHaveLength(1);
	});

	it("offers the reply's quick replies as buttons that send their text", async () => {
		const fake = fakeApi();
		const chat = createChat({ api: fake.api, apiBase: "https://frontdesk.example", page: () => undefined, live: fakeLive().open });
		render(<App chat={chat} locale="en" />);
		fireEvent.click(screen.getByRole("button", { name: "Open chat" }));
		await chat.send("menu");
		fireEvent.click(await screen.findByRole("button", { name: "Track my order" }));
		await waitFor(() => expect(fake.calls).toContain("send:Track my order"));
		await waitFor(() => expect(screen.queryByRole("button", { name: "Track my order" })).toBeNull());
	});
});
