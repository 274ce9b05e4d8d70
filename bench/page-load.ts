// What the widget costs the host page, measured in Chromium on the demo store page with and without
// the script tag, alternating, in one run: first contentful paint, load event, long tasks (>= 50 ms)
// while loading, and layout shift. Loopback only.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { launchChromium } from "../tests/support/chromium.ts";
import { startWranglerDev } from "../tests/support/wrangler-dev.ts";

const RUNS = Number(process.env.BENCH_PAGE_LOAD_RUNS ?? 10);
const SETTLE_MS = 1500;

interface Sample {
	fcp: number;
	load: number;
	longTasks: number;
	longTaskMs: number;
	cls: number;
}

// Installed before any page script runs, so it sees the whole load.
const OBSERVE = `
	window.__perf = { longTasks: [], cls: 0 };
	new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__perf.longTasks.push(e.duration); }).observe({ type: "longtask", buffered: true });
	new PerformanceObserver((list) => { for (const e of list.getEntries()) if (!e.hadRecentInput) window.__perf.cls += e.value; }).observe({ type: "layout-shift", buffered: true });
`;

async function measure(browser: Browser, url: string, html: string): Promise<Sample> {
	const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
	const page = await context.newPage();
	await page.addInitScript(OBSERVE);
	await page.route(url, (route) => route.fulfill({ contentType: "text/html", body: html }));
	await page.goto(url, { waitUntil: "load" });
	await page.waitForTimeout(SETTLE_MS);
	const sample = await page.evaluate(() => {
		const perf = (window as unknown as { __perf: { longTasks: number[]; cls: number } }).__perf;
		const navigation = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
		const fcp = performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? Number.NaN;
		return { fcp, load: navigation.loadEventEnd, longTasks: perf.longTasks.length, longTaskMs: perf.longTasks.reduce((sum, d) => sum + d, 0), cls: perf.cls };
	});
	await context.close();
	return sample;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function pageLoadBenchmark() {
	const persistTo = await mkdtemp(join(tmpdir(), "frontdesk-bench-page-"));
	const worker = await startWranglerDev({ persistTo, logLevel: "error" });
	const browser = await launchChromium();
	try {
		const withWidget = await readFile(new URL("../public/index.html", import.meta.url), "utf8");
		const withoutWidget = withWidget.replace(/<script src="\/widget\.js" async><\/script>/, "");
		if (withoutWidget === withWidget) throw new Error("the demo page no longer embeds the widget as expected");
		const samples = { without: [] as Sample[], with: [] as Sample[] };
		for (let run = 0; run < RUNS; run++) {
			samples.without.push(await measure(browser, `${worker.url}/bench-without-${run}.html`, withoutWidget));
			samples.with.push(await measure(browser, `${worker.url}/bench-with-${run}.html`, withWidget));
		}
		return samples;
	} finally {
		await browser.close();
		await worker.stop();
		await rm(persistTo, { recursive: true, force: true });
	}
}

function printPageLoad(samples: { without: Sample[]; with: Sample[] }) {
	const row = (name: string, list: Sample[]) => ({
		page: name,
		"FCP ms": Math.round(median(list.map((s) => s.fcp))),
		"load ms": Math.round(median(list.map((s) => s.load))),
		"long tasks (all runs)": list.reduce((sum, s) => sum + s.longTasks, 0),
		"long task ms (max run)": Math.round(Math.max(...list.map((s) => s.longTaskMs))),
		"CLS (max run)": Math.max(...list.map((s) => s.cls)).toFixed(4),
	});
	console.log(`\nDemo store page load in Chromium, ${samples.with.length} runs each, alternating (medians unless noted)`);
	const rows = [row("without widget", samples.without), row("with widget", samples.with)];
	console.table(rows);
	console.log(`difference with − without: FCP ${rows[1]["FCP ms"] - rows[0]["FCP ms"]} ms, load ${rows[1]["load ms"] - rows[0]["load ms"]} ms`);
}

printPageLoad(await pageLoadBenchmark());
