import { PERSONAL_DATA_TYPES, type PersonalDataType } from "../../../shared/site-config.ts";
import { emailSpans } from "../entities/contact.ts";
import { maskCards } from "./cards.ts";
import { NATIONAL_ID_PATTERNS } from "./national-ids.ts";
import { maskPhones } from "./phones.ts";
import { readable } from "../../text/readable.ts";
import { cutToLength } from "../../text/cut.ts";

export interface MaskedText {
	/** The text with each personal datum replaced by a placeholder such as `[card]`. */
	text: string;
	/** How many of each type were masked; types with none are left out. */
	found: Array<{ type: PersonalDataType; count: number }>;
}

// No customer message is longer (the site's limit is at most 20,000), and the
// cap keeps the time bounded whatever arrives.
export const MAX_MASKED_CHARS = 20_000;

export function placeholder(type: PersonalDataType): string {
	return `[${type}]`;
}

function replaceMatches(text: string, pattern: RegExp, valid: (match: string) => boolean, type: PersonalDataType): { text: string; count: number } {
	let count = 0;
	const masked = text.replace(pattern, (match) => {
		if (!valid(match)) return match;
		count++;
		return placeholder(type);
	});
	return { text: masked, count };
}

const always = () => true;

/**
 * E-mail addresses go first and national ids next, so that their digits are not read as cards or phones.
 */
function maskText(input: string, types: readonly PersonalDataType[]): MaskedText {
	const counts: Record<PersonalDataType, number> = { email: 0, national_id: 0, card: 0, phone: 0 };
	let text = input;

	if (types.includes("email")) {
		const spans = emailSpans(text);
		let masked = "";
		let copied = 0;
		for (const { start, end } of spans) {
			masked += text.slice(copied, start) + placeholder("email");
			copied = end;
		}
		text = masked + text.slice(copied);
		counts.email = spans.length;
	}
	if (types.includes("national_id")) {
		for (const { pattern, valid } of NATIONAL_ID_PATTERNS) {
			const ids = replaceMatches(text, pattern, valid ?? always, "national_id");
			text = ids.text;
			counts.national_id += ids.count;
		}
	}
	if (types.includes("card")) {
		const cards = maskCards(text, placeholder("card"));
		text = cards.text;
		counts.card = cards.count;
	}
	if (types.includes("phone")) {
		const phones = maskPhones(text, placeholder("phone"));
		text = phones.text;
		counts.phone = phones.count;
	}

	const found = (Object.keys(counts) as PersonalDataType[]).filter((type) => counts[type] > 0).map((type) => ({ type, count: counts[type] }));
	return { text, found };
}

/**
 * Masks e-mail addresses, national ids, payment card numbers and phone numbers (or only the given types)
 * before a text leaves for the model or a ticket. Text beyond MAX_MASKED_CHARS is dropped. The text goes on
 * as the customer wrote it (a Persian zero-width non-joiner, an emoji's joiners, their own script's digits)
 * where masking it masks just what masking its readable form (worker/text/readable.ts) does. Elsewhere
 * invisible characters, full-width or other scripts' digits hid some personal data, or part of it (a phone
 * number's last group in full-width digits): then the readable text, masked, goes on.
 */
export function maskPersonalData(input: string, types: readonly PersonalDataType[] = PERSONAL_DATA_TYPES): MaskedText {
	const text = cutToLength(input, MAX_MASKED_CHARS);
	const asWritten = maskText(text, types);
	const read = readable(text);
	// Most text reads as it is written: masked once is enough.
	if (read === text) return asWritten;
	const asRead = maskText(read, types);
	return readable(asWritten.text) === asRead.text ? asWritten : asRead;
}
