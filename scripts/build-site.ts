// What the worker bundles from the site config: the config itself, once it is valid, and the matcher compiled
// from its examples. The worker reads both from worker/generated/, never the config file itself, so that a
// config saved with a mistake while `npm start` runs leaves the running worker on the last good one.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { compileInParallel } from "../cli/lib/compile-in-parallel.ts";
import { examplesOf, intentsOfSiteConfig } from "../cli/lib/intents-file.ts";
import { siteConfigWarnings } from "../worker/config/site-config-warnings.ts";
import { readSiteConfigText, siteConfigFromText } from "../cli/lib/site-config-file.ts";

/** A build that went through may still carry warnings (worker/config/site-config-warnings.ts), each naming the file. */
export type SiteBuild = { ok: true; intents: number; warnings: string[] } | { ok: false; message: string };

export async function buildSite(configPath: string, generatedDir: string): Promise<SiteBuild> {
	let text: string;
	let config;
	try {
		text = await readSiteConfigText(configPath);
		config = siteConfigFromText(configPath, text);
	} catch (error) {
		return { ok: false, message: (error as Error).message };
	}
	const examples = examplesOf(intentsOfSiteConfig(config));
	await mkdir(generatedDir, { recursive: true });
	// The model first: the worker reloads on either file, and the config must not arrive before the intents' model.
	await writeFile(join(generatedDir, "matcher-model.json"), JSON.stringify(await compileInParallel(examples)));
	// As written, not as parsed: the worker validates it again, and fills in the defaults as the schema has them then.
	await writeFile(join(generatedDir, "site-config.json"), text);
	return { ok: true, intents: config.intents.length, warnings: siteConfigWarnings(config).map((warning) => `${configPath}: warning: ${warning}`) };
}
