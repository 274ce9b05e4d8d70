import { Component, type ComponentChildren, createRef } from "preact";
import type { Message } from "../../shared/protocol.ts";
import type { Chat } from "../chat.ts";
import { strings } from "../i18n/strings.ts";
import { fill } from "../i18n/fill.ts";
import { safeHref } from "../../shared/formatting.ts";
import { FormattedText } from "./FormattedText.tsx";

function Bubble(props: { mine?: boolean; author: string; badge?: string; status?: string; hidden?: true; children: ComponentChildren }) {
	const t = strings;
	return (
		<li class={`bubble ${props.mine ? "mine" : "theirs"}${props.badge === t.personLabel ? " agent" : ""}`} aria-hidden={props.hidden}>
			<span class="author">
				{/* A space, not a margin: screen readers then say "Fern AI", not "FernAI", and it sits right in either direction. */}
				{props.author} {props.badge && <span class="badge">{props.badge}</span>}
			</span>
			<div class="text">{props.children}</div>
			{props.status && <span class="status">{props.status}</span>}
		</li>
	);
}

/**
 * A stored message's bubble. A customer's is keyed by its client id, as its pending bubble was: the same node
 * stays in the live region when the message is stored, so a screen reader does not hear it a second time.
 */
function messageItem(message: Message, assistantName: string) {
	const t = strings;
	if (message.role === "system") return <li key={message.seq} class="notice">{message.text}</li>;
	if (message.role === "customer") return <Bubble key={message.clientMessageId ?? message.seq} mine author={t.you}>{message.text}</Bubble>;
	// An agent's reply takes the same light formatting as the AI's answers: the web addresses agents paste become links.
	const agent = message.role === "agent";
	const href = message.link && safeHref(message.link.url);
	return (
		<Bubble key={message.seq} author={agent ? (message.author ?? t.team) : assistantName} badge={agent ? t.personLabel : t.aiLabel}>
			<FormattedText text={message.text} />
			{href && (
				<a class="link" href={href} target="_blank" rel="noreferrer">
					{message.link?.label}
				</a>
			)}
		</Bubble>
	);
}

/**
 * Every message reaches the page as Preact text nodes and elements, never as
 * HTML. The list is a polite live region, so screen readers announce new
 * messages without interrupting; a reply as it streams in is not one yet.
 */
export class MessageList extends Component<{ chat: Chat }> {
	#log = createRef<HTMLDivElement>();
	/** What the end of the log showed: when any of it changes, the log follows. */
	#shown: unknown[] = [];

	componentDidMount() {
		this.componentDidUpdate();
	}

	// Whether the log showed its end (give or take a line) before the update.
	getSnapshotBeforeUpdate() {
		const log = this.#log.current as HTMLDivElement;
		return log.scrollHeight - log.scrollTop - log.clientHeight < 32;
	}

	componentDidUpdate(_props?: unknown, _state?: unknown, atEnd = true) {
		const { messages, pending, draft, awaitingReply, conversation } = this.props.chat.state;
		// The conversation's state too: a hand-off's banner or the e-mail form below the log shrinks it, hiding its end.
		// Its values, not the object, which every live reconnection replaces: a customer reading back up stays put.
		const sent = pending.value.at(-1)?.clientMessageId;
		const tail = [messages.value.length, sent, pending.value.length, draft.value, awaitingReply.value, ...Object.values(conversation.value)];
		// The log is always there: its ref is set before componentDidMount and componentDidUpdate run.
		const log = this.#log.current as HTMLDivElement;
		// A customer who scrolled up to read stays there while a reply streams in, until they send.
		const follow = atEnd || (sent !== undefined && sent !== this.#shown[1]);
		// Scrolls only the log, never the host page.
		if (follow && tail.some((value, index) => value !== this.#shown[index])) log.scrollTop = log.scrollHeight;
		this.#shown = tail;
	}

	render({ chat }: { chat: Chat }) {
		const t = strings;
		const { state } = chat;
		const messages = state.messages.value;
		const settings = state.settings.value;
		const draft = state.draft.value;
		const awaitingReply = state.awaitingReply.value;
		const assistantName = settings?.assistantName ?? "";
		// The disclosure always comes first, before the greeting, whether or not the conversation exists yet.
		const disclosure = messages.find((message) => message.kind === "disclosure")?.text ?? settings?.disclosure;
		const rest = messages.filter((message) => message.kind !== "disclosure");
		const greeting = settings && chat.greeting(settings);
		const quickReplies = awaitingReply ? undefined : rest.at(-1)?.quickReplies;

		return (
			<div ref={this.#log} class="messages" role="log" aria-live="polite" aria-label={t.messagesLabel} tabIndex={0}>
				<ol>
					{disclosure && <li class="notice disclosure">{disclosure}</li>}
					{greeting && (
						<Bubble author={assistantName} badge={t.aiLabel}>
							{greeting}
						</Bubble>
					)}
					{/* One list, so a pending bubble and its stored message share a key (see messageItem). */}
					{[
						...rest.map((message) => messageItem(message, assistantName)),
						...state.pending.value.map((pending) => (
							<Bubble key={pending.clientMessageId} mine author={t.you} status={pending.status !== "failed" ? t[pending.status] : pending.refusal === "message_too_long" ? t.tooLong : t.notSent}>
								{pending.text}
							</Bubble>
						)),
					]}
					{state.pending.value.some((pending) => pending.status !== "sending" && !pending.refusal) && (
						<li class="retry">
							<button onClick={chat.retry}>
								{t.retry}
							</button>
						</li>
					)}
					{/* Hidden from screen readers, which would announce every token in the live region: they hear the
					    reply once, finished, when the stored message takes this bubble's place. */}
					{draft !== null && (
						<Bubble author={assistantName} badge={t.aiLabel} hidden>
							<FormattedText text={draft} />
						</Bubble>
					)}
				</ol>
				{awaitingReply && draft === null && (
					<p class="typing">{fill(t.typing, { name: assistantName })}</p>
				)}
				{quickReplies && (
					<div class="quick-replies">
						{quickReplies.map((reply) => (
							<button key={reply} onClick={() => chat.send(reply)}>
								{reply}
							</button>
						))}
					</div>
				)}
			</div>
		);
	}
}
