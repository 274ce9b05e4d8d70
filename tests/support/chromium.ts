import { mkdir } from "node:fs/promises";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll } from "vitest";

// Debian's chromium; never a downloaded browser. The networking flags keep it off the closed network.
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export function launchChromium(): Promise<Browser> {
	return chromium.launch({
		executablePath: CHROMIUM_PATH,
		args: [
			"--headless",
			"--no-sandbox",
			"--disable-gpu",
			"--disable-quic",
			"--disable-background-networking",
			"--disable-component-update",
			"--disable-sync",
			"--no-first-run",
		],
	});
}

export const ARTIFACTS = "test-results/e2e";

/** One Chromium per test file, launched before its tests and closed after them. */
export function chromiumForFile(): () => Browser {
	let browser: Browser | undefined;
	beforeAll(async () => {
		browser = await launchChromium();
		await mkdir(ARTIFACTS, { recursive: true });
	});
	afterAll(() => browser?.close());
	return () => {
		if (!browser) throw new Error("Chromium is not running yet");
		return browser;
	};
}
