import { Component } from "preact";
import { strings } from "../i18n/strings.ts";

interface ComposerProps {
	onSend: (text: string) => void;
	/** The chat's, not the composer's: it outlives the panel being closed, and Frontdesk.reset() empties it. */
	unsent: { text: string };
}

// Focus lands in the composer when the panel opens; a stable ref callback runs only on mount.
const focus = (element: HTMLElement | null) => element?.focus();

export class Composer extends Component<ComposerProps> {
	type = (text: string) => {
		this.props.unsent.text = text;
		this.setState({});
	};

	submit = (event: Event) => {
		event.preventDefault();
		const { text } = this.props.unsent;
		if (!text.trim()) return;
		this.props.onSend(text);
		this.type("");
	};

	render() {
		const t = strings.value;
		const { text } = this.props.unsent;
		return (
			<form class="composer" onSubmit={this.submit}>
				<label class="visually-hidden" for="fd-input">
					{t.messageLabel}
				</label>
				<textarea
					id="fd-input"
					ref={focus}
					rows={1}
					placeholder={t.placeholder}
					value={text}
					onInput={(event) => this.type(event.currentTarget.value)}
					onKeyDown={(event) => {
						if (event.key === "Enter" && !event.shiftKey && !event.isComposing) this.submit(event);
					}}
				/>
				<button type="submit" class="send" disabled={!text.trim()}>
					{t.send}
				</button>
			</form>
		);
	}
}
