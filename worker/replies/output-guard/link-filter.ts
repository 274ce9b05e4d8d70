// Claude's replies may only point customers at the site's own places: a
// phishing link in a support chat looks like it comes from the site itself.

/** `[label](url)`, as the widget renders a link (widget/lib/format.ts). */
export const MARKDOWN_LINK = /\[([^\]]+)\]\(([^)\s]+)\)/g;
const BARE_URL = /\b(?:https?:\/\/|www\.)[^\s<>()[\]"']+/gi;
export const REMOVED_LINK = "[link removed]";

/** Whether `host` is one of `domains` or a subdomain of one. */
function hostAllowed(host: string, domains: readonly string[]): boolean {
	const bare = host.toLowerCase().replace(/\.$/, "");
	return domains.some((domain) => bare === domain || bare.endsWith(`.${domain}`));
}

function urlAllowed(raw: string, domains: readonly string[]): boolean {
	try {
		const url = new URL(/^www\./i.test(raw) ? `https://${raw}` : raw);
		if (url.protocol === "mailto:") return hostAllowed(url.pathname.split("@").pop() ?? "", domains);
		return (url.protocol === "https:" || url.protocol === "http:") && hostAllowed(url.hostname, domains);
	} catch {
		return false;
	}
}

/**
 * Keeps links to `domains` (and their subdomains); others lose their target, bare ones are replaced. A link
 * whose target goes can leave a new one behind ("[[Reset](https://x.example)](https:/evil.example)" becomes
 * "[Reset](https:/evil.example)"), so it filters again until nothing changes; each pass that changes
 * something removes a target, so that is soon.
 */
export function filterLinks(text: string, domains: readonly string[]): string {
	let linked = text;
	for (let previous = ""; linked !== previous; ) {
		previous = linked;
		linked = linked.replace(MARKDOWN_LINK, (whole, label: string, url: string) => (urlAllowed(url, domains) ? whole : label));
	}
	return linked.replace(BARE_URL, (match) => {
		// Punctuation ending a sentence is not part of the address.
		const [url, punctuation] = /^(.*?)([.,;:!?]*)$/s.exec(match)?.slice(1) ?? [match, ""];
		return (urlAllowed(url, domains) ? url : REMOVED_LINK) + punctuation;
	});
}
