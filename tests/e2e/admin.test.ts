// The KPI dashboard in Chromium, and the export → label → eval loop, against a
// worker of its own (needs the wiring: ANALYTICS bound, /v1/admin routed, the
// conversation object's analytics calls, the agent flag route).
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import type { AxeViolation } from "../support/axe.ts";
import { ARTIFACTS, chromiumForFile } from "../support/chromium.ts";
import { type RunningWorker, startWranglerDev } from "../support/wrangler-dev.ts";

const ROOT = join(import.meta.dirname, "../..");
const ADMIN_TOKEN = "e2e-admin-token";
const AGENT_TOKEN = "e2e-admin-agent-token";
const TODAY = new Date().toISOString().slice(0, 10);
const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

const browser = chromiumForFile();
let worker: RunningWorker;
let persistTo: string;
const ids: Record<"answered" | "failed", string> = { answered: "", failed: "" };

async function api(path: string, init: { method?: string; token?: string; json?: unknown } = {}): Promise<Response> {
	const headers: Record<string, string> = {};
	if (init.token) headers.Authorization = `Bearer ${init.token}`;
	if (init.json !== undefined) headers["Content-Type"] = "application/json";
	const response = await fetch(`${worker.url}${path}`, { method: init.method ?? "GET", headers, body: init.json === undefined ? undefined : JSON.stringify(init.json) });
	if (!response.ok) throw new Error(`${init.method ?? "GET"} ${path}: ${response.status} ${await response.text()}`);
	return response;
}

async function converse(...texts: string[]): Promise<{ id: string; token: string }> {
	const { conversation } = (await (await api("/v1/conversations", { method: "POST", json: {} })).json()) as { conversation: { id: string; token: string } };
	for (const text of texts) await api(`/v1/conversations/${conversation.id}/messages`, { method: "POST", token: conversation.token, json: { clientMessageId: crypto.randomUUID(), text } });
	return conversation;
}

/** Five conversations: two contained, three handed to a person (repeated failure, a sensitive topic, the button, resolved and rated). */
async function seed(): Promise<void> {
	const answered = await converse("How long does delivery take?");
	const failed = await converse("Do you sell garden gnomes?", "do you sell garden gnomes or not");
	await converse("Which payment methods do you accept?");
	await converse("I will take legal action against you");
	const button = await converse();
	await api(`/v1/conversations/${button.id}/handoff`, { method: "POST", token: button.token });
	await api(`/v1/agent/conversations/${button.id}/resolve`, { method: "POST", token: AGENT_TOKEN });
	await api(`/v1/conversations/${button.id}/rating`, { method: "POST", token: button.token, json: { rating: 4 } });
	ids.answered = answered.id;
	ids.failed = failed.id;
}

async function totals(): Promise<{ conversations: number }> {
	const response = await api(`/v1/admin/kpis?from=${TODAY}&to=${TODAY}`, { token: ADMIN_TOKEN });
	return ((await response.json()) as { totals: { conversations: number } }).totals;
}

/** axe-core over the whole dashboard page, WCAG 2.x A/AA and best practices; its pages are opened with bypassCSP so axe can be injected. */
async function pageViolations(page: Page): Promise<AxeViolation[]> {
	await page.addScriptTag({ path: axePath });
	return page.evaluate(async () => {
		const axe = (window as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
		const result = await axe.run(document, { runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] });
		return result.violations.map(({ id, impact, help, nodes }) => ({ id, impact, help, nodes: nodes.map(({ target, failureSummary }) => ({ target, failureSummary })) }));
	});
}

beforeAll(async () => {
	persistTo = await mkdtemp(join(tmpdir(), "frontdesk-e2e-admin-"));
	worker = await startWranglerDev({ persistTo, vars: { FRONTDESK_ADMIN_TOKEN: ADMIN_TOKEN, FRONTDESK_AGENT_TOKEN: AGENT_TOKEN } });
	await seed();
	// Analytics events travel after the replies: wait until the day has them all.
	await vi.waitFor(
		async () => {
			const { conversations } = await totals();
			if (conversations !== 5) throw new Error(`the day has ${conversations} conversations so far`);
		},
		{ timeout: 15_000, interval: 200 },
	);
}, 120_000);

afterAll(async () => {
	await worker?.stop();
	if (persistTo) await rm(persistTo, { recursive: true, force: true });
});

async function signIn(page: Page, token: string): Promise<void> {
	await page.goto(`${worker.url}/v1/admin`);
	await page.getByLabel("Admin token").fill(token);
	await page.getByRole("button", { name: "Sign in" }).click();
}

function card(page: Page, name: string) {
	return page.locator(".card").filter({ has: page.getByText(name, { exact: true }) }).locator("dd");
}

it("shows a range's KPIs as charts with text alternatives, readable on a laptop and a phone, with no axe violations", async () => {
	const page = await browser().newPage({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
	const errors: string[] = [];
	page.on("pageerror", (error) => errors.push(error.message));
	await signIn(page, ADMIN_TOKEN);
	await page.getByRole("heading", { name: "Summary" }).waitFor();
	expect(await card(page, "Conversations").textContent()).toBe("5");
	expect(await card(page, "Containment").textContent()).toBe("40%");
	expect(await card(page, "Fallback rate").textContent()).toBe("40%");
	expect(await card(page, "Satisfaction, 1 rating").textContent()).toBe("4.00 of 5");
	// This worker has no Claude key: no calls, so no share of them read from the cache.
	expect(await card(page, "Claude calls").textContent()).toBe("0");
	expect(await card(page, "Input read from the prompt cache").textContent()).toBe("no data");
	expect(await page.getByRole("img", { name: /^Replies by tier\. Rule 1, Matcher 2, Claude 0, Fallback 2\.$/ }).count()).toBe(1);
	expect(await page.getByRole("img", { name: /^Hand-offs by reason\. Customer asked 1, Sensitive topic 1, Repeated failure 1, Upset customer 0\.$/ }).count()).toBe(1);
	await expect.poll(() => page.getByRole("row", { name: /do you sell garden gnomes/ }).count()).toBeGreaterThan(0);
	// The two hand-offs nobody resolved (the button's was), whatever the range.
	await page.getByText("2 conversations handed to your team and not resolved.").waitFor();
	const waiting = page.getByRole("region", { name: "Conversations waiting for a person" }).getByRole("row");
	expect((await waiting.allTextContents()).slice(1).map((row) => row.replace(/^.*UTC/, ""))).toEqual(["Repeated failureNormalYour teamDownload export", "Sensitive topicHighYour teamDownload export"]);
	// Show pressed twice before the first answer came (the list held back 300 ms): one list, not two.
	await page.route("**/v1/admin/tickets*", async (route) => {
		await new Promise((resolve) => setTimeout(resolve, 300));
		await route.continue();
	});
	await page.getByRole("button", { name: "Show" }).click();
	await page.getByRole("button", { name: "Show" }).click();
	await page.waitForTimeout(1_000);
	await page.getByText("2 conversations handed to your team and not resolved.").waitFor();
	expect(await page.getByRole("region", { name: "Conversations waiting for a person" }).count()).toBe(1);
	await page.unroute("**/v1/admin/tickets*");
	await page.screenshot({ path: `${ARTIFACTS}/admin-dashboard.png`, fullPage: true });
	expect(await pageViolations(page)).toEqual([]);

	await page.setViewportSize({ width: 390, height: 844 });
	await page.waitForTimeout(400); // the charts redraw at the new width after a short debounce
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
	expect(overflow).toBeLessThanOrEqual(0);
	await page.screenshot({ path: `${ARTIFACTS}/admin-dashboard-phone.png`, fullPage: true });
	expect(await pageViolations(page)).toEqual([]);
	expect(errors).toEqual([]);
	await page.close();
});

it("says so when the range has no data, and asks again for a token the worker refuses", async () => {
	const page = await browser().newPage({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
	await signIn(page, ADMIN_TOKEN);
	await page.getByRole("heading", { name: "Summary" }).waitFor();
	await page.getByLabel("From", { exact: true }).fill("2020-01-01");
	await page.getByLabel("To", { exact: true }).fill("2020-01-31");
	await page.getByRole("button", { name: "Show" }).click();
	await page.getByRole("status").filter({ hasText: "No conversations started between Jan 1 and Jan 31." }).waitFor();
	expect(await card(page, "Containment").textContent()).toBe("no data");
	expect(await page.getByText("No data in this range.").count()).toBeGreaterThan(0);
	await page.screenshot({ path: `${ARTIFACTS}/admin-dashboard-empty.png`, fullPage: true });
	expect(await pageViolations(page)).toEqual([]);

	await page.getByRole("button", { name: "Forget token" }).click();
	await page.getByLabel("Admin token").fill("not-the-token");
	await page.getByRole("button", { name: "Sign in" }).click();
	await page.getByRole("status").filter({ hasText: "That admin token was not accepted." }).waitFor();
	expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
	expect(await pageViolations(page)).toEqual([]);
	await page.close();
});

it("shows what Claude cost and why it gave no answer, with the failures that happened only", async () => {
	const page = await browser().newPage({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
	const errors: string[] = [];
	page.on("pageerror", (error) => errors.push(error.message));
	// This worker has no Claude key, so the numbers of a site with one are put into its real answer.
	await page.route("**/v1/admin/kpis*", async (route) => {
		const report = await (await route.fetch()).json();
		report.totals.claude = {
			calls: 1250,
			tokens: { input: 400_000, output: 90_000, cacheWrite: 100_000, cacheRead: 1_500_000 },
			cacheReadShare: 0.75,
			failures: { ...report.totals.claude.failures, timeout: 7, over_budget: 3 },
		};
		await route.fulfill({ json: report });
	});
	await signIn(page, ADMIN_TOKEN);
	await page.getByRole("heading", { name: "Claude" }).waitFor();
	expect(await card(page, "Claude calls").textContent()).toBe("1,250");
	expect(await card(page, "Input tokens").textContent()).toBe("2,000,000");
	expect(await card(page, "Output tokens").textContent()).toBe("90,000");
	expect(await card(page, "Input read from the prompt cache").textContent()).toBe("75%");
	expect(await page.getByRole("img", { name: /^Why Claude gave no answer\. Too slow 7, Site budget spent 3\.$/ }).count()).toBe(1);
	expect(await pageViolations(page)).toEqual([]);
	expect(errors).toEqual([]);
	await page.close();
});

it("says what went wrong when a proxy answers with an error page, and shows only the range asked for last", async () => {
	const page = await browser().newPage({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
	await signIn(page, ADMIN_TOKEN);
	await page.getByRole("heading", { name: "Summary" }).waitFor();
	await page.route("**/v1/admin/kpis*", (route) => route.fulfill({ status: 502, contentType: "text/html", body: "<html><body>Bad gateway</body></html>" }));
	await page.getByRole("button", { name: "Show" }).click();
	await page.getByRole("status").filter({ hasText: "The server answered 502." }).waitFor();
	// The last range's figures are gone, not left to be read as this one's.
	expect(await page.getByRole("heading", { name: "Summary" }).count()).toBe(0);
	await page.unroute("**/v1/admin/kpis*");
	// A proxy's sign-in page answered 200 in place of the waiting list.
	await page.route("**/v1/admin/tickets*", (route) => route.fulfill({ status: 200, contentType: "text/html", body: "<html><body>Sign in to the proxy</body></html>" }));
	await page.getByRole("button", { name: "Show" }).click();
	await page.getByRole("status").filter({ hasText: "The server answered something other than the list. Try again." }).waitFor();
	await page.unroute("**/v1/admin/tickets*");
	// A conversation handed back and taken over again between two pages is on both: it shows once, as on the later.
	const line = (seq: number, conversationId: string, owner: string) => ({ seq, conversationId, ticketId: `tkt_${conversationId}`, reason: "customer_request", priority: "normal", handedOffAt: "2026-12-01T09:00:00.000Z", owner, status: owner === "ai" ? "open" : "handed_off", updatedAt: "2026-12-01T09:05:00.000Z" });
	await page.route("**/v1/admin/tickets*", (route) => {
		const first = new URL(route.request().url()).searchParams.get("after") === "0";
		const body = first ? { tickets: [line(1, "first", "human"), line(2, "second", "human")], next: 2 } : { tickets: [line(3, "first", "ai")], next: null };
		return route.fulfill({ status: 200, contentType: "application/json", body: JSON.stringify(body) });
	});
	await page.getByRole("button", { name: "Show" }).click();
	await page.getByText("2 conversations handed to your team and not resolved.").waitFor();
	const shown = await page.getByRole("region", { name: "Conversations waiting for a person" }).getByRole("row").allTextContents();
	expect(shown.slice(1).map((row) => row.replace(/^.*UTC/, ""))).toEqual(["Customer askedNormalYour teamDownload export", "Customer askedNormalThe AI (handed back)Download export"]);
	await page.unroute("**/v1/admin/tickets*");

	// The answer to an earlier press (an empty range) arrives after the answer to the latest.
	let earlier = true;
	await page.route("**/v1/admin/kpis*", async (route) => {
		if (earlier) {
			earlier = false;
			await new Promise((resolve) => setTimeout(resolve, 1_500));
		}
		await route.continue();
	});
	await page.getByLabel("From", { exact: true }).fill("2020-01-01");
	await page.getByLabel("To", { exact: true }).fill("2020-01-31");
	await page.getByRole("button", { name: "Show" }).click();
	await page.getByLabel("From", { exact: true }).fill(TODAY);
	await page.getByLabel("To", { exact: true }).fill(TODAY);
	await page.getByRole("button", { name: "Show" }).click();
	await page.getByRole("status").filter({ hasText: "Showing" }).waitFor();
	await new Promise((resolve) => setTimeout(resolve, 2_500));
	expect(await card(page, "Conversations").textContent()).toBe("5");
	expect(await page.locator("#status").textContent()).toMatch(/^Showing/);
	await page.close();
});

it("exports the messages to review as JSON Lines, flagged ones labelled, that frontdesk eval scores", async () => {
	await api(`/v1/agent/conversations/${ids.answered}/messages/2/flag`, { method: "POST", token: AGENT_TOKEN, json: { intent: "delivery_time" } });
	await api(`/v1/agent/conversations/${ids.failed}/messages/2/flag`, { method: "POST", token: AGENT_TOKEN, json: { intent: "product_catalog" } });
	const exportRows = async () => {
		const text = await (await api(`/v1/admin/export?from=${TODAY}&to=${TODAY}`, { token: ADMIN_TOKEN })).text();
		return { text, rows: text.trim().split("\n").map((line) => JSON.parse(line) as { text: string; intent: string | null; reason?: string }) };
	};
	await expect.poll(async () => (await exportRows()).rows.filter((row) => row.intent !== null).length, { timeout: 10_000 }).toBe(2);
	const { text, rows } = await exportRows();
	expect(rows.map(({ text, intent, reason }) => ({ text, intent, reason }))).toEqual([
		{ text: "How long does delivery take?", intent: "delivery_time", reason: undefined },
		{ text: "Do you sell garden gnomes?", intent: "product_catalog", reason: undefined },
		{ text: "do you sell garden gnomes or not", intent: null, reason: "repeated_failure" },
		{ text: "I will take legal action against you", intent: null, reason: "sensitive" },
	]);

	const data = join(persistTo, "review.jsonl");
	await writeFile(data, text);
	const evaluated = spawnSync("npx", ["frontdesk", "eval", "--config", "frontdesk.config.json", "--data", data, "--json"], { cwd: ROOT, encoding: "utf8" });
	expect(evaluated.status, evaluated.stderr).toBe(0);
	expect(JSON.parse(evaluated.stdout)).toMatchObject({ total: 4, in_scope: 2, oos_total: 2 });
});

// Last: it adds conversations, which the KPI tests above count.
it("finds a customer's conversations by e-mail address, downloads one's export, and erases the ticked ones once asked to confirm", async () => {
	const email = "sam.e2e@bücher.de";
	const left = await converse();
	// The form field of the widget is type="email": Chromium sends a Unicode domain as punycode.
	await api(`/v1/conversations/${left.id}/contact`, { method: "POST", token: left.token, json: { email: "sam.e2e@xn--bcher-kva.de" } });
	const written = await converse(`where is my parcel? write to my colleague ${email}`);
	const page = await browser().newPage({ viewport: { width: 1280, height: 900 }, bypassCSP: true, acceptDownloads: true });
	const errors: string[] = [];
	page.on("pageerror", (error) => errors.push(error.message));
	await signIn(page, ADMIN_TOKEN);
	await page.getByLabel("Customer's e-mail address").fill(email.toUpperCase());
	await page.getByRole("button", { name: "Find conversations" }).click();
	await page.getByRole("status").filter({ hasText: `2 conversations recorded ${email.toUpperCase()}.` }).waitFor();
	expect(await page.getByRole("region", { name: "The customer's conversations" }).getByRole("row").count()).toBe(3);
	// An address only written in a message may be someone else's: the owner is told to check, and its box starts unticked.
	const row = (source: string) => page.getByRole("row").filter({ has: page.getByRole("cell", { name: source }) });
	expect(await row("Left in the chat's form").getByRole("checkbox").isChecked()).toBe(true);
	expect(await row("Written in a message: check it is theirs").getByRole("checkbox").isChecked()).toBe(false);
	await page.screenshot({ path: `${ARTIFACTS}/admin-customer-lookup.png`, fullPage: true });
	expect(await pageViolations(page)).toEqual([]);

	const download = page.waitForEvent("download");
	await row("Left in the chat's form").getByRole("button", { name: /^Download export/ }).click();
	const saved = await download;
	const exported = JSON.parse(await readFile((await saved.path()) as string, "utf8")) as { conversation: { id: string }; messages: unknown[] };
	expect(exported.conversation.id).toBe(left.id);
	expect(exported.messages.length).toBeGreaterThan(0);

	const asked: string[] = [];
	page.on("dialog", (dialog) => {
		asked.push(dialog.message());
		dialog.accept();
	});
	await page.getByRole("button", { name: "Erase the ticked conversations" }).click();
	await page.getByRole("status").filter({ hasText: `Erased 1 conversation of ${email.toUpperCase()}. 1 conversation still recorded the address.` }).waitFor();
	expect(asked).toEqual([`Erase 1 conversation of ${email.toUpperCase()}? This cannot be undone.`]);
	const status = async (conversation: { id: string; token: string }) => (await fetch(`${worker.url}/v1/conversations/${conversation.id}/messages`, { headers: { Authorization: `Bearer ${conversation.token}` } })).status;
	expect(await status(left)).toBe(404);
	expect(await status(written)).toBe(200);

	await row("Written in a message: check it is theirs").getByRole("checkbox").check();
	await page.getByRole("button", { name: "Erase the ticked conversations" }).click();
	await page.getByRole("status").filter({ hasText: `Erased 1 conversation of ${email.toUpperCase()}.` }).waitFor();
	expect(await status(written)).toBe(404);
	expect(await page.getByRole("region", { name: "The customer's conversations" }).count()).toBe(0);
	expect(errors).toEqual([]);
	await page.close();
});
