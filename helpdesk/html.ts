// Server-rendered pages of the inbox. Everything a ticket holds is customer input,
// so the `html` template escapes every interpolated value unless it is already Html.

/** Markup that is already safe to send: only `html` templates make it. */
export class Html {
	readonly value: string;
	constructor(value: string) {
		this.value = value;
	}
}

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (character) => ENTITIES[character]);
}

/** Tagged template: strings, numbers and arrays of them are escaped; Html is inserted as is; null, undefined and false vanish. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
	return new Html(strings.reduce((out, string, index) => out + interpolate(values[index - 1]) + string));
}

function interpolate(value: unknown): string {
	if (value instanceof Html) return value.value;
	if (Array.isArray(value)) return value.map(interpolate).join("");
	if (value === null || value === undefined || value === false) return "";
	return escapeHtml(String(value));
}

export interface PageOptions {
	title: string;
	/** What the page polls for updates (GET), which is not the current URL after a failed form post. */
	refreshUrl: string;
	ticketList: Html;
	main: Html;
}

export function renderPage(options: PageOptions): string {
	return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title}</title>
<link rel="stylesheet" href="/inbox.css">
<script src="/inbox.js" defer></script>
<noscript><meta http-equiv="refresh" content="10; url=${options.refreshUrl}"></noscript>
</head>
<body data-refresh="${options.refreshUrl}">
<a class="skip" href="#main">Skip to the ticket</a>
<header class="banner">
<h1><a href="/">Frontdesk inbox</a></h1>
<p>A local helpdesk: Frontdesk hands conversations to a person here through signed webhooks.</p>
</header>
<div class="layout">
<nav aria-labelledby="tickets-heading">
<h2 id="tickets-heading">Tickets</h2>
<div id="ticket-list">${options.ticketList}</div>
</nav>
<main id="main" tabindex="-1">${options.main}</main>
</div>
<p id="updates" class="visually-hidden" aria-live="polite"></p>
</body>
</html>
`.value;
}

// Swaps in the parts of the page that change and leaves the reply form alone, so a
// half-written reply survives; a full reload (or <meta refresh>) would wipe it.
const REFRESH_SCRIPT = `
const parts = ["ticket-list", "ticket-status", "transcript"];
setInterval(async () => {
	if (document.hidden) return;
	const response = await fetch(document.body.dataset.refresh).catch(() => null);
	if (!response || !response.ok) return;
	const next = new DOMParser().parseFromString(await response.text(), "text/html");
	for (const id of parts) {
		const current = document.getElementById(id);
		const fresh = next.getElementById(id);
		if (!current || !fresh || current.innerHTML === fresh.innerHTML) continue;
		current.innerHTML = fresh.innerHTML;
		if (id === "transcript") document.getElementById("updates").textContent = "The transcript has new messages.";
	}
}, 4000);
`;

const STYLES = `
:root { color-scheme: light; font: 16px/1.5 system-ui, sans-serif; color: #1b1f24; background: #f4f5f7; }
body { margin: 0; }
a { color: #0b57d0; }
:focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .5rem; z-index: 1; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
.banner { background: #1b1f24; color: #fff; padding: .75rem 1.5rem; display: flex; gap: 1.5rem; align-items: baseline; flex-wrap: wrap; }
.banner h1 { margin: 0; font-size: 1.25rem; }
.banner a { color: inherit; text-decoration: none; }
.banner p { margin: 0; color: #c9ced6; font-size: .9rem; }
.layout { display: grid; grid-template-columns: minmax(16rem, 22rem) 1fr; gap: 1.5rem; padding: 1.5rem; max-width: 90rem; margin: 0 auto; }
@media (max-width: 50rem) { .layout { grid-template-columns: 1fr; } }
h2 { font-size: 1.1rem; margin: 0 0 .75rem; }
h3 { font-size: 1rem; margin: 1.5rem 0 .5rem; }
nav, main { background: #fff; border: 1px solid #d5d9df; border-radius: 8px; padding: 1rem; min-width: 0; }
.tickets { list-style: none; margin: 0; padding: 0; display: grid; gap: .5rem; }
.tickets a { display: block; padding: .6rem .75rem; border: 1px solid #d5d9df; border-radius: 6px; text-decoration: none; color: inherit; }
.tickets a:hover { border-color: #0b57d0; }
.tickets a[aria-current="page"] { border: 2px solid #0b57d0; background: #eef3fd; }
.who { display: block; font-weight: 600; overflow-wrap: anywhere; }
.meta { display: flex; flex-wrap: wrap; gap: .25rem .5rem; font-size: .85rem; color: #4a5361; }
.pill { display: inline-block; padding: 0 .5rem; border-radius: 999px; font-size: .8rem; font-weight: 600; background: #e6e8eb; color: #1b1f24; }
.priority-high { background: #fde2c8; color: #7a3300; }
.priority-urgent { background: #fbd3d0; color: #8a1410; }
.status-open { background: #d7eedc; color: #135c25; }
.status-resolved, .status-handed_back { background: #e6e8eb; color: #3b424d; }
.muted { color: #4a5361; font-weight: normal; font-size: .9rem; }
dl.details { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: 0; }
dl.details dt { font-weight: 600; }
dl.details dd { margin: 0; overflow-wrap: anywhere; }
.summary { background: #f4f5f7; border-left: 4px solid #4a5361; padding: .5rem .75rem; margin: 0; white-space: pre-wrap; }
.transcript { list-style: none; margin: 0; padding: 0; display: grid; gap: .6rem; }
.msg { max-width: 75%; padding: .5rem .75rem; border-radius: 8px; border: 1px solid #d5d9df; }
.msg-head { margin: 0 0 .25rem; font-size: .8rem; color: #4a5361; display: flex; gap: .5rem; align-items: baseline; }
.msg-text { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.msg-why { margin: .25rem 0 0; font-size: .75rem; color: #4a5361; }
.msg-customer { background: #fff; justify-self: start; }
.msg-assistant { background: #eef3fd; border-color: #b9cdf5; justify-self: start; }
.msg-assistant .pill { background: #0b57d0; color: #fff; }
.msg-agent { background: #e3f4e7; border-color: #a9d8b4; justify-self: end; }
.msg-system, .msg-other { background: transparent; border-style: dashed; justify-self: center; font-style: italic; }
.error { background: #fbd3d0; color: #8a1410; border-radius: 6px; padding: .5rem .75rem; margin: 0 0 .75rem; }
label { display: block; font-weight: 600; margin-bottom: .25rem; }
textarea { width: 100%; box-sizing: border-box; font: inherit; padding: .5rem; border: 1px solid #8a929e; border-radius: 6px; }
.actions { display: flex; flex-wrap: wrap; gap: .5rem; margin-top: .75rem; }
.actions form { margin: 0; }
button { font: inherit; padding: .4rem 1rem; border-radius: 6px; border: 1px solid #0b57d0; background: #0b57d0; color: #fff; cursor: pointer; }
button.secondary { background: #fff; color: #0b57d0; }
`;

/**
 * The page's style and script, served as files so the Content-Security-Policy can allow only 'self':
 * per-response nonces would not do, because the refresh parses fresh pages whose nonces differ.
 */
export const ASSETS: Record<string, { type: string; body: string }> = {
	"/inbox.css": { type: "text/css; charset=utf-8", body: STYLES },
	"/inbox.js": { type: "text/javascript; charset=utf-8", body: REFRESH_SCRIPT },
};
