import type { Ref } from "preact";
import { fill } from "../i18n/fill.ts";
import { strings } from "../i18n/strings.ts";

// The widget's buttons keep their default type, submit: in a form (the composer, the e-mail and rating forms) it
// sends it, and outside one (a page's form never reaches into the widget's shadow root) it submits nothing.
export function Launcher(props: { open: boolean; unread: number; onToggle: () => void; buttonRef: Ref<HTMLButtonElement> }) {
	const t = strings;
	const unread = props.unread ? fill(t.unread, { count: props.unread }) : "";
	const label = props.open ? t.closeChat : unread ? `${t.openChat}, ${unread}` : t.openChat;
	return [
		<button key="button" ref={props.buttonRef} class="launcher" aria-label={label} aria-expanded={props.open} onClick={props.onToggle}>
			<svg aria-hidden viewBox="0 0 24 24" width="26" height="26">
				{props.open ? (
					<path d="M6 6l12 12M18 6L6 18" stroke="currentColor" stroke-width="2" stroke-linecap="round" fill="none" />
				) : (
					<path d="M6 3h12a2 2 0 012 2v9a2 2 0 01-2 2h-8l-5 4v-4H6a2 2 0 01-2-2V5a2 2 0 012-2z" fill="currentColor" />
				)}
			</svg>
			{!props.open && props.unread > 0 && (
				<span class="unread" aria-hidden>
					{props.unread > 9 ? "9+" : props.unread}
				</span>
			)}
		</button>,
		// A reply that comes while the chat is closed is announced: the button's label is read only once it is reached.
		!props.open && (
			<span key="status" class="visually-hidden" role="status">
				{unread}
			</span>
		),
	];
}
