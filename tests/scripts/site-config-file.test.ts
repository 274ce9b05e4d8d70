import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readSiteConfigFile } from "../../scripts/site-config-file.ts";

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

	it("says when the file is not JSON", async () => {
		const path = await configFile("{ allowedOrigins: [");
		await expect(readSiteConfigFile(path)).rejects.toThrow(/not valid JSON/);
	});
});
