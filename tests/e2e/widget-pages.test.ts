// The widget on host pages that try to break it: a strict CSP, hostile CSS, Arabic, a phone, a keyboard.
// Pages are served by the browser itself (page.route), at the worker's origin unless a test names another
// one, as a customer's site is; the widget by the real worker.
import { createHmac } from "node:crypto";
import type { BrowserContext, Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { ar } from "../../widget/i18n/ar.ts";
import { en } from "../../widget/i18n/en.ts";
import { fr } from "../../widget/i18n/fr.ts";
import { contrast } from "../../widget/lib/contrast.ts";
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
	/** Runs before the page loads, to intercept the widget's own requests. */
	prepare?: (page: Page) => Promise<void>;
	/** A browser context to open the page in, as another tab beside its other pages; a context of its own by default. */
	context?: BrowserContext;
}

async function hostPage(options: HostPage): Promise<Page> {
	// A page the test serves has no network address, so Chromium holds its requests to the worker on loopback
	// (fetches and the live channel's WebSocket) for a permission, even at the worker's own origin. On the web a
	// site and a deployed worker are both public, and no permission is asked.
	const page = options.context ? await options.context.newPage() : await browser().newPage({ viewport: options.viewport ?? { width: 1280, height: 800 }, permissions: ["local-network-access"] });
	const url = `${options.origin ?? workerUrl}/e2e/host-${crypto.randomUUID()}.html`;
	await page.route(url, (route) =>
		route.fulfill({
			contentType: "text/html",
			headers: options.csp ? { "Content-Security-Policy": options.csp } : {},
			body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host</title>${options.head ?? ""}</head><body><main><h1>Host page</h1>${options.body ?? ""}</main><script src="${workerUrl}/widget.js" async ${options.scriptAttributes ?? ""}></script></body></html>`,
		}),
	);
	await options.prepare?.(page);
	await page.goto(url);
	return page;
}

/** The snippet a site pastes before the widget's script, which queues calls made before the widget loads. */
const QUEUEING_STUB = `window.Frontdesk = { q: [] }; ["open", "close", "toggle", "identify", "on"].forEach(function (m) { Frontdesk[m] = function () { Frontdesk.q.push([m, [].slice.call(arguments)]); }; });`;

async function chatOnce(page: Page, openLabel = "Open chat") {
	await page.getByRole("button", { name: openLabel }).click();
	const composer = page.locator("#fd-input");
	await composer.fill("How long does delivery take?");
	await composer.press("Enter");
	await page.getByText("Standard delivery takes").waitFor();
}

/** The team resolves the conversation the page stored, through the agent API, once a person has it (a ticket exists). */
async function resolveConversation(page: Page) {
	const conversationId = await page.evaluate(() => JSON.parse(localStorage.getItem(Object.keys(localStorage).find((key) => key.startsWith("frontdesk:conversation:")) ?? "") ?? "{}").id);
	const resolved = await fetch(`${workerUrl}/v1/agent/conversations/${conversationId}/resolve`, { method: "POST", headers: { Authorization: `Bearer ${inject("agentToken")}` } });
	expect(resolved.status).toBe(200);
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

	it("keeps the host page's inherited styles, empty-element rules and dark colour scheme out", async () => {
		const head = '<meta name="color-scheme" content="dark"><style>* { text-transform: uppercase; letter-spacing: 3px; text-align: center; } div:empty { display: none; }</style>';
		const page = await hostPage({ head });
		await chatOnce(page);
		const answer = page.getByText("Standard delivery takes");
		expect(await answer.evaluate((element) => [getComputedStyle(element).textTransform, getComputedStyle(element).letterSpacing])).toEqual(["none", "normal"]);
		await page.getByRole("button", { name: "Talk to a human" }).click();
		const email = page.getByLabel("Your e-mail address");
		expect(await email.evaluate((element) => getComputedStyle(element).backgroundColor)).toBe("rgb(255, 255, 255)");
		await page.close();
	});

	it("adds no global but Frontdesk, and replays calls queued before it loaded", async () => {
		const stub = `<script>window.before = Object.keys(window); ${QUEUEING_STUB} Frontdesk.on("open", function () { window.opened = true; }); Frontdesk.open();</script>`;
		const page = await hostPage({ head: stub });
		await page.getByRole("dialog").waitFor();
		expect(await page.evaluate(() => (window as unknown as { opened?: boolean }).opened)).toBe(true);
		const added = await page.evaluate(() => Object.keys(window).filter((key) => !(window as unknown as { before: string[] }).before.includes(key)));
		expect(added.filter((key) => !["before", "opened", "reportViolation"].includes(key))).toEqual(["Frontdesk"]);
		await page.close();
	});

	it("reports a host page listener's error as the page's own, and goes on with the other listeners", async () => {
		const listeners = `Frontdesk.on("open", function () { throw new Error("the site's listener broke"); }); Frontdesk.on("open", function () { window.opened = true; });`;
		const stub = `<script>window.seen = []; addEventListener("error", function (event) { seen.push(event.error.message); }); ${QUEUEING_STUB} ${listeners} Frontdesk.open();</script>`;
		const page = await hostPage({ head: stub });
		await page.getByRole("dialog").waitFor();
		expect(await page.evaluate(() => (window as unknown as { opened?: boolean }).opened)).toBe(true);
		expect(await page.evaluate(() => (window as unknown as { seen: string[] }).seen)).toEqual(["the site's listener broke"]);
		await page.locator("#fd-input").fill("How long does delivery take?");
		await page.locator("#fd-input").press("Enter");
		await page.getByText("Standard delivery takes").waitFor();
		await page.close();
	});
});

describe("the widget with its worker out of reach", () => {
	it("shows nothing, and puts no error on the host page, when its words cannot be loaded", async () => {
		const errors: string[] = [];
		let refused: Promise<unknown> = Promise.resolve();
		const page = await hostPage({
			head: `<script>window.Frontdesk = { q: [["open", []]] };</script>`,
			prepare: async (page) => {
				page.on("pageerror", (error) => errors.push(error.message));
				await page.route(`${workerUrl}/i18n/**`, (route) => route.fulfill({ status: 503, body: "down" }));
				refused = page.waitForResponse((response) => response.url().includes("/i18n/") && response.status() === 503);
			},
		});
		await refused;
		await page.evaluate(() => new Promise((resolve) => requestIdleCallback(resolve)));
		expect(await page.evaluate(() => document.querySelector("[data-frontdesk]")?.shadowRoot?.childElementCount)).toBe(0);
		expect(errors).toEqual([]);

		// Back within reach, the next page load shows the chat, opened by the queued call.
		await page.unroute(`${workerUrl}/i18n/**`);
		await page.reload();
		await page.getByRole("dialog").waitFor();
		expect(errors).toEqual([]);
		await page.close();
	});

	it("shows the chat on the same page once the worker is back, with no reload and no online event", async () => {
		let down = true;
		let refusedTwice = () => {};
		const refused = new Promise<void>((resolve) => (refusedTwice = resolve));
		let refusals = 0;
		const page = await hostPage({
			prepare: async (page) => {
				await page.clock.install();
				await page.route(`${workerUrl}/i18n/**`, async (route) => {
					if (!down) return route.fallback();
					await route.fulfill({ status: 503, body: "down" });
					if (++refusals === 2) refusedTwice();
				});
			},
		});
		// The widget waits for the page to be idle (at most 2 s), then asks for its words, and for English's instead.
		await page.clock.runFor(5_000);
		await refused;
		expect(await page.evaluate(() => document.querySelector("[data-frontdesk]")?.shadowRoot?.childElementCount)).toBe(0);

		// It tries again half a minute after it failed.
		down = false;
		await page.clock.runFor(30_000);
		await page.getByRole("button", { name: en.openChat }).waitFor();
		await page.close();
	});
});

describe("the widget with one language's words out of reach", () => {
	it("speaks English instead", async () => {
		const page = await hostPage({
			scriptAttributes: 'data-locale="fr"',
			prepare: async (page) => {
				await page.route(`${workerUrl}/i18n/fr.json`, (route) => route.fulfill({ status: 503, body: "down" }));
			},
		});
		await page.getByRole("button", { name: en.openChat }).waitFor();
		expect(await page.locator("[data-frontdesk]").evaluate((host) => host.shadowRoot?.querySelector(".frontdesk")?.getAttribute("lang"))).toBe("en");
		await page.close();
	});
});

describe("settings, languages and people", () => {
	it("speaks Arabic right to left when the tag says so, with no accessibility violations", async () => {
		const page = await hostPage({ scriptAttributes: 'data-locale="ar" data-color="#ffd400" data-position="left"' });
		const launcher = page.getByRole("button", { name: ar.openChat });
		await launcher.click();
		await page.getByRole("button", { name: ar.talkToHuman }).waitFor();
		expect(await page.getByRole("dialog").getAttribute("dir")).toBe("rtl");
		// The disclosure's bar at the start of the line: on the right, whatever the language of its text.
		expect(await page.locator(".disclosure").evaluate((notice) => [getComputedStyle(notice).borderRightWidth, getComputedStyle(notice).borderLeftWidth])).toEqual(["3px", "0px"]);
		const box = await page.getByRole("dialog").boundingBox();
		expect(box?.x).toBeLessThan(100);
		expect(await axeViolations(page)).toEqual([]);
		await page.screenshot({ path: `${ARTIFACTS}/arabic-rtl.png` });
		await page.close();
	});

	it("lays out English typed in an Arabic chat by its own direction, in the message box, the customer's message and the quick replies", async () => {
		const page = await hostPage({ scriptAttributes: 'data-locale="ar"' });
		await page.getByRole("button", { name: ar.openChat }).click();
		const composer = page.locator("#fd-input");
		await composer.fill("where is my order?");
		expect(await composer.evaluate((box) => getComputedStyle(box).unicodeBidi)).toBe("plaintext");
		await composer.press("Enter");
		const quickReply = page.getByRole("button", { name: "Change my delivery address" });
		await quickReply.waitFor();
		// Left to right, a sentence's last character lies right of its first: the question mark ends the question.
		const readsLeftToRight = (element: Element) => {
			const text = element.firstChild as Text;
			const rectOf = (offset: number) => {
				const range = document.createRange();
				range.setStart(text, offset);
				range.setEnd(text, offset + 1);
				return range.getBoundingClientRect().left;
			};
			return rectOf(text.length - 1) > rectOf(0);
		};
		expect(await page.locator(".mine .text").first().evaluate(readsLeftToRight)).toBe(true);
		expect(await quickReply.evaluate(readsLeftToRight)).toBe(true);
		await page.close();
	});

	it("leaves the launcher in its corner when a right-to-left panel opens", async () => {
		const page = await hostPage({ scriptAttributes: 'data-locale="ar"' });
		const launcher = page.locator("[data-frontdesk]").locator(".launcher");
		const closed = await launcher.boundingBox();
		await launcher.click();
		await page.getByRole("dialog").waitFor();
		expect(await launcher.boundingBox()).toEqual(closed);
		await page.close();
	});

	it("leaves the launcher in its corner on a right-to-left host page, and lays out each paragraph of a reply by its own text", async () => {
		const page = await hostPage({ head: '<script>document.documentElement.dir = "rtl"</script>' });
		const launcher = page.locator("[data-frontdesk]").locator(".launcher");
		const closed = await launcher.boundingBox();
		await chatOnce(page);
		expect(await launcher.boundingBox()).toEqual(closed);
		// An English answer in a right-to-left page (or an Arabic one in an English chat): its paragraphs' direction is their own.
		const paragraph = page.locator(".theirs .text p").last();
		await paragraph.waitFor();
		expect(await paragraph.evaluate((element) => getComputedStyle(element).unicodeBidi)).toBe("plaintext");
		await page.close();
	});

	it("keeps what is typed in the chat from the host page's keyboard shortcuts", async () => {
		const shortcut = `<input id="search" aria-label="Search"><script>document.addEventListener("keydown", (event) => { const typing = event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement; if (event.key === "/" && !typing) { event.preventDefault(); document.getElementById("search").focus(); } }); window.heard = []; for (const type of ["keydown", "keypress", "keyup"]) document.addEventListener(type, (event) => heard.push(event.type + " " + event.key));</script>`;
		const page = await hostPage({ body: shortcut });
		await page.getByRole("button", { name: en.openChat }).click();
		await page.locator("#fd-input").pressSequentially("size 1/2 please");
		expect(await page.locator("#fd-input").inputValue()).toBe("size 1/2 please");
		expect(await page.locator("#search").inputValue()).toBe("");
		// Nor does the page hear the keys at all, in any of the three events shortcut libraries listen to.
		expect(await page.evaluate(() => (window as unknown as { heard: string[] }).heard)).toEqual([]);
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

	it("on a site whose origin is not in allowedOrigins, shows no chat (it could send nothing, nor say it is an AI), and the console says which origin to add", async () => {
		const warnings: string[] = [];
		const refusals: string[] = [];
		const page = await hostPage({
			origin: "http://localhost:8790",
			prepare: async (page) => {
				page.on("console", (message) => void (message.type() === "warning" && warnings.push(message.text())));
				page.on("response", (response) => {
					if (response.status() === 403) response.text().then((body) => refusals.push(body), () => {});
				});
			},
		});
		await expect.poll(() => warnings).toContain("Frontdesk: add http://localhost:8790 to allowedOrigins");
		await expect.poll(() => refusals.join("\n")).toContain("The origin http://localhost:8790 is not in this site's allowedOrigins");
		expect(await page.getByRole("button", { name: "Open chat" }).count()).toBe(0);
		await page.close();
	});

	it("greets a verified customer by name, and a forged identity not at all", async () => {
		const hash = createHmac("sha256", inject("identitySecret")).update(["cus_77", "sarah@example.com", "Sarah"].join("\n")).digest("hex");
		const identify = (digest: string) =>
			`<script>window.Frontdesk = { q: [["identify", [{ id: "cus_77", name: "Sarah", email: "sarah@example.com", hash: "${digest}" }]], ["open", []]] };</script>`;
		const verified = await hostPage({ head: identify(hash) });
		await verified.getByText("Hi Sarah!").waitFor();
		await verified.close();

		const forged = await hostPage({ head: identify("0".repeat(64)) });
		await forged.getByRole("dialog").waitFor();
		await forged.waitForTimeout(500);
		expect(await forged.getByText("Hi Sarah!").count()).toBe(0);
		await forged.close();
	});

	it("opened and closed by the host page's script, takes focus into the panel and leaves the host page's own focus alone", async () => {
		const page = await hostPage({ body: '<label>Coupon <input id="coupon"></label>' });
		await page.getByRole("button", { name: "Open chat" }).waitFor();
		const frontdesk = (method: "open" | "close") => page.evaluate((name) => (window as unknown as { Frontdesk: Record<string, () => void> }).Frontdesk[name](), method);
		await frontdesk("open");
		await expect.poll(() => page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.id)).toBe("fd-input");
		// Beside the page, the panel is no modal: the customer may read and use the page while they chat.
		expect(await page.getByRole("dialog").getAttribute("aria-modal")).toBe("false");
		await page.locator("#coupon").click();
		await frontdesk("close");
		await expect.poll(() => page.getByRole("dialog").count()).toBe(0);
		expect(await page.evaluate(() => document.activeElement?.id)).toBe("coupon");
		await page.close();
	});

	it("forgets the conversation on Frontdesk.reset(), after a reload too", async () => {
		const page = await hostPage({});
		await chatOnce(page);
		await page.evaluate(() => (window as unknown as { Frontdesk: { reset(): void } }).Frontdesk.reset());
		await expect.poll(() => page.getByText("Standard delivery takes").count()).toBe(0);
		expect(await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith("frontdesk:")))).toEqual([]);
		await page.reload();
		await page.getByRole("button", { name: "Open chat" }).click();
		await page.getByRole("log").getByText("Hi! Ask me about orders").waitFor();
		expect(await page.getByText("Standard delivery takes").count()).toBe(0);
		await page.close();
	});

	it("keeps two tabs in one conversation, and a Frontdesk.reset() in one clears the other, what was typed there too", async () => {
		const context = await browser().newContext({ permissions: ["local-network-access"] });
		try {
			const first = await hostPage({ context });
			const second = await hostPage({ context });
			await second.getByRole("button", { name: "Open chat" }).click();
			await chatOnce(first);
			await second.getByRole("log").getByText("Standard delivery takes").waitFor();
			await second.getByLabel("Your message").fill("my card number is");
			await first.evaluate(() => (window as unknown as { Frontdesk: { reset(): void } }).Frontdesk.reset());
			await expect.poll(() => second.getByText("Standard delivery takes").count()).toBe(0);
			await expect.poll(() => second.getByLabel("Your message").inputValue()).toBe("");
			expect(await first.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith("frontdesk:")))).toEqual([]);
		} finally {
			await context.close();
		}
	});

	it("greys the rating form's send button until a rating is chosen, even in a grey brand colour", async () => {
		const page = await hostPage({ scriptAttributes: 'data-color="#767676"' });
		await chatOnce(page);
		await page.getByRole("button", { name: "Talk to a human" }).click();
		await page.getByLabel("Your e-mail address").waitFor();
		await resolveConversation(page);
		const send = page.getByRole("button", { name: "Send rating" });
		const looks = () =>
			send.evaluate((button) => {
				const { backgroundColor, borderColor, color } = getComputedStyle(button);
				return [backgroundColor, borderColor, color];
			});
		expect(await send.isDisabled()).toBe(true);
		const disabled = await looks();
		await page.getByRole("radio", { name: "4 out of 5" }).check();
		expect(await send.isEnabled()).toBe(true);
		const enabled = await looks();
		// Its background, border and text all change.
		expect(disabled.filter((value, index) => value === enabled[index])).toEqual([]);
		await page.close();
	});

	it("at 200 % zoom, keeps the newest message in view as the hand-off's banner and e-mail form appear, and grows the message box", async () => {
		const page = await hostPage({ viewport: { width: 640, height: 400 } });
		await chatOnce(page);
		await page.getByRole("button", { name: "Talk to a human" }).click();
		await page.getByLabel("Your e-mail address").waitFor();
		const log = page.getByRole("log");
		await expect.poll(() => log.evaluate((element) => element.scrollHeight - element.scrollTop - element.clientHeight)).toBeLessThan(2);
		const composer = page.locator("#fd-input");
		const oneLine = (await composer.boundingBox())?.height ?? 0;
		await composer.fill("one\ntwo\nthree\nfour");
		expect((await composer.boundingBox())?.height).toBeGreaterThan(oneLine + 20);
		await page.close();
	});

	it("on a short screen (a phone turned sideways), keeps room for the messages as the hand-off's banner and e-mail form appear, the panel scrolling instead", async () => {
		const page = await hostPage({ viewport: { width: 740, height: 360 } });
		await chatOnce(page);
		await page.getByRole("button", { name: "Talk to a human" }).click();
		await page.getByLabel("Your e-mail address").waitFor();
		expect(await page.getByRole("log").evaluate((element) => element.clientHeight)).toBeGreaterThanOrEqual(60);
		const composer = page.locator("#fd-input");
		await composer.focus();
		const box = await composer.boundingBox();
		expect((box?.y ?? Infinity) + (box?.height ?? 0)).toBeLessThanOrEqual(360);
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
		// It covers the page, so a screen reader keeps to it (beside the page on a wider screen, it does not: see above).
		expect(await dialog.getAttribute("aria-modal")).toBe("true");
		await page.keyboard.type("How long does delivery take?");
		await page.keyboard.press("Enter");
		await page.getByText("Standard delivery takes").waitFor();
		expect(await page.locator("#fd-input").isVisible()).toBe(true);
		await page.screenshot({ path: `${ARTIFACTS}/phone.png` });
		// The send button takes a tap: the launcher, hidden while the panel fills the screen, does not lie over it.
		await page.locator("#fd-input").fill("Where is my order 00123842?");
		await page.locator(".send").click({ timeout: 5_000 });
		await page.getByText("You can follow order 00123842").waitFor();
		// A quick reply pressed from the keyboard goes away with its use; focus goes to the message box, not the page.
		await page.getByRole("button", { name: "Change my delivery address" }).focus();
		await page.keyboard.press("Enter");
		await expect.poll(() => page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.id)).toBe("fd-input");
		await page.getByText("Until an order is packed").waitFor();
		await page.keyboard.press("Escape");
		await expect.poll(() => dialog.count()).toBe(0);
		await expect.poll(() => page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.getAttribute("aria-label"))).toBe("Open chat");
		await page.close();
	});
});

describe("the open panel, covering the page on a phone and beside it on a wider screen", () => {
	const phone = { width: 390, height: 844 };
	/** The element focused in the widget, by its id or class, or "page" when focus is outside the widget. */
	const focused = (page: Page) =>
		page.evaluate(() => {
			const element = document.querySelector("[data-frontdesk]")?.shadowRoot?.activeElement;
			return element ? element.id || element.className : "page";
		});
	/** A host page taller than the screen, with an overflow of its own on <html>. */
	const tallPage = (viewport: { width: number; height: number }) =>
		hostPage({ viewport, head: '<script>document.documentElement.style.overflow = "auto";</script>', body: '<div style="height: 5000px"></div>' });
	/** Turns the mouse wheel over the panel's header (or where it was), on a phone's screen and on a 640 × 480 one. */
	async function wheel(page: Page, pixels: number) {
		await page.mouse.move(300, 40);
		await page.mouse.wheel(0, pixels);
	}
	/** Where the page is once a turn of the wheel has scrolled it: a page scrolls a moment after the wheel turns. */
	async function scrolledBy(page: Page, pixels: number): Promise<number> {
		await page.evaluate(() => {
			(window as unknown as { scrolled: Promise<number> }).scrolled = new Promise((resolve) => addEventListener("scrollend", () => resolve(scrollY), { once: true }));
		});
		await wheel(page, pixels);
		return page.evaluate(() => (window as unknown as { scrolled: Promise<number> }).scrolled);
	}

	it("on a phone, keeps Tab and Shift+Tab inside the panel, going round from its last control to its first and back", async () => {
		const page = await tallPage(phone);
		await page.getByRole("button", { name: "Open chat" }).click();
		await expect.poll(() => focused(page)).toBe("fd-input");
		// Nothing typed, the message box is the last stop: the send button is disabled.
		await page.keyboard.press("Tab");
		expect(await focused(page)).toBe("human");
		await page.keyboard.press("Shift+Tab");
		expect(await focused(page)).toBe("fd-input");
		// With something to send, the send button is.
		await page.keyboard.type("Hello");
		await page.keyboard.press("Tab");
		expect(await focused(page)).toBe("send");
		await page.keyboard.press("Tab");
		expect(await focused(page)).toBe("human");
		await page.keyboard.press("Shift+Tab");
		expect(await focused(page)).toBe("send");
		await page.close();
	});

	it("on a phone, holds the page behind still while open, and gives it back its place and its own overflow once closed", async () => {
		const page = await tallPage(phone);
		await page.evaluate(() => scrollTo(0, 1000));
		await page.getByRole("button", { name: "Open chat" }).click();
		await page.getByRole("dialog").waitFor();
		// 300 pixels' worth of wheel now, and 600 once the panel is closed, end 600 further down only if the first
		// moved nothing: whether it did shows only once a scroll has ended.
		await wheel(page, 300);
		await page.keyboard.press("Escape");
		await expect.poll(() => page.getByRole("dialog").count()).toBe(0);
		expect(await page.evaluate(() => document.documentElement.style.overflow)).toBe("auto");
		expect(await scrolledBy(page, 600)).toBe(1600);
		await page.close();
	});

	it("on a wider screen, lets Tab go on out of the panel and the page scroll, and turned to a phone's width while open, holds both", async () => {
		const page = await tallPage({ width: 640, height: 480 });
		await page.getByRole("button", { name: "Open chat" }).click();
		await expect.poll(() => focused(page)).toBe("fd-input");
		expect(await page.getByRole("dialog").getAttribute("aria-modal")).toBe("false");
		await page.keyboard.press("Tab");
		expect(await focused(page)).toBe("launcher");
		expect(await scrolledBy(page, 600)).toBe(600);

		// Turned upright: the panel covers the page now.
		await page.setViewportSize(phone);
		await expect.poll(() => page.getByRole("dialog").getAttribute("aria-modal")).toBe("true");
		expect(await page.evaluate(() => getComputedStyle(document.documentElement).overflow)).toBe("hidden");
		await page.locator("#fd-input").focus();
		await page.keyboard.press("Tab");
		expect(await focused(page)).toBe("human");
		await page.close();
	});
});

interface FocusRing {
	element: string;
	text: string;
	ring: string;
	style: string;
	on: string[];
}

/**
 * Every focus ring the widget shows, as Chromium draws it: its colour, and the colours it lies on midway along each
 * side (the topmost opaque background under that point; the host page's white canvas if none). Reached by Tab.
 */
async function focusRings(page: Page): Promise<FocusRing[]> {
	// Tab from the host page's heading, before the widget.
	await page.getByRole("heading", { name: "Host page" }).click();
	const rings: FocusRing[] = [];
	for (let tab = 0; tab < 40; tab++) {
		await page.keyboard.press("Tab");
		const ring = await page.evaluate(() => {
			const shadow = document.querySelector("[data-frontdesk]")?.shadowRoot;
			const focused = shadow?.activeElement as HTMLElement | null | undefined;
			if (!shadow || !focused) return null;
			// A star's radio button is invisible: its label shows the ring.
			const element = getComputedStyle(focused).opacity === "0" ? (focused.closest("label") as HTMLElement) : focused;
			const style = getComputedStyle(element);
			const box = element.getBoundingClientRect();
			// How far the middle of the ring lies outside the element's border edge (inside, if negative).
			const out = Number.parseFloat(style.outlineOffset) + Number.parseFloat(style.outlineWidth) / 2;
			const midX = box.left + box.width / 2;
			const midY = box.top + box.height / 2;
			const points = [
				[midX, box.top - out],
				[midX, box.bottom + out],
				[box.left - out, midY],
				[box.right + out, midY],
			];
			const on = points.map(([x, y]) => {
				const under = shadow.elementsFromPoint(x, y).map((node) => getComputedStyle(node).backgroundColor);
				return under.find((color) => /^rgb\(/.test(color)) ?? "rgb(255, 255, 255)";
			});
			const selector = `${element.tagName.toLowerCase()}${element.className ? `.${element.className}` : ""}${element.id ? `#${element.id}` : ""}`;
			return { element: selector, text: element.textContent?.slice(0, 20) ?? "", ring: style.outlineColor, style: `${style.outlineStyle} ${style.outlineWidth}`, on };
		});
		if (!ring) {
			if (rings.length > 0) break;
			continue;
		}
		if (rings.some((seen) => seen.element === ring.element && seen.text === ring.text)) break;
		rings.push(ring);
	}
	return rings;
}

const hex = (rgb: string) => `#${(rgb.match(/\d+/g) ?? []).slice(0, 3).map((channel) => Number(channel).toString(16).padStart(2, "0")).join("")}`;

/** Rings under 3:1 against anything they lie on (WCAG 2.2 1.4.11), or not drawn at all. */
function weakRings(rings: FocusRing[]): string[] {
	const weak = rings.flatMap(({ element, text, ring, style, on }) => {
		const name = `${element} "${text}"`;
		if (!style.startsWith("solid") || Number.parseFloat(style.split(" ")[1]) < 2) return [`${name}: ring ${style}`];
		return on.filter((color) => contrast(hex(ring), hex(color)) < 3).map((color) => `${name}: ${hex(ring)} on ${hex(color)} is ${contrast(hex(ring), hex(color)).toFixed(2)}:1`);
	});
	return [...new Set(weak)];
}

describe("focus rings", () => {
	// The default, a light one, a purple no single colour contrasts 3:1 with as well as with white, a mid grey, white.
	it.each(["#1d4ed8", "#ffd400", "#6d28d9", "#767676", "#ffffff"])("contrast at least 3:1 with what they lie on, on the panel and on the brand colour %s", async (color) => {
		const page = await hostPage({ scriptAttributes: `data-color="${color}"` });
		await page.getByRole("button", { name: "Open chat" }).click();
		await page.locator("#fd-input").fill("where is my order 00123842?");
		await page.locator("#fd-input").press("Enter");
		await page.getByText("You can follow order 00123842").waitFor();
		// With the answer's quick replies, which show once its stream has ended: the live channel can bring the answer
		// itself a moment before. With text typed, so that the send button can take focus.
		await page.locator(".quick-replies button").first().waitFor();
		await page.locator("#fd-input").fill("draft");
		const chatting = await focusRings(page);
		// The header's buttons, the log, the quick replies, the composer, the launcher.
		expect(chatting.map(({ element }) => element)).toEqual(expect.arrayContaining(["button.human", "button.close", "div.messages", "button", "textarea#fd-input", "button.send", "button.launcher"]));

		// Then a person takes over and asks for an e-mail address,
		await page.getByRole("button", { name: "Talk to a human" }).first().click();
		await page.getByLabel("Your e-mail address").waitFor();
		const handedOff = await focusRings(page);
		expect(handedOff.map(({ element }) => element)).toEqual(expect.arrayContaining(["input#fd-email", "button"]));

		// and resolves the conversation: the rating form.
		await resolveConversation(page);
		await page.getByRole("radio", { name: "4 out of 5" }).check();
		const rating = await focusRings(page);
		expect(rating.map(({ element }) => element)).toEqual(expect.arrayContaining(["label.star on", "input#fd-rating-comment", "button"]));

		expect(weakRings([...chatting, ...handedOff, ...rating])).toEqual([]);
		await page.close();
	});
});
