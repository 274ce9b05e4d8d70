import { useEffect, useRef } from "preact/hooks";
import type { Chat } from "../chat.ts";
import { isRightToLeft } from "../i18n/strings.ts";
import { readableOnWhite, textOn } from "../lib/contrast.ts";
import { Launcher } from "./Launcher.tsx";
import { Panel } from "./Panel.tsx";

export function App(props: { chat: Chat; locale: string }) {
	const { chat } = props;
	const open = chat.state.open.value;
	const settings = chat.state.settings.value;
	const launcher = useRef<HTMLButtonElement>(null);
	const wasOpen = useRef(open);
	useEffect(() => {
		// Focus goes back where it came from when the panel closes.
		if (wasOpen.current && !open) launcher.current?.focus();
		wasOpen.current = open;
	}, [open]);

	const brand = settings?.color ?? "#1d4ed8";
	const theme = { "--fd-brand": brand, "--fd-on-brand": textOn(brand), "--fd-brand-text": readableOnWhite(brand), zIndex: settings?.zIndex ?? 2147483000 };
	return (
		<div class={`frontdesk ${settings?.position === "left" ? "left" : "right"}`} style={theme} lang={props.locale} dir={isRightToLeft(props.locale) ? "rtl" : "ltr"}>
			{open && <Panel chat={chat} onClose={() => chat.setOpen(false)} />}
			<Launcher open={open} unread={chat.state.unread.value} buttonRef={launcher} onToggle={() => chat.setOpen(!open)} />
		</div>
	);
}
