// The widget on host pages that try to break it: a strict CSP, hostile CSS, Arabic, a phone, a keyboard.
// Pages are served by the browser itself (page.route), at the worker's origin unless a test names another
// one, as a customer's site is; the widget by the real worker.
import { createHmac } from "node:crypto";
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { ar } from "../../widget/i18n/ar.ts";
import { fr } from "../../widget/i18n/fr.ts";
import { axeViolations } from "../support/axe.ts";
import { ARTIFACTS, chromiumForFile } from "../support/chromium.ts";

const workerUrl = inject("workerUrl");
const browser = chromiumForFile();

interface HostPage {
	head?: string;
	body?: string;
	scriptAttributes?: string;
	csp?: string;
	viewport?: { width: number; height: number };
	/** The host site's origin; the worker's own by default. */
	origin?: string;
}

async function hostPage(options: HostPage): Promise<Page> {
	// A page the test serves has no network address, so Chromium holds its requests to the worker on loopback
	// for a permission; on the web a site and a deployed worker are both public, and no permission is asked.
	const permissions = options.origin ? ["local-network-access"] : [];
	const page = await browser().newPage({ viewport: options.viewport ?? { width: 1280, height: 800 }, permissions });
	const url = `${options.origin ?? workerUrl}/e2e/host-${crypto.randomUUID()}.html`;
	await page.route(url, (route) =>
		route.fulfill({
			contentType: "text/html",
			headers: options.csp ? { "Content-Security-Policy": options.csp } : {},
			body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host</title>${options.head ?? ""}</head><body><main><h1>Host page</h1>${options.body ?? ""}</main><script src="${workerUrl}/widget.js" async ${options.scriptAttributes ?? ""}></script></body></html>`,
		}),
	);
	await page.goto(url);
	return page;
}

async function chatOnce(page: Page, openLabel = "Open chat") {
	await page.getByRole("button", { name: openLabel }).click();
	const composer = page.locator("#fd-input");
	await composer.fill("How long does delivery take?");
	await composer.press("Enter");
	await page.getByText("Standard delivery takes").waitFor();
}

describe("the widget on hostile host pages", () => {
	it("works under a strict Content-Security-Policy with no 'unsafe-inline'", async () => {
		const page = await hostPage({ csp: "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self' ws: wss:; img-src 'self'" });
		const violations: string[] = [];
		await page.exposeFunction("reportViolation", (directive: string) => violations.push(directive));
		await page.evaluate(() => document.addEventListener("securitypolicyviolation", (event) => (window as unknown as { reportViolation: (d: string) => void }).reportViolation(event.violatedDirective)));
		await chatOnce(page);
		const launcher = page.getByRole("button", { name: "Close chat" }).last();
		expect(await launcher.evaluate((element) => getComputedStyle(element).borderRadius)).toBe("50%");
		expect(violations).toEqual([]);
		await page.close();
	});

	it("keeps its looks under host CSS resets, and its own CSS never reaches the host page", async () => {
		const hostile = "<style>* { all: unset !important; } button, div, section { font-size: 40px !important; color: red !important; background: lime !important; } .launcher, .panel { display: none !important; }</style>";
		const page = await hostPage({ head: hostile, body: '<div class="panel" id="host-panel">host panel</div><button class="launcher" id="host-launcher">host button</button>' });
		await chatOnce(page);
		const launcher = page.locator("[data-frontdesk]").getByRole("button", { name: "Close chat" }).last();
		expect(await launcher.evaluate((element) => [getComputedStyle(element).width, getComputedStyle(element).fontSize])).toEqual(["56px", "15px"]);
		const hostPanel = page.locator("#host-panel");
		expect(await hostPanel.evaluate((element) => getComputedStyle(element).display)).toBe("none");
		expect(await page.locator("#host-launcher").evaluate((element) => getComputedStyle(element).borderRadius)).not.toBe("50%");
		await page.close();
	});

	it("adds no global but Frontdesk, and replays calls queued before it loaded", async () => {
		const stub = `<script>window.before = Object.keys(window); window.Frontdesk = { q: [] }; ["open", "close", "toggle", "identify", "on"].forEach(function (m) { Frontdesk[m] = function () { Frontdesk.q.push([m, [].slice.call(arguments)]); }; }); Frontdesk.on("open", function () { window.opened = true; }); Frontdesk.open();</script>`;
		const page = await hostPage({ head: stub });
		await page.getByRole("dialog").waitFor();
		expect(await page.evaluate(() => (window as unknown as { opened?: boolean }).opened)).toBe(true);
		const added = await page.evaluate(() => Object.keys(window).filter((key) => !(window as unknown as { before: string[] }).before.includes(key)));
		expect(added.filter((key) => !["before", "opened", "reportViolation"].includes(key))).toEqual(["Frontdesk"]);
		await page.close();
	});
});

describe("settings, languages and people", () => {
	it("speaks Arabic right to left when the tag says so, with no accessibility violations", async () => {
		const page = await hostPage({ scriptAttributes: 'data-locale="ar" data-color="#ffd400" data-position="left"' });
		const launcher = page.getByRole("button", { name: ar.openChat });
		await launcher.waitFor();
		expect(await page.locator("[data-frontdesk]").evaluate((host) => host.shadowRoot?.querySelector(".frontdesk")?.getAttribute("dir"))).toBe("rtl");
		await launcher.click();
		await page.getByRole("button", { name: ar.talkToHuman }).waitFor();
		const box = await page.getByRole("dialog").boundingBox();
		expect(box?.x).toBeLessThan(100);
		expect(await axeViolations(page)).toEqual([]);
		await page.screenshot({ path: `${ARTIFACTS}/arabic-rtl.png` });
		await page.close();
	});

	it("works on a site of another origin: its translations and the chat cross over", async () => {
		// An origin in the demo config's allowedOrigins, and another than the worker's (127.0.0.1 on a free port).
		const page = await hostPage({ origin: "http://localhost:8787", scriptAttributes: 'data-locale="fr"' });
		await page.getByRole("button", { name: fr.openChat }).waitFor();
		await chatOnce(page, fr.openChat);
		await page.getByRole("button", { name: fr.talkToHuman }).waitFor();
		await page.close();
	});

	it("greets a verified customer by name, and a forged identity not at all", async () => {
		const hash = createHmac("sha256", inject("identitySecret")).update("cus_77").digest("hex");
		const identify = (digest: string) =>
			`<script>window.Frontdesk = { q: [["identify", [{ id: "cus_77", name: "Sarah", email: "sarah@example.com", hash: "${digest}" }]], ["open", []]] };</script>`;
		const verified = await hostPage({ head: identify(hash) });
		await verified.getByText("Welcome back, Sarah!").waitFor();
		await verified.close();

		const forged = await hostPage({ head: identify("0".repeat(64)) });
		await forged.getByRole("dialog").waitFor();
		await forged.waitForTimeout(500);
		expect(await forged.getByText("Welcome back").count()).toBe(0);
		await forged.close();
	});

	it("opened and closed by the host page's script, takes focus into the panel and leaves the host page's own focus alone", async () => {
		const page = await hostPage({ body: '<label>Coupon <input id="coupon"></label>' });
		await page.getByRole("button", { name: "Open chat" }).waitFor();
		const frontdesk = (method: "open" | "close") => page.evaluate((name) => (window as unknown as { Frontdesk: Record<string, () => void> }).Frontdesk[name](), method);
		await frontdesk("open");
		await expect.poll(() => page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.id)).toBe("fd-input");
		await page.locator("#coupon").click();
		await frontdesk("close");
		await expect.poll(() => page.getByRole("dialog").count()).toBe(0);
		expect(await page.evaluate(() => document.activeElement?.id)).toBe("coupon");
		await page.close();
	});

	it("fills a phone screen, composer visible, and works from the keyboard alone", async () => {
		const page = await hostPage({ viewport: { width: 390, height: 844 } });
		await page.getByRole("button", { name: "Open chat" }).waitFor();
		for (let tab = 0; tab < 10 && !(await page.evaluate(() => document.activeElement?.hasAttribute("data-frontdesk"))); tab++) await page.keyboard.press("Tab");
		await page.keyboard.press("Enter");
		const dialog = page.getByRole("dialog");
		await dialog.waitFor();
		expect(await dialog.boundingBox()).toMatchObject({ x: 0, y: 0, width: 390, height: 844 });
		await page.keyboard.type("How long does delivery take?");
		await page.keyboard.press("Enter");
		await page.getByText("Standard delivery takes").waitFor();
		expect(await page.locator("#fd-input").isVisible()).toBe(true);
		await page.screenshot({ path: `${ARTIFACTS}/phone.png` });
		await page.keyboard.press("Escape");
		await expect.poll(() => dialog.count()).toBe(0);
		await expect.poll(() => page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.getAttribute("aria-label"))).toBe("Open chat");
		await page.close();
	});
});
