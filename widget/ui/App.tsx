import { useEffect, useRef } from "preact/hooks";
import type { Chat } from "../chat.ts";
import { Launcher } from "./Launcher.tsx";
import { Panel } from "./Panel.tsx";

export function App(props: { chat: Chat }) {
	const { chat } = props;
	const open = chat.state.open.value;
	const launcher = useRef<HTMLButtonElement>(null);
	const wasOpen = useRef(open);
	useEffect(() => {
		// Focus goes back where it came from when the panel closes.
		if (wasOpen.current && !open) launcher.current?.focus();
		wasOpen.current = open;
	}, [open]);

	return (
		<div class="frontdesk">
			{open && <Panel chat={chat} onClose={() => chat.setOpen(false)} />}
			<Launcher open={open} buttonRef={launcher} onToggle={() => chat.setOpen(!open)} />
		</div>
	);
}
