// Light formatting for the site owner's answers, Claude's and agents' replies: **bold**,
// [label](url) links, bare web addresses and "- " list lines. It produces plain
// data, never HTML, so the only way text reaches the page is as text nodes. The widget
// renders with it, and the worker's output guard reads Claude's replies with it, so that
// the links the guard judges are the links the widget shows.

export type Inline = { type: "text"; text: string } | { type: "bold"; text: string } | { type: "link"; text: string; href: string };
export type Block = { type: "paragraph"; inlines: Inline[] } | { type: "list"; items: Inline[][] };

/** `[label](url)` alone, as INLINE reads it: for the worker, which replaces links in text it does not render. */
export const MARKDOWN_LINK = /\[([^\]]+)\]\(([^)\s]+)\)/g;

// A bare address ends before the punctuation that ends its sentence, and at a quote, bracket or `*`. The widget
// ships this literal, not one assembled from MARKDOWN_LINK's: building it at run time costs bytes of its budget.
export const INLINE = /\*\*([^*]+)\*\*|\[([^\]]+)\]\(([^)\s]+)\)|(https?:\/\/[^\s<>"'()[\]*]*[^\s<>"'()[\]*.,;:!?])/g;

/** Only web and mail links: a `javascript:` or `data:` URL stays plain text. */
export function safeHref(url: string): string | null {
	try {
		return ["http:", "https:", "mailto:"].includes(new URL(url).protocol) ? url : null;
	} catch {
		return null;
	}
}

/** A list line, with its item after the marker. */
export const LIST_ITEM = /^\s*[-*] (.*)$/;

function parseInline(text: string): Inline[] {
	const inlines: Inline[] = [];
	let last = 0;
	for (const match of text.matchAll(INLINE)) {
		if (match.index > last) inlines.push({ type: "text", text: text.slice(last, match.index) });
		const [whole, bold, label, url, address] = match;
		const href = safeHref(url ?? address ?? "");
		if (bold) inlines.push({ type: "bold", text: bold });
		else if (href) inlines.push({ type: "link", text: label ?? address, href });
		else inlines.push({ type: "text", text: whole });
		last = match.index + whole.length;
	}
	if (last < text.length) inlines.push({ type: "text", text: text.slice(last) });
	return inlines;
}

export function parseBlocks(text: string): Block[] {
	const blocks: Block[] = [];
	for (const line of text.split("\n")) {
		const item = LIST_ITEM.exec(line)?.[1];
		const previous = blocks.at(-1);
		if (item !== undefined) {
			if (previous?.type === "list") previous.items.push(parseInline(item));
			else blocks.push({ type: "list", items: [parseInline(item)] });
		} else if (line.trim()) {
			blocks.push({ type: "paragraph", inlines: parseInline(line) });
		}
	}
	return blocks;
}
