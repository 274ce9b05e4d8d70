import type { SiteConfig } from "../../../shared/site-config.ts";

const URL_IN_TEXT = /https?:\/\/[^\s<>()[\]"']+/g;

function hostOf(url: string): string[] {
	try {
		return [new URL(url).hostname.toLowerCase()];
	} catch {
		return [];
	}
}

/** Where Claude's replies may link: the configured domains, the site's own origins, and wherever the owner's answers link. */
export function linkDomains(config: SiteConfig): string[] {
	const answerUrls = config.intents.flatMap((intent) => [...(intent.response?.link ? [intent.response.link.url] : []), ...(intent.response?.text.match(URL_IN_TEXT) ?? [])]);
	return [...new Set([...config.cascade.llm.linkDomains, ...[...config.allowedOrigins, ...answerUrls].flatMap(hostOf)])];
}
