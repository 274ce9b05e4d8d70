import { render } from "preact";
import { ApiError } from "../shared/api-error.ts";
import type { Identity } from "../shared/protocol.ts";
import { createApi } from "./api.ts";
import { type ChatEvents, createChat } from "./chat.ts";
import { loadStrings, supportedLocale } from "./i18n/strings.ts";
import { pageContext } from "./lib/page-context.ts";
import { tagSettings } from "./lib/settings.ts";
import css from "./styles.css?inline";
import { App } from "./ui/App.tsx";

/** The one global the widget adds. */
interface FrontdeskApi {
	open(): void;
	close(): void;
	toggle(): void;
	reset(): void;
	identify(identity: Identity): Promise<boolean>;
	on<E extends keyof ChatEvents>(event: E, listener: (payload: ChatEvents[E]) => void): () => void;
}

/** The stub snippet sites paste before the script loads queues calls here. */
type QueuedCall = [keyof FrontdeskApi, unknown[]];

declare global {
	interface Window {
		Frontdesk?: FrontdeskApi | { q?: QueuedCall[] };
	}
}

// The API lives where the script came from, whatever site embeds it.
const script = document.currentScript as HTMLScriptElement | null;
const apiBase = new URL(script?.src ?? location.href).origin;
const fromTag = tagSettings(script?.dataset ?? {});
// Safari has no requestIdleCallback.
const whenIdle = (callback: () => void) => ("requestIdleCallback" in window ? requestIdleCallback(callback, { timeout: 2000 }) : setTimeout(callback, 1));

function mount() {
	const host = document.createElement("div");
	host.dataset.frontdesk = "";
	const shadow = host.attachShadow({ mode: "open" });
	// A constructable stylesheet works under a strict Content-Security-Policy, where a <style> tag would not.
	const sheet = new CSSStyleSheet();
	sheet.replaceSync(css);
	shadow.adoptedStyleSheets = [sheet];
	document.body.append(host);

	const chat = createChat({ api: createApi(apiBase), apiBase, page: pageContext, tagSettings: fromTag });
	const firstLocale = supportedLocale([fromTag.locale, navigator.language]);
	addEventListener("online", () => chat.retry());

	const api: FrontdeskApi = {
		open: () => chat.setOpen(true),
		close: () => chat.setOpen(false),
		toggle: () => chat.setOpen(!chat.state.open.value),
		reset: chat.reset,
		identify: chat.identify,
		on: chat.on,
	};
	const queued = (window.Frontdesk as { q?: QueuedCall[] } | undefined)?.q ?? [];
	window.Frontdesk = api;
	for (const [method, args] of queued) (api[method] as (...args: unknown[]) => unknown)?.(...args);

	// Settings and strings load after the host page is idle too, and the launcher shows once they are in: in the
	// site's colour, corner and language from the start. English stands in for a language whose words cannot be
	// had; without any (the worker out of reach) the widget shows nothing, as it would have no chat to offer,
	// and tries again every half minute: a worker back from an outage brings no `online` event.
	const show = async () => {
		const settings = await chat.loadSettings().catch((error: ApiError) => (error.code === "origin_not_allowed" ? error : null));
		// A page of a site that is not allowed gets no chat, which could send nothing and would make no AI disclosure.
		if (settings instanceof ApiError) return console.warn(`Frontdesk: add ${location.origin} to allowedOrigins`);
		// The settings carry the language the chat resolved, the one its conversations start in.
		const wanted = settings?.locale ?? firstLocale;
		const locale = await loadStrings(apiBase, wanted).then(
			() => wanted,
			() => loadStrings(apiBase, "en").then(() => "en"),
		);
		render(<App chat={chat} locale={locale} />, shadow);
		// A conversation already stored listens for replies on every page, so an agent's reply shows as unread wherever the customer went.
		chat.load().catch(() => {});
	};
	const showOrWait = () => show().catch(() => setTimeout(showOrWait, 30_000));
	whenIdle(showOrWait);
}

// The host page renders first: the widget mounts only once the browser is idle.
whenIdle(() => {
	if (document.body) mount();
	else document.addEventListener("DOMContentLoaded", mount, { once: true });
});
