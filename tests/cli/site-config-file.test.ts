import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readSiteConfigText, siteConfigFromText } from "../../cli/lib/site-config-file.ts";

/** As the build reads it (scripts/build-site.ts), and `frontdesk eval --config` too. */
const readSiteConfigFile = async (path: string) => siteConfigFromText(path, await readSiteConfigText(path));

async function configFile(content: string) {
	const path = join(await mkdtemp(join(tmpdir(), "frontdesk-config-")), "frontdesk.config.json");
	await writeFile(path, content);
	return path;
}

describe("reading the site config file", () => {
	it("accepts the project's own config", async () => {
		const config = await readSiteConfigFile("frontdesk.config.json");
		expect(config.intents.length).toBeGreaterThan(0);
	});

	it("names the file and the exact bad field", async () => {
		const path = await configFile(JSON.stringify({ allowedOrigins: ["https://shop.example/"], limits: { maxMessageLength: "long" } }));
		await expect(readSiteConfigFile(path)).rejects.toThrow(path);
		await expect(readSiteConfigFile(path)).rejects.toThrow(/allowedOrigins\[0\]: must be an origin/);
		await expect(readSiteConfigFile(path)).rejects.toThrow(/limits\.maxMessageLength: /);
	});

	it("reads a file saved with a byte-order mark, as some editors save it", async () => {
		const path = await configFile(`\uFEFF${JSON.stringify({ widget: { title: "Help" } })}`);
		expect((await readSiteConfigFile(path)).widget.title).toBe("Help");
	});

	it("says where the file stops being JSON, by line and column", async () => {
		const path = await configFile("{ allowedOrigins: [");
		await expect(readSiteConfigFile(path)).rejects.toThrow(`${path}:1:3: not valid JSON: allowedOrigins without quotes`);
		const trailingComma = await configFile('{\n\t"allowedOrigins": [\n\t\t"https://shop.example",\n\t],\n\t"widget": {}\n}');
		await expect(readSiteConfigFile(trailingComma)).rejects.toThrow(`${trailingComma}:4:2: not valid JSON: a comma before "]": JSON allows none after the last item`);
	});
});
