// Claude's replies may only point customers at the site's own places: a
// phishing link in a support chat looks like it comes from the site itself.

/** `[label](url)`, as the widget renders a link (widget/lib/format.ts). */
export const MARKDOWN_LINK = /\[([^\]]+)\]\(([^)\s]+)\)/g;
// Addresses the widget links (widget/lib/format.ts): from "https://" or "http://" on, even glued to a word, to
// before the punctuation that ends a sentence. Quotes, brackets and `*` end one, as they open and close the
// widget's other formatting, so no address found here spans what the widget reads as a link or bold text.
const LINKED_ADDRESS = /https?:\/\/[^\s<>"'()[\]*]*[^\s<>"'()[\]*.,;:!?]/g;
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
	return decodeURIComponent(url.pathname)
		.split(",")
		.every((address) => {
			const at = address.lastIndexOf("@");
			return at > 0 && hostAllowed(address.slice(at + 1).trim(), domains);
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

/**
 * Keeps links to `domains` (and their subdomains); others lose their target, bare ones are replaced. What a
 * removal leaves can make a new link ("[[Reset](https://x.example)](https:/evil.example)" becomes
 * "[Reset](https:/evil.example)", and "https://x.example(mailto:…)" becomes "[link removed](mailto:…)"), so
 * it filters again until nothing changes; each pass that changes something removes a target, so that is soon.
 */
export function filterLinks(text: string, domains: readonly string[]): string {
	const keepAllowed = (url: string) => (urlAllowed(url, domains) ? url : REMOVED_LINK);
	let linked = text;
	for (let previous = ""; linked !== previous; ) {
		previous = linked;
		linked = linked.replace(MARKDOWN_LINK, (whole, label: string, url: string) => (urlAllowed(url, domains) ? whole : label));
		// Bare addresses once no link target is left to remove, so that a nested link goes whole, not in pieces.
		if (linked === previous) linked = linked.replace(LINKED_ADDRESS, keepAllowed).replace(COPYABLE_ADDRESS, keepAllowed);
	}
	return linked;
}
