import { expect, inject, it } from "vitest";
import type { Scenario } from "../support/messages-api-server.ts";
import { axeViolations } from "../support/axe.ts";
import { chromiumForFile } from "../support/chromium.ts";

const workerUrl = inject("workerUrl");
const browser = chromiumForFile();

const CHUNKS = ["We don't ", "make custom ", "gift boxes ", "yet, but ", "every order ", "can include ", "a handwritten ", "card."];

async function useScenario(scenario: Scenario) {
	const response = await fetch(`${inject("messagesApiUrl")}/__control`, {
		method: "POST",
		headers: { "Content-Type": "application/json" },
		body: JSON.stringify({ apiKey: inject("anthropicApiKey"), scenario }),
	});
	expect(response.ok).toBe(true);
}

/** Every text the last reply bubble shows, in order, as the page saw it: the test's own pace misses none. */
function recordReplyTexts() {
	const root = document.querySelector("[data-frontdesk]")?.shadowRoot as ShadowRoot;
	const texts: string[] = [];
	Object.assign(window, { replyTexts: texts });
	new MutationObserver(() => {
		const text = Array.from(root.querySelectorAll(".bubble.theirs .text")).at(-1)?.textContent ?? "";
		if (text && texts.at(-1) !== text) texts.push(text);
	}).observe(root, { subtree: true, childList: true, characterData: true });
}

async function askOnTheDemoStore(question: string) {
	const page = await browser().newPage();
	await page.goto(`${workerUrl}/`);
	await page.getByRole("button", { name: "Open chat" }).click();
	await page.evaluate(recordReplyTexts);
	await page.getByLabel("Your message").fill(question);
	await page.getByLabel("Your message").press("Enter");
	return page;
}

it("shows Claude's reply growing token by token in the widget", async () => {
	await useScenario({ kind: "reply", chunks: ["<intent>none</intent>", ...CHUNKS], firstTokenDelayMs: 400, tokenDelayMs: 120 });
	const page = await askOnTheDemoStore("Do you make custom wedding gift boxes?");

	await page.getByText("Fern is typing…").waitFor();
	const full = CHUNKS.join("");
	await page.locator(".bubble.theirs .text").filter({ hasText: full }).waitFor({ timeout: 15_000 });
	// The greeting's bubble came before: only prefixes of the reply count.
	const seen = (await page.evaluate(() => (window as unknown as { replyTexts: string[] }).replyTexts)).filter((text) => full.startsWith(text));
	expect(seen.at(-1)).toBe(full);
	// Several partial states, each a longer prefix of the reply: it streamed, it didn't arrive at once.
	expect(seen.length).toBeGreaterThanOrEqual(4);
	expect(await axeViolations(page)).toEqual([]);
	seen.slice(1).forEach((text, index) => expect(text.length).toBeGreaterThan(seen[index].length));
	await page.close();
});

it("keeps a reply out of the live region while it streams, and has it there once finished, with no accessibility violations", async () => {
	const chunks = ["We don't ", "make custom ", "gift boxes ", "yet."];
	// A slow first token: the accessibility check of the typing line runs here, not beside the test above, where
	// it kept the page busy for long enough (on a loaded machine) that the tokens it measures came in at once.
	await useScenario({ kind: "reply", chunks: ["<intent>none</intent>", ...chunks], firstTokenDelayMs: 1500, tokenDelayMs: 700 });
	const page = await askOnTheDemoStore("Do you make custom wedding gift boxes?");
	await page.getByText("Fern is typing…").waitFor();
	expect(await axeViolations(page)).toEqual([]);

	// Chromium's accessibility tree of the log (role="log", aria-live="polite") is what a screen reader announces from.
	const log = page.getByRole("log");
	await page.locator(".bubble.theirs").filter({ hasText: "We don't" }).waitFor();
	expect(await log.ariaSnapshot()).not.toContain("We don't");
	expect(await axeViolations(page)).toEqual([]);
	await expect.poll(() => log.ariaSnapshot(), { timeout: 10_000 }).toContain(chunks.join(""));
	expect(await axeViolations(page)).toEqual([]);
	await page.close();
});
