// The model names the intent it chose in a first line, `<intent>id</intent>`,
// and then writes the reply. The reader strips that line out of the stream
// as it arrives, so the customer only ever sees the reply.

const OPEN = "<intent>";
const CLOSE = "</intent>";
// A tag that has not closed by now is not one; stop holding the text back.
const MAX_TAG_CHARS = 100;

export interface IntentTagReader {
	/** Feeds one text delta from the model; reply text is passed on to `onText` as soon as it is known not to be part of the tag. */
	push(delta: string): void;
	/** Ends the stream and returns the id the tag named, as written, or null without a tag. */
	finish(): string | null;
}

export function intentTagReader(onText: (text: string) => void): IntentTagReader {
	let head = "";
	let inHead = true;
	let atReplyStart = true;
	let taggedId: string | null = null;

	const emit = (text: string) => {
		// Whitespace between the tag line and the reply is not part of the reply.
		const visible = atReplyStart ? text.trimStart() : text;
		if (visible === "") return;
		atReplyStart = false;
		onText(visible);
	};

	const endHead = (rest: string) => {
		inHead = false;
		head = "";
		emit(rest);
	};

	const readHead = (final: boolean) => {
		const pending = head.trimStart();
		const lower = pending.toLowerCase();
		if (!lower.startsWith(OPEN)) {
			if (final || !OPEN.startsWith(lower)) endHead(pending);
			return;
		}
		const close = lower.indexOf(CLOSE);
		if (close >= 0) {
			taggedId = pending.slice(OPEN.length, close).trim();
			return endHead(pending.slice(close + CLOSE.length));
		}
		if (final || pending.length > MAX_TAG_CHARS) endHead(final ? "" : pending.slice(OPEN.length));
	};

	return {
		push(delta) {
			if (!inHead) return emit(delta);
			head += delta;
			readHead(false);
		},
		finish() {
			if (inHead) readHead(true);
			return taggedId;
		},
	};
}

/** The configured intent id the model named, or null for "none", a made-up id or no tag. */
export function knownIntent(taggedId: string | null, intentIds: readonly string[]): string | null {
	if (taggedId === null) return null;
	const id = taggedId.toLowerCase();
	return intentIds.includes(id) ? id : null;
}
