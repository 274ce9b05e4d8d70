import type { Ref } from "preact";
import { fill } from "../i18n/fill.ts";
import { strings } from "../i18n/strings.ts";

export function Launcher(props: { open: boolean; unread: number; onToggle: () => void; buttonRef: Ref<HTMLButtonElement> }) {
	const t = strings.value;
	const label = props.open ? t.closeChat : props.unread ? `${t.openChat}, ${fill(t.unread, { count: props.unread })}` : t.openChat;
	return (
		<button ref={props.buttonRef} type="button" class="launcher" aria-label={label} aria-expanded={props.open} onClick={props.onToggle}>
			<svg aria-hidden viewBox="0 0 24 24" width="26" height="26">
				{props.open ? (
					<path d="M6 6l12 12M18 6L6 18" stroke="currentColor" stroke-width="2" stroke-linecap="round" fill="none" />
				) : (
					<path d="M4 5.5A2.5 2.5 0 0 1 6.5 3h11A2.5 2.5 0 0 1 20 5.5v8a2.5 2.5 0 0 1-2.5 2.5H10l-4.5 4v-4A2.5 2.5 0 0 1 4 13.5z" fill="currentColor" />
				)}
			</svg>
			{!props.open && props.unread > 0 && (
				<span class="unread" aria-hidden>
					{props.unread > 9 ? "9+" : props.unread}
				</span>
			)}
		</button>
	);
}
