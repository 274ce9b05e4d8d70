import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ratingSchema } from "../../shared/request-schemas.ts";
import { createChat } from "../../widget/chat.ts";
import { App } from "../../widget/ui/App.tsx";
import { fakeApi, fakeLive } from "./fake-api.ts";

function renderWidget() {
	const fake = fakeApi();
	const live = fakeLive();
	const chat = createChat({ api: fake.api, apiBase: "https://frontdesk.example", page: () => undefined, live: live.open });
	render(<App chat={chat} locale="en" />);
	fireEvent.click(screen.getByRole("button", { name: "Open chat" }));
	return { chat, live, ...fake };
}

describe("handing off to a person", () => {
	beforeEach(() => localStorage.clear());
	afterEach(cleanup);

	it("says a person will reply, and asks for an e-mail address without blocking the chat", async () => {
		const { chat, calls } = renderWidget();
		await chat.requestHuman();
		expect(await screen.findByRole("status")).toHaveProperty("textContent", "A person from our team will reply here.");
		// Named by what it shows, as voice control users say it (WCAG 2.5.3), and naming what it asks for.
		const email = screen.getByRole("textbox", { name: "Your e-mail address, so our team can reach you if you leave" });
		expect((screen.getByLabelText("Your message") as HTMLTextAreaElement).disabled).toBe(false);

		fireEvent.input(email, { target: { value: "not-an-email" } });
		fireEvent.click(screen.getByRole("button", { name: "Save" }));
		expect(await screen.findByText("Please enter a valid e-mail address.")).toBeTruthy();
		expect(calls.some((call) => call.startsWith("contact:"))).toBe(false);

		fireEvent.input(email, { target: { value: "sam@example.com" } });
		fireEvent.click(screen.getByRole("button", { name: "Save" }));
		await waitFor(() => expect(calls).toContain("contact:sam@example.com"));
		await waitFor(() => expect(screen.queryByLabelText(/^Your e-mail address/)).toBeNull());
	});

	it("shows an agent's reply pushed over the live channel, with their name and not as AI", async () => {
		const { chat, live } = renderWidget();
		await chat.send("hello");
		expect(live.urls).toEqual(["ws://fake/c1?after=1"]);
		live.push({ type: "message", message: { seq: 4, role: "agent", kind: "text", text: "Hi, I'm Alex. Let me look into it.", createdAt: new Date(0).toISOString(), author: "Alex" } });
		const bubble = (await screen.findByText("Hi, I'm Alex. Let me look into it.")).closest("li");
		expect(bubble?.textContent).toContain("Alex");
		expect(bubble?.textContent).toContain("Person");
		expect(bubble?.textContent).not.toContain("AI");
		live.push({ type: "message", message: { seq: 4, role: "agent", kind: "text", text: "Hi, I'm Alex. Let me look into it.", createdAt: new Date(0).toISOString(), author: "Alex" } });
		expect(screen.getAllByText("Hi, I'm Alex. Let me look into it.")).toHaveLength(1);
	});

	it("makes the web addresses in an agent's reply links, and keeps its lines", async () => {
		const { chat, live } = renderWidget();
		await chat.send("where is my parcel?");
		const text = "Here is your tracking page: https://track.example/p/123.\nIt updates every hour.";
		live.push({ type: "message", message: { seq: 4, role: "agent", kind: "text", text, createdAt: new Date(0).toISOString(), author: "Alex" } });
		const link = await screen.findByRole("link", { name: "https://track.example/p/123" });
		expect(link.getAttribute("href")).toBe("https://track.example/p/123");
		expect(link.getAttribute("target")).toBe("_blank");
		const paragraphs = [...(link.closest(".text")?.querySelectorAll("p") ?? [])].map((paragraph) => paragraph.textContent);
		expect(paragraphs).toEqual(["Here is your tracking page: https://track.example/p/123.", "It updates every hour."]);
	});

	it("shows when the conversation is resolved", async () => {
		const { chat, live } = renderWidget();
		await chat.send("hello");
		live.push({ type: "state", state: { owner: "ai", status: "resolved", contactRequested: false, rated: false } });
		expect((await screen.findByRole("status")).textContent).toBe("This conversation is resolved.");
	});
});

describe("after the conversation is resolved", () => {
	beforeEach(() => localStorage.clear());
	afterEach(cleanup);

	it("asks for a 1–5 rating with an optional comment, and thanks the customer", async () => {
		const { chat, live, calls } = renderWidget();
		await chat.send("hello");
		live.push({ type: "state", state: { owner: "ai", status: "resolved", contactRequested: false, rated: false } });
		const send = await screen.findByRole("button", { name: "Send rating" });
		expect((send as HTMLButtonElement).disabled).toBe(true);
		fireEvent.click(screen.getByRole("radio", { name: "4 out of 5" }));
		const comment = screen.getByLabelText("Anything to add? (optional)") as HTMLInputElement;
		// No longer than the worker takes, which would refuse the rating whole.
		expect(comment.maxLength).toBe(2000);
		expect(ratingSchema.safeParse({ rating: 4, comment: "x".repeat(2000) }).success).toBe(true);
		expect(ratingSchema.safeParse({ rating: 4, comment: "x".repeat(2001) }).success).toBe(false);
		fireEvent.input(comment, { target: { value: "Quick and kind" } });
		fireEvent.click(send);
		expect(await screen.findByText("Thanks for your feedback!")).toBeTruthy();
		expect(calls).toContain("rate:4");
	});

	it("thanks a customer who rated the conversation before, as after a reload, rather than ask again", async () => {
		const { chat, live } = renderWidget();
		await chat.send("hello");
		live.push({ type: "state", state: { owner: "ai", status: "resolved", contactRequested: false, rated: true } });
		expect(await screen.findByText("Thanks for your feedback!")).toBeTruthy();
		expect(screen.queryByRole("button", { name: "Send rating" })).toBeNull();
	});

	it("stops saying the conversation is resolved as soon as the customer writes again, while the worker keeps it resolved and the AI answers", async () => {
		const { chat, live, api, resolve } = renderWidget();
		await chat.send("hello");
		const { message, state } = resolve("c1");
		live.push({ type: "message", message });
		live.push({ type: "state", state });
		expect((await screen.findByRole("status")).textContent).toBe("This conversation is resolved.");
		// Gone as the message is sent, before the worker has stored it.
		const send = api.send;
		let release = () => {};
		api.send = async (...args) => {
			await new Promise<void>((go) => (release = go));
			return send(...args);
		};
		const sent = chat.send("One more thing");
		await waitFor(() => expect(screen.queryByRole("status")).toBeNull());
		release();
		await sent;
		expect(await screen.findByText("echo: One more thing")).toBeTruthy();
		expect(screen.queryByRole("status")).toBeNull();
		expect(chat.state.conversation.value.status).toBe("resolved");
	});

	it("does not say again that a conversation is resolved when the customer wrote since, in a page opened later", async () => {
		const first = renderWidget();
		await first.chat.send("hello");
		const { message, state } = first.resolve("c1");
		first.live.push({ type: "message", message });
		first.live.push({ type: "state", state });
		await first.chat.send("One more thing");
		cleanup();

		// The next page: the same browser's conversation, shown from its history.
		const chat = createChat({ api: first.api, apiBase: "https://frontdesk.example", page: () => undefined, live: fakeLive().open });
		render(<App chat={chat} locale="en" />);
		fireEvent.click(screen.getByRole("button", { name: "Open chat" }));
		expect(await screen.findByText("echo: One more thing")).toBeTruthy();
		expect(screen.getByRole("button", { name: "Send rating" })).toBeTruthy();
		expect(screen.queryByText("This conversation is resolved.")).toBeNull();
	});
});

describe("the launcher", () => {
	beforeEach(() => localStorage.clear());
	afterEach(cleanup);

	it("counts replies that arrived while closed, in its label and badge", async () => {
		const fake = fakeApi();
		const live = fakeLive();
		const chat = createChat({ api: fake.api, apiBase: "https://frontdesk.example", page: () => undefined, live: live.open });
		render(<App chat={chat} locale="en" />);
		await chat.send("hello");
		live.push({ type: "message", message: { seq: 9, role: "agent", kind: "text", text: "Still there?", createdAt: new Date(0).toISOString(), author: "Alex" } });
		// The reply and the agent's; not the disclosure, which the panel shows before any conversation.
		const launcher = await screen.findByRole("button", { name: "Open chat, unread messages: 2" });
		expect(launcher.textContent).toContain("2");
		// Said by screen readers as it comes, wherever their user is on the page.
		expect(screen.getByRole("status").textContent).toBe("unread messages: 2");
		fireEvent.click(launcher);
		expect(await screen.findByRole("dialog")).toBeTruthy();
		expect(screen.queryByText("2")).toBeNull();
		expect(screen.queryByText("unread messages: 2")).toBeNull();
	});

	it("lays the panel out right to left in Arabic, and leaves the launcher in its corner", async () => {
		const fake = fakeApi();
		const chat = createChat({ api: fake.api, apiBase: "https://frontdesk.example", page: () => undefined, live: fakeLive().open });
		const { container } = render(<App chat={chat} locale="ar" />);
		chat.setOpen(true);
		await waitFor(() => expect(container.querySelector(".panel")?.getAttribute("dir")).toBe("rtl"));
		expect(container.querySelector(".frontdesk")?.getAttribute("lang")).toBe("ar");
		// Its column's end would be the left in a right-to-left box, and the launcher would jump there on opening.
		expect(container.querySelector(".frontdesk")?.hasAttribute("dir")).toBe(false);
	});
});
