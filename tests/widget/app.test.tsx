import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ApiError } from "../../shared/api-error.ts";
import { type Chat, createChat } from "../../widget/chat.ts";
import { App } from "../../widget/ui/App.tsx";
import { fakeApi, fakeLive, SETTINGS } from "./fake-api.ts";

function renderWidget() {
	const fake = fakeApi();
	const chat = createChat({ api: fake.api, apiBase: "https://frontdesk.example", page: () => undefined, live: fakeLive().open });
	render(<App chat={chat} locale="en" />);
	return { chat, ...fake };
}

describe("the widget", () => {
	beforeEach(() => localStorage.clear());
	afterEach(cleanup);

	it("shows only the launcher until opened", () => {
		renderWidget();
		expect(screen.getByRole("button", { name: "Open chat" }).getAttribute("aria-expanded")).toBe("false");
		expect(screen.queryByRole("dialog")).toBeNull();
	});

	it("keeps above a conversation the greeting it started with, on every page after, where another page has its own", async () => {
		const settings = { ...SETTINGS, greeting: "Hi! Ask me anything.", pageGreetings: [{ path: "/delivery*", text: "Questions about delivery?" }] };
		const greetingOnScreen = () => screen.getByRole("log").querySelectorAll(".bubble")[0]?.textContent;
		const open = (chat: Chat) => {
			render(<App chat={chat} locale="en" />);
			fireEvent.click(screen.getByRole("button", { name: "Open chat" }));
		};
		history.pushState(null, "", "/delivery/express");
		try {
			const fake = fakeApi();
			fake.api.settings = async () => settings;
			const chat = createChat({ api: fake.api, apiBase: "https://frontdesk.example", page: () => undefined, live: fakeLive().open });
			open(chat);
			await waitFor(() => expect(greetingOnScreen()).toContain("Questions about delivery?"));
			await chat.send("how much is express delivery");
			cleanup();

			// Another page of the site, where the same conversation is taken up from storage.
			history.pushState(null, "", "/");
			const later = createChat({ api: fake.api, apiBase: "https://frontdesk.example", page: () => undefined, live: fakeLive().open });
			open(later);
			await screen.findByText("how much is express delivery");
			expect(greetingOnScreen()).toContain("Questions about delivery?");

			// A new conversation on this page greets as this page does.
			later.reset();
			await waitFor(() => expect(greetingOnScreen()).toContain("Hi! Ask me anything."));
		} finally {
			history.pushState(null, "", "/");
		}
	});

	it("shows no greeting above a conversation that started with none, on a page that has one of its own", async () => {
		const settings = { ...SETTINGS, greeting: null, pageGreetings: [{ path: "/delivery*", text: "Questions about delivery?" }] };
		const fake = fakeApi();
		fake.api.settings = async () => settings;
		const chatOn = (path: string) => {
			history.pushState(null, "", path);
			const chat = createChat({ api: fake.api, apiBase: "https://frontdesk.example", page: () => undefined, live: fakeLive().open });
			render(<App chat={chat} locale="en" />);
			fireEvent.click(screen.getByRole("button", { name: "Open chat" }));
			return chat;
		};
		try {
			await chatOn("/").send("hello there");
			cleanup();
			chatOn("/delivery");
			await screen.findByText("hello there");
			expect(screen.queryByText("Questions about delivery?")).toBeNull();
		} finally {
			history.pushState(null, "", "/");
		}
	});

	it("opens on the AI disclosure with a visible way to reach a human, focus in the composer", async () => {
		renderWidget();
		fireEvent.click(screen.getByRole("button", { name: "Open chat" }));
		const dialog = await screen.findByRole("dialog", { name: SETTINGS.title });
		const log = screen.getByRole("log");
		expect(log.getAttribute("aria-live")).toBe("polite");
		await waitFor(() => expect(log.querySelector("li")?.textContent).toBe(SETTINGS.disclosure));
		expect(screen.getByRole("button", { name: "Talk to a human" })).toBeTruthy();
		expect(document.activeElement).toBe(screen.getByLabelText("Your message"));
		expect(dialog).toBeTruthy();
	});

	it("names its panel in the widget's language when the site's settings could not be had", async () => {
		const fake = fakeApi();
		fake.api.settings = async () => {
			throw new ApiError(503, "internal_error", "");
		};
		const chat = createChat({ api: fake.api, apiBase: "https://frontdesk.example", page: () => undefined, live: fakeLive().open });
		render(<App chat={chat} locale="en" />);
		fireEvent.click(screen.getByRole("button", { name: "Open chat" }));
		expect(await screen.findByRole("dialog", { name: "Support" })).toBeTruthy();
	});

	it("opened by the host page before the chat could show (a queued Frontdesk.open()), shows open without taking focus from the page", async () => {
		const hostField = document.body.appendChild(document.createElement("input"));
		hostField.focus();
		const fake = fakeApi();
		const chat = createChat({ api: fake.api, apiBase: "https://frontdesk.example", page: () => undefined, live: fakeLive().open });
		chat.setOpen(true);
		render(<App chat={chat} locale="en" />);
		const dialog = await screen.findByRole("dialog", { name: SETTINGS.title });
		expect(document.activeElement).toBe(hostField);
		// Opened again once on screen, it takes focus as the customer expects.
		fireEvent.keyDown(dialog, { key: "Escape" });
		fireEvent.click(screen.getByRole("button", { name: "Open chat" }));
		await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText("Your message")));
		hostField.remove();
	});

	it("opened before the chat could show just after the customer clicked (the site's own chat button), takes focus into the message box, but not from a field of the page", async () => {
		const siteButton = document.body.appendChild(document.createElement("button"));
		siteButton.focus();
		Object.defineProperty(navigator, "userActivation", { value: { isActive: true, hasBeenActive: true }, configurable: true });
		try {
			const fake = fakeApi();
			const chat = createChat({ api: fake.api, apiBase: "https://frontdesk.example", page: () => undefined, live: fakeLive().open });
			chat.setOpen(true);
			render(<App chat={chat} locale="en" />);
			await screen.findByRole("dialog", { name: SETTINGS.title });
			expect(document.activeElement).toBe(screen.getByLabelText("Your message"));
			cleanup();

			// Not from a field of the page the customer is typing in (a key press is an activation too).
			const field = document.body.appendChild(document.createElement("input"));
			field.focus();
			render(<App chat={chat} locale="en" />);
			await screen.findByRole("dialog", { name: SETTINGS.title });
			expect(document.activeElement).toBe(field);
			field.remove();
		} finally {
			Reflect.deleteProperty(navigator, "userActivation");
			siteButton.remove();
		}
	});

	it("starts the conversation once the customer types in the message box, not when the panel opens", async () => {
		const { calls } = renderWidget();
		fireEvent.click(screen.getByRole("button", { name: "Open chat" }));
		const input = await screen.findByLabelText("Your message");
		await waitFor(() => expect(calls).toContain("settings"));
		expect(calls).not.toContain("start");
		fireEvent.input(input, { target: { value: "w" } });
		fireEvent.input(input, { target: { value: "wh" } });
		// Closed before the start is back: the disclosure it stores is no unread message.
		fireEvent.keyDown(input, { key: "Escape" });
		await waitFor(() => expect(calls).toContain("start"));
		fireEvent.click(await screen.findByRole("button", { name: "Open chat" }));
		const reopened = await screen.findByLabelText("Your message");
		fireEvent.input(reopened, { target: { value: "where is my parcel?" } });
		fireEvent.keyDown(reopened, { key: "Enter" });
		expect(await screen.findByText("echo: where is my parcel?")).toBeTruthy();
		expect(calls.filter((call) => call === "start")).toHaveLength(1);
	});

	it("sends on Enter and shows the reply", async () => {
		renderWidget();
		fireEvent.click(screen.getByRole("button", { name: "Open chat" }));
		const input = await screen.findByLabelText("Your message");
		fireEvent.input(input, { target: { value: "Hello there" } });
		fireEvent.keyDown(input, { key: "Enter" });
		expect(await screen.findByText("echo: Hello there")).toBeTruthy();
		expect((input as HTMLTextAreaElement).value).toBe("");
	});

	it("does not send on the Enter that picks a word in an input method (keyCode 229, as Safari gives it after the composition)", async () => {
		const { calls } = renderWidget();
		fireEvent.click(screen.getByRole("button", { name: "Open chat" }));
		const input = await screen.findByLabelText("Your message");
		fireEvent.input(input, { target: { value: "注文はどこ" } });
		fireEvent.keyDown(input, { key: "Enter", keyCode: 229 });
		fireEvent.keyDown(input, { key: "Enter", shiftKey: true });
		await new Promise((resolve) => setTimeout(resolve, 20));
		expect(calls.filter((call) => call.startsWith("send:"))).toEqual([]);
		expect((input as HTMLTextAreaElement).value).toBe("注文はどこ");
		fireEvent.keyDown(input, { key: "Enter", keyCode: 13 });
		expect(await screen.findByText("echo: 注文はどこ")).toBeTruthy();
	});

	it("marks a refused message as not sent, says why, offers no retry for it, puts a long one back to shorten, and lets it go once the customer writes again", async () => {
		const { api } = renderWidget();
		api.send = async () => {
			throw new ApiError(413, "message_too_long", "A message can be at most 2000 characters; this one has 2001.");
		};
		fireEvent.click(screen.getByRole("button", { name: "Open chat" }));
		const input = await screen.findByLabelText("Your message");
		fireEvent.input(input, { target: { value: "a very long message" } });
		fireEvent.keyDown(input, { key: "Enter" });
		expect(await screen.findByText("Too long to send: please shorten it.")).toBeTruthy();
		expect(screen.queryByRole("button", { name: "Retry" })).toBeNull();
		expect((input as HTMLTextAreaElement).value).toBe("a very long message");
		fireEvent.input(input, { target: { value: "short" } });
		fireEvent.keyDown(input, { key: "Enter" });
		await waitFor(() => expect(screen.queryByText("a very long message")).toBeNull());
	});

	it("renders markup from the server as text, never as HTML", async () => {
		const { chat } = renderWidget();
		fireEvent.click(screen.getByRole("button", { name: "Open chat" }));
		await chat.send('<img src=x onerror="alert(1)"><b>bold</b>');
		expect(await screen.findByText('echo: <img src=x onerror="alert(1)"><b>bold</b>')).toBeTruthy();
		expect(document.querySelector("img, b")).toBeNull();
	});

	it("keeps what the customer typed when the panel closes, until it is sent or Frontdesk.reset() is called", async () => {
		const { chat } = renderWidget();
		const reopen = async () => {
			fireEvent.click(screen.getByRole("button", { name: "Open chat" }));
			return (await screen.findByLabelText("Your message")) as HTMLTextAreaElement;
		};
		fireEvent.input(await reopen(), { target: { value: "My parcel arrived broken and" } });
		// Escape, pressed to dismiss something else, closes the panel mid-sentence.
		fireEvent.keyDown(screen.getByLabelText("Your message"), { key: "Escape" });
		await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
		const input = await reopen();
		expect(input.value).toBe("My parcel arrived broken and");
		expect((screen.getByRole("button", { name: "Send" }) as HTMLButtonElement).disabled).toBe(false);

		// Sent, it is gone from the box, closed and opened again too.
		fireEvent.keyDown(input, { key: "Enter" });
		expect(await screen.findByText("echo: My parcel arrived broken and")).toBeTruthy();
		expect(input.value).toBe("");
		fireEvent.input(input, { target: { value: "a half-typed secret" } });

		// A sign-out on a shared computer: the next person does not find it, open panel or not.
		chat.reset();
		await waitFor(() => expect((screen.getByLabelText("Your message") as HTMLTextAreaElement).value).toBe(""));
		chat.setOpen(false);
		await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
		expect((await reopen()).value).toBe("");
	});

	it("closes on Escape and gives focus back to the launcher", async () => {
		renderWidget();
		fireEvent.click(screen.getByRole("button", { name: "Open chat" }));
		const input = await screen.findByLabelText("Your message");
		fireEvent.keyDown(input, { key: "Escape" });
		await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
		expect(document.activeElement).toBe(screen.getByRole("button", { name: "Open chat" }));
	});

	it("closed by the host page's script (Frontdesk.close()), leaves focus in the host page; closed with focus inside, gives it to the launcher", async () => {
		const { chat } = renderWidget();
		const hostField = document.body.appendChild(document.createElement("input"));
		try {
			chat.setOpen(true);
			const composer = await screen.findByLabelText("Your message");
			expect(document.activeElement).toBe(composer);
			// The customer moves on to the host page's own form, and its script then closes the chat.
			hostField.focus();
			chat.setOpen(false);
			await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
			expect(document.activeElement).toBe(hostField);

			chat.setOpen(true);
			await screen.findByLabelText("Your message");
			chat.setOpen(false);
			await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
			expect(document.activeElement).toBe(screen.getByRole("button", { name: "Open chat" }));
		} finally {
			hostField.remove();
		}
	});

	it("records the request when the customer asks for a human, and offers it no more while a person has the conversation", async () => {
		const { calls } = renderWidget();
		fireEvent.click(screen.getByRole("button", { name: "Open chat" }));
		fireEvent.click(await screen.findByRole("button", { name: "Talk to a human" }));
		expect(await screen.findByText("You asked to talk to a person.")).toBeTruthy();
		expect(calls).toContain("requestHuman");
		expect(screen.queryByRole("button", { name: "Talk to a human" })).toBeNull();
	});
});

describe("the open panel, covering the page on a phone-wide screen and beside it on a wider one", () => {
	const html = document.documentElement;
	const resize = (width: number, height: number) => (window as unknown as { happyDOM: { setViewport(size: object): void } }).happyDOM.setViewport({ width, height });
	// happy-dom takes a media query for unmatched as a change listener is added, whatever the screen, and tells no
	// change until it matches: the widget shows on a wide screen, which then narrows.
	const renderOnPhone = () => {
		renderWidget();
		resize(390, 844);
	};
	beforeEach(() => {
		localStorage.clear();
		// The host page's own.
		html.style.overflow = "clip";
	});
	afterEach(() => {
		cleanup();
		resize(1024, 768);
		html.style.overflow = "";
	});

	it("is modal while the screen is phone-wide, and stops or starts being as the screen is turned, with nothing else changing", async () => {
		renderOnPhone();
		fireEvent.click(screen.getByRole("button", { name: "Open chat" }));
		// Named: the settings are in, and nothing else is coming to make the panel render again.
		const dialog = await screen.findByRole("dialog", { name: SETTINGS.title });
		expect(dialog.getAttribute("aria-modal")).toBe("true");
		resize(844, 390);
		await waitFor(() => expect(dialog.getAttribute("aria-modal")).toBe("false"));
		resize(390, 844);
		await waitFor(() => expect(dialog.getAttribute("aria-modal")).toBe("true"));
	});

	it("holds the host page still while the panel is open, and gives it back its own overflow when it closes, or when the screen is turned wider", async () => {
		renderOnPhone();
		fireEvent.click(screen.getByRole("button", { name: "Open chat" }));
		const dialog = await screen.findByRole("dialog", { name: SETTINGS.title });
		expect(html.style.overflow).toBe("hidden");
		fireEvent.keyDown(dialog, { key: "Escape" });
		await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
		expect(html.style.overflow).toBe("clip");

		fireEvent.click(screen.getByRole("button", { name: "Open chat" }));
		await screen.findByRole("dialog");
		expect(html.style.overflow).toBe("hidden");
		resize(844, 390);
		await waitFor(() => expect(html.style.overflow).toBe("clip"));
		resize(390, 844);
		await waitFor(() => expect(html.style.overflow).toBe("hidden"));
	});

	it("leaves the host page alone beside it, on a wider screen", async () => {
		renderWidget();
		fireEvent.click(screen.getByRole("button", { name: "Open chat" }));
		expect((await screen.findByRole("dialog", { name: SETTINGS.title })).getAttribute("aria-modal")).toBe("false");
		expect(html.style.overflow).toBe("clip");
	});
});
