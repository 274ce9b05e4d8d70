import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import siteConfig from "../../frontdesk.config.json" with { type: "json" };
import { parseSiteConfig } from "../../shared/site-config.ts";
import { axeViolations } from "../support/axe.ts";
import { ARTIFACTS, chromiumForFile } from "../support/chromium.ts";

const workerUrl = inject("workerUrl");
const handoffText = parseSiteConfig(siteConfig).assistant.handoff;
const browser = chromiumForFile();

async function openDemoStore(): Promise<Page> {
	const page = await browser().newPage({ viewport: { width: 1280, height: 800 } });
	await page.goto(`${workerUrl}/`);
	return page;
}

describe("the demo store with the widget, in Chromium, against wrangler dev", () => {
	it("discloses the AI, answers, and restores the conversation after a reload", async () => {
		const page = await openDemoStore();
		await page.getByRole("button", { name: "Open chat" }).click();
		const log = page.getByRole("log");
		await expect.poll(() => log.locator("li").first().textContent()).toBe(siteConfig.assistant.disclosure);
		await expect.poll(() => page.getByRole("button", { name: "Talk to a human" }).isVisible()).toBe(true);

		const composer = page.getByLabel("Your message");
		await composer.fill("How long does delivery take?");
		await composer.press("Enter");
		const delivery = siteConfig.intents.find((intent) => intent.id === "delivery_time")!.response!.text;
		await log.getByText(delivery).waitFor();
		await page.screenshot({ path: `${ARTIFACTS}/conversation.png` });

		await page.reload();
		await page.getByRole("button", { name: "Open chat" }).click();
		await log.getByText(delivery).waitFor();
		expect(await log.locator("li.bubble").allTextContents()).toEqual([
			`Fern AI${siteConfig.widget.greeting}`,
			"You How long does delivery take?",
			`Fern AI${delivery}`,
		]);
		await page.close();
	});

	it("starts the conversation as the customer types, so the first message is sent at once, into it", async () => {
		const page = await openDemoStore();
		const requests: string[] = [];
		page.on("request", (request) => {
			if (request.method() === "POST" && new URL(request.url()).pathname.startsWith("/v1/conversations")) requests.push(new URL(request.url()).pathname);
		});
		await page.getByRole("button", { name: "Open chat" }).click();
		await page.getByRole("log").getByText(siteConfig.assistant.disclosure).waitFor();
		expect(requests).toEqual([]);

		const composer = page.getByLabel("Your message");
		const started = page.waitForResponse((response) => response.request().method() === "POST" && new URL(response.url()).pathname === "/v1/conversations");
		await composer.pressSequentially("Where is my order");
		const { conversation } = await (await started).json();
		const sent = page.waitForResponse((response) => response.request().method() === "POST" && new URL(response.url()).pathname.endsWith("/messages"));
		await composer.press("Enter");
		await sent;
		expect(requests).toEqual(["/v1/conversations", `/v1/conversations/${conversation.id}/messages`]);
		await page.close();
	});

	it("records a request for a human in the conversation, then offers it no more", async () => {
		const page = await openDemoStore();
		await page.getByRole("button", { name: "Open chat" }).click();
		await page.getByRole("button", { name: "Talk to a human" }).focus();
		await page.keyboard.press("Enter");
		await page.getByRole("log").getByText(handoffText).waitFor();
		await expect.poll(() => page.getByRole("button", { name: "Talk to a human" }).count()).toBe(0);
		// The button went with its use: the keyboard is left in the message box, not on the page.
		await expect.poll(() => page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.id)).toBe("fd-input");
		await page.close();
	});

	it("greets on the delivery page with its own page greeting, until a conversation started elsewhere follows the customer there with the greeting it started with", async () => {
		const visitor = await browser().newPage({ viewport: { width: 1280, height: 800 } });
		await visitor.goto(`${workerUrl}/delivery`);
		await visitor.getByRole("button", { name: "Open chat" }).click();
		const deliveryGreeting = siteConfig.widget.pageGreetings.find((pageGreeting) => pageGreeting.path === "/delivery*")!.text;
		await visitor.getByRole("log").getByText(deliveryGreeting).waitFor();
		await visitor.close();

		const page = await openDemoStore();
		await page.getByRole("button", { name: "Open chat" }).click();
		const log = page.getByRole("log");
		await page.getByLabel("Your message").fill("Can I return a mug?");
		await page.getByLabel("Your message").press("Enter");
		await log.getByText("You can return unused items").waitFor();
		await page.getByRole("link", { name: "Delivery & returns" }).click();
		await page.waitForURL(`${workerUrl}/delivery`);
		await page.getByRole("button", { name: "Open chat" }).click();
		await log.getByText("You can return unused items").waitFor();
		// Not the delivery page's own greeting, which would read as said before the customer's question.
		expect(await log.locator("li.bubble").allTextContents()).toEqual([`Fern AI${siteConfig.widget.greeting}`, "You Can I return a mug?", expect.stringMatching(/^Fern AIYou can return unused items/)]);
		await page.close();
	});

	it("has no accessibility violations in the open widget, empty and with a conversation", async () => {
		const page = await openDemoStore();
		await page.getByRole("button", { name: "Open chat" }).click();
		await page.getByRole("log").getByText(siteConfig.assistant.disclosure).waitFor();
		expect(await axeViolations(page)).toEqual([]);

		await page.getByLabel("Your message").fill("Can I return a mug?");
		await page.getByLabel("Your message").press("Enter");
		await page.getByRole("log").getByText("You can return unused items").waitFor();
		expect(await axeViolations(page)).toEqual([]);
		await page.close();
	});
});
