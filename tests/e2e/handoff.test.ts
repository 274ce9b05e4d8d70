import type { Page } from "playwright-core";
import { expect, inject, it } from "vitest";
import type { ProcessedWebhook } from "../support/webhook-receiver.ts";
import { axeViolations } from "../support/axe.ts";
import { ARTIFACTS, chromiumForFile } from "../support/chromium.ts";

const workerUrl = inject("workerUrl");
const receiverBase = inject("webhookReceiverUrl").replace(/\/hooks$/, "");
const browser = chromiumForFile();

async function ticketFor(conversationId: string): Promise<ProcessedWebhook | undefined> {
	const processed = (await (await fetch(`${receiverBase}/__processed?conversationId=${conversationId}`)).json()) as ProcessedWebhook[];
	return processed.find((webhook) => webhook.type === "handoff.created");
}

/** The demo store, its chat opened and `text` sent in it. */
async function sentFromTheDemoStore(text: string): Promise<Page> {
	const page = await browser().newPage();
	await page.goto(`${workerUrl}/`);
	await page.getByRole("button", { name: "Open chat" }).click();
	await page.getByLabel("Your message").fill(text);
	await page.getByLabel("Your message").press("Enter");
	return page;
}

/** The conversation the widget stored for the page's site. */
function storedConversationId(page: Page): Promise<string> {
	return page.evaluate(() => {
		const key = Object.keys(localStorage).find((name) => name.startsWith("frontdesk:conversation:"));
		return JSON.parse(localStorage.getItem(key ?? "") ?? "{}").id as string;
	});
}

it("hands off from the widget; the agent's reply appears live in the open widget, apart from AI messages", async () => {
	const page = await sentFromTheDemoStore("where is my order 00123842?");
	await page.getByText("You can follow order 00123842").waitFor();
	// The panel's own button, not the answer's quick reply of the same name.
	await page.getByRole("button", { name: "Talk to a human" }).first().click();
	await page.getByText("A person from our team will reply here.").waitFor();
	await page.getByLabel("Your e-mail address").waitFor();
	expect(await axeViolations(page)).toEqual([]);
	// Saved, the form goes, and a notice in the chat says where the team will reply.
	await page.getByLabel("Your e-mail address").fill("kim@example.com");
	await page.getByLabel("Your e-mail address").press("Enter");
	await page.locator(".notice").filter({ hasText: "our team will reply to kim@example.com" }).waitFor({ timeout: 5_000 });

	const conversationId = await storedConversationId(page);
	await expect.poll(() => ticketFor(conversationId), { timeout: 10_000 }).toBeTruthy();
	expect((await ticketFor(conversationId))?.data).toMatchObject({ reason: "customer_request", entities: [{ type: "order_id", value: "00123842" }] });

	const sentAt = Date.now();
	const reply = await fetch(`${workerUrl}/v1/agent/conversations/${conversationId}/messages`, {
		method: "POST",
		headers: { "Content-Type": "application/json", Authorization: `Bearer ${inject("agentToken")}` },
		body: JSON.stringify({ text: "Hi, I'm Alex. Your parcel is with the courier and arrives tomorrow: https://track.example/p/00123842.", agentName: "Alex" }),
	});
	expect(reply.status).toBe(201);
	const bubble = page.locator(".bubble.agent").filter({ hasText: "arrives tomorrow" });
	await bubble.waitFor({ timeout: 5_000 });
	const shownWithinMs = Date.now() - sentAt;
	expect(shownWithinMs).toBeLessThan(5_000);
	expect(await bubble.locator(".author").textContent()).toBe("Alex Person");
	// The tracking page the agent pasted is a link, underlined in the bubble's own text colour.
	const link = bubble.getByRole("link", { name: "https://track.example/p/00123842" });
	expect(await link.getAttribute("href")).toBe("https://track.example/p/00123842");
	const [linkStyle, textColor] = await link.evaluate((a) => [getComputedStyle(a).textDecorationLine, getComputedStyle(a.closest(".text") as Element).color]);
	expect(linkStyle).toBe("underline");
	expect(await link.evaluate((a) => getComputedStyle(a).color)).toBe(textColor);
	await page.screenshot({ path: `${ARTIFACTS}/agent-reply.png` });
	expect(await axeViolations(page)).toEqual([]);
	await page.close();
});

it("an agent's reply reaches a customer who went on to another page with the chat closed, over a live channel whose URL holds no token: the chat button counts it unread", async () => {
	const page = await sentFromTheDemoStore("I'd like to speak to a real person please");
	await page.getByText("A person from our team will reply here.").waitFor();
	const conversationId = await storedConversationId(page);

	// Another page of the site, where the chat was never opened.
	const listening = page.waitForEvent("websocket", (socket) => socket.url().includes(`/v1/conversations/${conversationId}/live`));
	await page.goto(`${workerUrl}/?page=2`);
	await page.getByRole("button", { name: "Open chat" }).waitFor();
	// The token goes as a subprotocol: a URL is what proxies and request logs keep.
	expect(new URL((await listening).url()).searchParams.has("token")).toBe(false);
	const reply = await fetch(`${workerUrl}/v1/agent/conversations/${conversationId}/messages`, {
		method: "POST",
		headers: { "Content-Type": "application/json", Authorization: `Bearer ${inject("agentToken")}` },
		body: JSON.stringify({ text: "Hi, Alex here: how can I help?", agentName: "Alex" }),
	});
	expect(reply.status).toBe(201);
	await page.getByRole("button", { name: "Open chat, unread messages: 1" }).waitFor({ timeout: 5_000 });
	await page.getByRole("button", { name: "Open chat, unread messages: 1" }).click();
	await page.locator(".bubble.agent").filter({ hasText: "Alex here" }).waitFor();
	await page.close();
});
