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

describe("a streamed reply", () => {
	beforeEach(() => localStorage.clear());
	afterEach(cleanup);

	it("shows the typing indicator, then the reply growing token by token, then the stored reply", async () => {
		const gate = tokenGate();
		const fake = fakeApi(gate.wait);
		const chat = createChat({ api: fake.api, apiBase: "https://frontdesk.example", page: () => undefined, live: fakeLive().open });
		render(<App chat={chat} locale="en" />);
		fireEvent.click(screen.getByRole("button", { name: "Open chat" }));
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
