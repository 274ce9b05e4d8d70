import type { Ref } from "preact";
import { en as t } from "../i18n/en.ts";

export function Launcher(props: { open: boolean; onToggle: () => void; buttonRef: Ref<HTMLButtonElement> }) {
	return (
		<button ref={props.buttonRef} type="button" class="launcher" aria-label={props.open ? t.closeChat : t.openChat} aria-expanded={props.open} onClick={props.onToggle}>
			<svg aria-hidden="true" viewBox="0 0 24 24" width="26" height="26">
				{props.open ? (
					<path d="M6 6l12 12M18 6L6 18" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" fill="none" />
				) : (
					<path d="M4 5.5A2.5 2.5 0 0 1 6.5 3h11A2.5 2.5 0 0 1 20 5.5v8a2.5 2.5 0 0 1-2.5 2.5H10l-4.5 4v-4A2.5 2.5 0 0 1 4 13.5z" fill="currentColor" />
				)}
			</svg>
		</button>
	);
}
