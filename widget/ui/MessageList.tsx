import { useEffect, useRef } from "preact/hooks";
import type { Message, WidgetSettings } from "../../shared/protocol.ts";
import type { PendingMessage } from "../chat.ts";
import { en as t } from "../i18n/en.ts";

function Bubble(props: { message: Message; assistantName: string }) {
	const { message } = props;
	if (message.kind === "disclosure") return <li class="notice disclosure">{message.text}</li>;
	if (message.role === "system") return <li class="notice">{message.text}</li>;
	const mine = message.role === "customer";
	return (
		<li class={`bubble ${mine ? "mine" : "theirs"}`}>
			<span class="author">
				{mine ? t.you : props.assistantName}
				{message.role === "assistant" && <span class="badge">{t.aiLabel}</span>}
			</span>
			<span class="text">{message.text}</span>
		</li>
	);
}

/**
 * Text only: every message goes through Preact's text nodes, so markup from the
 * server is shown, never interpreted. The list is a polite live region, so
 * screen readers announce new messages without interrupting.
 */
export function MessageList(props: { messages: Message[]; pending: PendingMessage[]; settings: WidgetSettings | null }) {
	const end = useRef<HTMLLIElement>(null);
	const count = props.messages.length + props.pending.length;
	useEffect(() => end.current?.scrollIntoView?.({ block: "end" }), [count]);
	const assistantName = props.settings?.assistantName ?? "";
	const hasDisclosure = props.messages.some((message) => message.kind === "disclosure");

	return (
		<ol class="messages" role="log" aria-live="polite" aria-label={t.messagesLabel}>
			{!hasDisclosure && props.settings && <li class="notice disclosure">{props.settings.disclosure}</li>}
			{props.settings?.greeting && (
				<li class="bubble theirs">
					<span class="author">
						{assistantName}
						<span class="badge">{t.aiLabel}</span>
					</span>
					<span class="text">{props.settings.greeting}</span>
				</li>
			)}
			{props.messages.map((message) => (
				<Bubble key={message.seq} message={message} assistantName={assistantName} />
			))}
			{props.pending.map((pending) => (
				<li key={pending.clientMessageId} class="bubble mine pending">
					<span class="author">{t.you}</span>
					<span class="text">{pending.text}</span>
					<span class="status">{t.sending}</span>
				</li>
			))}
			<li ref={end} class="end" aria-hidden="true" />
		</ol>
	);
}
