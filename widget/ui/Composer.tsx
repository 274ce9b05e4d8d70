import { useEffect, useRef, useState } from "preact/hooks";
import { strings } from "../i18n/strings.ts";

export function Composer(props: { onSend: (text: string) => void }) {
	const t = strings.value;
	const [text, setText] = useState("");
	const input = useRef<HTMLTextAreaElement>(null);
	useEffect(() => input.current?.focus(), []);

	const submit = (event?: Event) => {
		event?.preventDefault();
		if (!text.trim()) return;
		props.onSend(text);
		setText("");
	};

	return (
		<form class="composer" onSubmit={submit}>
			<label class="visually-hidden" for="fd-input">
				{t.messageLabel}
			</label>
			<textarea
				id="fd-input"
				ref={input}
				rows={1}
				placeholder={t.placeholder}
				value={text}
				onInput={(event) => setText(event.currentTarget.value)}
				onKeyDown={(event) => {
					if (event.key === "Enter" && !event.shiftKey && !event.isComposing) submit(event);
				}}
			/>
			<button type="submit" class="send" disabled={!text.trim()}>
				{t.send}
			</button>
		</form>
	);
}
