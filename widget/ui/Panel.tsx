import type { Message } from "../../shared/protocol.ts";
import type { Chat, PendingMessage } from "../chat.ts";
import { fill } from "../i18n/fill.ts";
import { strings } from "../i18n/strings.ts";
import { Composer } from "./Composer.tsx";
import { ContactPrompt } from "./ContactPrompt.tsx";
import { RatingPrompt } from "./RatingPrompt.tsx";
import { MessageList } from "./MessageList.tsx";

/**
 * Tab from the panel's last stop goes round to its first, Shift+Tab from its first to its last, rather than out to
 * a page hidden behind. Only buttons and the message box need looking at: the first stop is always a header
 * button, the last the send button, or the message box while there is nothing to send.
 */
function keepFocusIn(event: KeyboardEvent & { currentTarget: HTMLElement }) {
	// In the order Tab goes through them, forwards or backwards.
	const stops = [...event.currentTarget.querySelectorAll<HTMLElement>("button:enabled,textarea")];
	if (event.shiftKey) stops.reverse();
	if (event.target !== stops.at(-1)) return;
	event.preventDefault();
	stops[0].focus();
}

/**
 * Whether the customer has written since their conversation was resolved. The worker keeps it resolved, and the
 * AI answers them, so a banner saying it was resolved would read as if the chat were over. A message not yet
 * stored counts: the banner goes as the customer sends, not once the worker has answered.
 */
function wroteSinceResolved(messages: Message[], pending: PendingMessage[]) {
	const resolved = messages.map((message) => message.kind).lastIndexOf("resolved");
	return pending.length > 0 || (resolved >= 0 && messages.slice(resolved).some((message) => message.role === "customer"));
}

/** `modal`: the panel covers the page, as on a phone (App.tsx). */
export function Panel(props: { chat: Chat; modal: boolean; dir: "rtl" | "ltr"; takeFocus: boolean; onClose: () => void }) {
	const t = strings;
	const { chat } = props;
	const { state } = chat;
	const settings = state.settings.value;
	const problem = state.problem.value;
	const conversation = state.conversation.value;
	const keepKeyIn = (event: Event) => event.stopPropagation();
	const banner = conversation.status === "handed_off" ? t.handedOff : conversation.status === "resolved" && !wroteSinceResolved(state.messages.value, state.pending.value) ? t.resolved : null;
	return (
		<section
			class="panel"
			dir={props.dir}
			role="dialog"
			// Covering the page, the panel is all there is: a screen reader keeps to it, and so does Tab.
			aria-modal={props.modal}
			aria-labelledby="fd-title"
			onKeyDown={(event) => {
				// Out of the shadow root a key seems to come from the widget's host element, not a field: the page's own
				// shortcuts ("/" or "s" to search) would take what the customer types.
				keepKeyIn(event);
				if (event.key === "Escape") props.onClose();
				if (event.key === "Tab" && props.modal) keepFocusIn(event);
			}}
			onKeyPress={keepKeyIn}
			onKeyUp={keepKeyIn}
		>
			<div class="header">
				{settings?.avatarUrl && <img class="avatar" src={settings.avatarUrl} alt="" width={32} height={32} />}
				<h2 id="fd-title">{settings?.title ?? t.defaultTitle}</h2>
				{conversation.owner !== "human" && (
					<button class="human" onClick={chat.requestHuman}>
						{t.talkToHuman}
					</button>
				)}
				<button class="close" aria-label={t.closeChat} onClick={props.onClose}>
					<svg aria-hidden viewBox="0 0 24 24" width="18" height="18">
						<path d="M6 6l12 12M18 6L6 18" stroke="currentColor" stroke-width="2" stroke-linecap="round" fill="none" />
					</svg>
				</button>
			</div>
			{state.verifiedName.value && <p class="welcome">{fill(t.welcome, { name: state.verifiedName.value })}</p>}
			<MessageList chat={chat} />
			{banner && (
				<p class="status-banner" role="status">
					{banner}
				</p>
			)}
			{conversation.contactRequested && <ContactPrompt onSave={chat.setContact} />}
			{conversation.status === "resolved" && <RatingPrompt rated={conversation.rated} onRate={chat.rate} />}
			{state.waitSeconds.value !== null && (
				<p class="problem" role="alert">
					{fill(t.rateLimited, { seconds: state.waitSeconds.value })}
				</p>
			)}
			{problem && (
				<p class="problem" role="alert">
					{t.problems[problem]}
				</p>
			)}
			<Composer chat={chat} takeFocus={props.takeFocus} />
		</section>
	);
}
