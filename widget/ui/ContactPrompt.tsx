import { Component } from "preact";
import { strings } from "../i18n/strings.ts";

// The same shape the worker accepts; the worker still validates.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;

interface ContactPromptProps {
	onSave: (email: string) => Promise<boolean>;
}

/** Asks for an e-mail address once a person has the conversation; the chat goes on meanwhile. */
export class ContactPrompt extends Component<ContactPromptProps, { email: string; invalid: boolean }> {
	state = { email: "", invalid: false };

	#submit = (event: Event) => {
		event.preventDefault();
		const email = this.state.email.trim();
		const invalid = !EMAIL.test(email);
		this.setState({ invalid });
		if (!invalid) this.props.onSave(email);
	};

	render() {
		const t = strings;
		const { email, invalid } = this.state;
		return (
			<form class="contact" onSubmit={this.#submit} noValidate>
				{/* The field's only name: one spoken differently from what is shown would not answer to voice control (WCAG 2.5.3). */}
				<label for="fd-email">{t.contactPrompt}</label>
				<div class="row">
					<input
						id="fd-email"
						type="email"
						autocomplete="email"
						placeholder={t.emailPlaceholder}
						aria-invalid={invalid}
						aria-describedby={invalid ? "fd-email-error" : undefined}
						value={email}
						onInput={(event) => this.setState({ email: event.currentTarget.value })}
					/>
					<button>{t.saveEmail}</button>
				</div>
				{invalid && (
					<p id="fd-email-error" class="field-error" role="alert">
						{t.emailInvalid}
					</p>
				)}
			</form>
		);
	}
}
