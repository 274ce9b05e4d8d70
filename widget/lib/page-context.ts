import { LIMITS, type Page } from "../../shared/protocol.ts";

/** The page the customer is on, in the shape the worker accepts (it rejects file: URLs and oversized fields). */
export function pageContext(): Page | undefined {
	if (!/^https?:$/.test(location.protocol) || location.href.length > LIMITS.pageUrlLength) return undefined;
	return { url: location.href, title: document.title.slice(0, LIMITS.pageTitleLength) };
}
