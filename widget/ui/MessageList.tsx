import { useEffect, useRef } from "preact/hooks";
import type { Message, WidgetSettings } from "../../shared/protocol.ts";
import type { PendingMessage } from "../chat.ts";
import { en as t } from "../i18n/en.ts";

function Bubble(props: { mine: boolean; author: string; ai: boolean; text: string; status?: string }) {
	return (
		<li class={`bubble ${props.mine ? "mine" : "theirs"}${props.status ? " pending" : ""}`}>
			<span class="author">
				{props.author}
				{props.ai && <span class="badge">{t.aiLabel}</span>}
			</span>
			<span class="text">{props.text}</span>
			{props.status && <span class="status">{props.status}</span>}
		</li>
	);
}

function MessageItem(props: { message: Message; assistantName: string }) {
	const { message } = props;
	if (message.role === "system") return <li class="notice">{message.text}</li>;
	const mine = message.role === "customer";
	return <Bubble mine={mine} author={mine ? t.you : props.assistantName} ai={message.role === "assistant"} text={message.text} />;
}

/**
 * Text only: every message goes through Preact's text nodes, so markup from the
 * server is shown, never interpreted. The list is a polite live region, so
 * screen readers announce new messages without interrupting.
 */
export function MessageList(props: { messages: Message[]; pending: PendingMessage[]; settings: WidgetSettings | null }) {
	const log = useRef<HTMLDivElement>(null);
	const count = props.messages.length + props.pending.length;
	useEffect(() => {
		// Scrolls only the log, never the host page.
		if (log.current) log.current.scrollTop = log.current.scrollHeight;
	}, [count]);
	const assistantName = props.settings?.assistantName ?? "";
	// The disclosure always comes first, before the greeting, whether or not the conversation exists yet.
	const disclosure = props.messages.find((message) => message.kind === "disclosure")?.text ?? props.settings?.disclosure;
	const rest = props.messages.filter((message) => message.kind !== "disclosure");

	return (
		<div ref={log} class="messages" role="log" aria-live="polite" aria-label={t.messagesLabel} tabIndex={0}>
			<ol>
				{disclosure && <li class="notice disclosure">{disclosure}</li>}
				{props.settings?.greeting && <Bubble mine={false} author={assistantName} ai text={props.settings.greeting} />}
				{rest.map((message) => (
					<MessageItem key={message.seq} message={message} assistantName={assistantName} />
				))}
				{props.pending.map((pending) => (
					<Bubble key={pending.clientMessageId} mine author={t.you} ai={false} text={pending.text} status={t.sending} />
				))}
			</ol>
		</div>
	);
}
