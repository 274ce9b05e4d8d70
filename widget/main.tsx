import { render } from "preact";
import { createApi } from "./api.ts";
import { createChat } from "./chat.ts";
import { pageContext } from "./lib/page-context.ts";
import css from "./styles.css?inline";
import { App } from "./ui/App.tsx";

interface FrontdeskApi {
	open(): void;
	close(): void;
	toggle(): void;
}

declare global {
	interface Window {
		Frontdesk?: FrontdeskApi;
	}
}

// The API lives where the script came from, whatever site embeds it.
const script = document.currentScript as HTMLScriptElement | null;
const apiBase = new URL(script?.src ?? location.href).origin;

function mount() {
	const host = document.createElement("div");
	host.setAttribute("data-frontdesk", "");
	const shadow = host.attachShadow({ mode: "open" });
	// A constructable stylesheet works under a strict Content-Security-Policy, where a <style> tag would not.
	const sheet = new CSSStyleSheet();
	sheet.replaceSync(css);
	shadow.adoptedStyleSheets = [sheet];
	document.body.append(host);

	const chat = createChat({ api: createApi(apiBase), apiBase, page: () => pageContext(location, document.title) });
	render(<App chat={chat} />, shadow);
	window.Frontdesk = {
		open: () => chat.setOpen(true),
		close: () => chat.setOpen(false),
		toggle: () => chat.setOpen(!chat.state.open.value),
	};
}

if (document.body) mount();
else document.addEventListener("DOMContentLoaded", mount, { once: true });
