import { useState } from "preact/hooks";
import { strings } from "../i18n/strings.ts";

// The same shape the worker accepts; the worker still validates.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;

/** Asks for an e-mail address once a person has the conversation; the chat goes on meanwhile. */
export function ContactPrompt(props: { onSave: (email: string) => Promise<boolean> }) {
	const t = strings.value;
	const [email, setEmail] = useState("");
	const [invalid, setInvalid] = useState(false);
	const submit = async (event: Event) => {
		event.preventDefault();
		const trimmed = email.trim();
		setInvalid(!EMAIL.test(trimmed));
		if (EMAIL.test(trimmed)) await props.onSave(trimmed);
	};
	return (
		<form class="contact" onSubmit={submit} noValidate>
			<label for="fd-email">{t.contactPrompt}</label>
			<div class="row">
				<input
					id="fd-email"
					type="email"
					autocomplete="email"
					placeholder={t.emailPlaceholder}
					aria-label={t.emailLabel}
					aria-invalid={invalid}
					aria-describedby={invalid ? "fd-email-error" : undefined}
					value={email}
					onInput={(event) => setEmail(event.currentTarget.value)}
				/>
				<button type="submit">{t.saveEmail}</button>
			</div>
			{invalid && (
				<p id="fd-email-error" class="field-error" role="alert">
					{t.emailInvalid}
				</p>
			)}
		</form>
	);
}
