// vite.config.ts lets terser shorten a list of property names the widget keeps to itself. A name on that list
// that the worker's JSON, the UI strings or the host page's API also spells would be shortened on one side only,
// and the widget would quietly read nothing: this test keeps the list off every field those define.
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { widgetOwnNames } from "../../vite.config.ts";

// What crosses the widget's edge: the wire protocol and request bodies, the UI strings, window.Frontdesk, storage.
const BOUNDARY_FILES = ["shared/protocol.ts", "shared/request-schemas.ts", "widget/i18n/en.ts", "widget/main.tsx", "widget/lib/conversation-storage.ts"];

describe("the widget's own property names, which the build shortens", () => {
	it.each(BOUNDARY_FILES)("are no field that %s defines", async (file) => {
		const source = await readFile(new URL(`../../${file}`, import.meta.url), "utf8");
		const fields = new Set([...source.matchAll(/^\s*(?:readonly\s+)?"?([A-Za-z_$][\w$]*)"?\??\s*:/gm)].map((match) => match[1]));
		expect(widgetOwnNames.filter((name) => fields.has(name))).toEqual([]);
	});
});
