import { Component } from "preact";
import type { Chat } from "../chat.ts";
import { strings } from "../i18n/strings.ts";

/** The chat keeps what is typed, not the composer: it outlives the panel being closed, and Frontdesk.reset() empties it. */
type ComposerProps = { chat: Pick<Chat, "send" | "type" | "unsent">; takeFocus: boolean };

// Focus lands in the composer when the panel opens; a stable ref callback runs only on mount.
const focus = (element: HTMLElement | null) => element?.focus();

export class Composer extends Component<ComposerProps> {
	// Decided once: a ref that changed later would be called then, and take focus from wherever the customer is.
	#takeFocus = this.props.takeFocus;

	#type = (text: string) => {
		this.props.chat.type(text);
		this.setState({});
	};

	#submit = (event: Event) => {
		event.preventDefault();
		const { text } = this.props.chat.unsent;
		if (!text.trim()) return;
		this.props.chat.send(text);
		this.#type("");
	};

	render() {
		const t = strings;
		const { text } = this.props.chat.unsent;
		return (
			<form class="composer" onSubmit={this.#submit}>
				<label class="visually-hidden" for="fd-input">
					{t.messageLabel}
				</label>
				<textarea
					id="fd-input"
					ref={this.#takeFocus ? focus : undefined}
					rows={1}
					placeholder={t.placeholder}
					value={text}
					onInput={(event) => this.#type(event.currentTarget.value)}
					onKeyDown={(event) => {
						// keyCode 229: a key that goes to an input method (Japanese, Chinese, Korean), such as the Enter that
						// picks a word. Safari gives that Enter as no longer composing, so isComposing cannot tell it.
						if (event.key === "Enter" && !event.shiftKey && event.keyCode !== 229) this.#submit(event);
					}}
				/>
				<button class="send" disabled={!text.trim()}>
					{t.send}
				</button>
			</form>
		);
	}
}
