// The widget that `npm run build` writes to public/ (`npm test` builds it first, in pretest).
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { WIDGET_GZIP_BUDGET, WIDGET_PATH, widgetSize } from "../../bench/widget-size.ts";

describe("the built widget", () => {
	it("carries its stylesheet inside the script, so the budget counts the CSS too", async () => {
		expect(await readFile(WIDGET_PATH, "utf8")).toMatch(/\.launcher\{/);
	});

	it("is at most 15 KB gzipped, JavaScript and CSS together", async () => {
		const { gzip } = await widgetSize();
		expect(gzip, `public/widget.js is ${(gzip / 1024).toFixed(2)} KB gzipped`).toBeLessThanOrEqual(WIDGET_GZIP_BUDGET);
	});
});
