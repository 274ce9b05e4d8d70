import { readFile } from "node:fs/promises";
import { parseSiteConfig, type SiteConfig, SiteConfigError } from "../shared/site-config.ts";

/** Reads and validates the site config file; the error message starts with the file's name. */
export async function readSiteConfigFile(path: string): Promise<SiteConfig> {
	let raw: unknown;
	try {
		raw = JSON.parse(await readFile(path, "utf8"));
	} catch (error) {
		throw new Error(`${path}: ${error instanceof SyntaxError ? `not valid JSON: ${error.message}` : "cannot be read"}`);
	}
	try {
		return parseSiteConfig(raw);
	} catch (error) {
		if (error instanceof SiteConfigError) throw new Error(`${path}: ${error.message}`);
		throw error;
	}
}
