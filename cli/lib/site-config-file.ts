import { readFile } from "node:fs/promises";
import { jsonSyntaxMessage } from "./json-syntax.ts";
import { parseSiteConfig, type SiteConfig, SiteConfigError } from "../../shared/site-config.ts";

/** The site config file's text, as written, less the byte-order mark some editors write; the error message starts with the file's name. */
export async function readSiteConfigText(path: string): Promise<string> {
	try {
		return (await readFile(path, "utf8")).replace(/^\uFEFF/, "");
	} catch {
		throw new Error(`${path}: cannot be read`);
	}
}

/** Validates the text of the site config file at `path`; the error message starts with the file's name. */
export function siteConfigFromText(path: string, text: string): SiteConfig {
	let raw: unknown;
	try {
		raw = JSON.parse(text);
	} catch (error) {
		throw new Error(jsonSyntaxMessage(path, text, error as SyntaxError));
	}
	try {
		return parseSiteConfig(raw);
	} catch (error) {
		if (error instanceof SiteConfigError) throw new Error(`${path}: ${error.message}`);
		throw error;
	}
}
