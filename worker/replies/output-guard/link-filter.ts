// Claude's replies may only point customers at the site's own places: a
// phishing link in a support chat looks like it comes from the site itself.

import { INLINE, LIST_ITEM, MARKDOWN_LINK } from "../../../shared/formatting.ts";

// Addresses the widget shows as text, which a customer could still copy: in any case, or "www." (not in a path).
const COPYABLE_ADDRESS = /(?:https?:\/\/|(?<![/.])\bwww\.)[^\s<>"'()[\]*]*[^\s<>"'()[\]*.,;:!?]/gi;
export const REMOVED_LINK = "[link removed]";

/** Whether `host` is one of `domains` or a subdomain of one. */
function hostAllowed(host: string, domains: readonly string[]): boolean {
	const bare = host.toLowerCase().replace(/\.$/, "");
	return domains.some((domain) => bare === domain || bare.endsWith(`.${domain}`));
}

/**
 * Every recipient of a mailto: link at one of `domains`: its address list may name several, and only a subject
 * and a body may be added, as a `to`, `cc` or `bcc` would add recipients ("mailto:help@shop.example?bcc=…").
 */
function mailtoAllowed(url: URL, domains: readonly string[]): boolean {
	if ([...url.searchParams.keys()].some((field) => !["subject", "body"].includes(field.toLowerCase()))) return false;
	// Mail programs split the list at ";" too (Outlook), and read quotes and a second "@" their own ways: each part
	// must be one plain address, or the link could carry a recipient the check never saw.
	return decodeURIComponent(url.pathname)
		.split(/[,;]/)
		.every((address) => {
			const parts = /^\s*[^\s@"<>()\\]+@([^\s@"<>()\\]+)\s*$/.exec(address);
			return parts !== null && hostAllowed(parts[1], domains);
		});
}

function urlAllowed(raw: string, domains: readonly string[]): boolean {
	try {
		const url = new URL(/^www\./i.test(raw) ? `https://${raw}` : raw);
		if (url.protocol === "mailto:") return mailtoAllowed(url, domains);
		return (url.protocol === "https:" || url.protocol === "http:") && hostAllowed(url.hostname, domains);
	} catch {
		return false;
	}
}

/** One line as the widget reads it (shared/formatting.ts): each link or bare address it would show stays only when allowed. */
function filterLine(line: string, domains: readonly string[]): string {
	const item = LIST_ITEM.exec(line)?.[1];
	const start = item === undefined ? 0 : line.length - item.length;
	const inline = line.slice(start).replace(INLINE, (whole, bold: string | undefined, label: string | undefined, url: string | undefined, address: string) => {
		if (bold !== undefined) return whole;
		if (url !== undefined) return urlAllowed(url, domains) ? whole : (label as string);
		return urlAllowed(address, domains) ? address : REMOVED_LINK;
	});
	return line.slice(0, start) + inline;
}

/**
 * Keeps links to `domains` (and their subdomains): others lose their target, bare ones are replaced, and so are
 * addresses the customer could copy. The reply is read line by line as the widget reads it, so no link the guard
 * passes can be another once shown. What a removal leaves can make a new link ("[[Reset](https://x.example)](https:/evil.example)"
 * becomes "[Reset](https:/evil.example)", "HTTPS://x.example(mailto:…)" becomes "[link removed](mailto:…)"), so it
 * filters again until nothing changes; each pass that changes something removes a target, so that is soon.
 */
export function filterLinks(text: string, domains: readonly string[]): string {
	const keepAllowed = (url: string) => (urlAllowed(url, domains) ? url : REMOVED_LINK);
	let linked = text;
	for (let previous = ""; linked !== previous; ) {
		previous = linked;
		// Link targets first, however they nest, so that a nested link goes whole rather than in pieces.
		linked = linked.replace(MARKDOWN_LINK, (whole, label: string, url: string) => (urlAllowed(url, domains) ? whole : label));
		if (linked !== previous) continue;
		linked = linked
			.split("\n")
			.map((line) => filterLine(line, domains))
			.join("\n")
			.replace(COPYABLE_ADDRESS, keepAllowed);
	}
	return linked;
}
