// E-mail addresses and phone numbers.
import type { Entity } from "./entity.ts";
import { nearestContext } from "./context.ts";

// Any script, as people write addresses, with apostrophes inside the local part (o'neil@example.com: without
// them, "neil@example.com" was a stranger's address). Local part and domain labels have bounded lengths, so
// matching stays linear. The local part starts with a letter or digit that follows none, or right where another
// address ends: "a@b.com_c@d.com" and "a@b.com1c@d.org" are two. Masking, which puts a placeholder in place of
// the first, then finds the same addresses whether it runs once or twice. Digits may follow the top-level
// domain, which has none: in "sam@example.com4111…" the address ends at "com", and the card number is masked too.
const ADDRESS = String.raw`[\p{L}\p{N}][\p{L}\p{N}._%+\-']{0,63}@(?:[\p{L}\p{N}\-]{1,63}\.){1,8}\p{L}{2,63}(?![\p{L}\-@])`;
const EMAIL_ADDRESS = new RegExp(String.raw`(?<![\p{L}\p{N}])${ADDRESS}`, "gu");
const EMAIL_RIGHT_AFTER = new RegExp(ADDRESS, "uy");

/** Every e-mail address in `text`, in order, as offsets. */
export function emailSpans(text: string): Array<{ start: number; end: number }> {
	const spans: Array<{ start: number; end: number }> = [];
	for (const match of text.matchAll(EMAIL_ADDRESS)) {
		if (match.index < (spans.at(-1)?.end ?? 0)) continue;
		let end = match.index + match[0].length;
		spans.push({ start: match.index, end });
		for (let next = after(text, end); next !== null; next = after(text, end)) {
			spans.push({ start: end, end: next });
			end = next;
		}
	}
	return spans;
}

/** Where an address that starts right at `position` ends, if one does. */
function after(text: string, position: number): number | null {
	EMAIL_RIGHT_AFTER.lastIndex = position;
	return EMAIL_RIGHT_AFTER.exec(text) ? EMAIL_RIGHT_AFTER.lastIndex : null;
}

// Digits with the separators people put in phone numbers; validated below.
const PHONE_CANDIDATE = /(?<![\w+])\+?\(?\d[\d\s().-]{5,22}\d(?![\w])/g;
const MIN_PHONE_DIGITS = 7;
const MAX_PHONE_DIGITS = 15;
export const PHONE_WORDS = ["phone", "call", "tel", "mobile", "cell", "whatsapp", "telephone", "sms", "text"] as const;
const PHONE_KEYWORDS = { phone: PHONE_WORDS } as const;

export function extractEmails(text: string): Entity[] {
	return emailSpans(text).map(({ start, end }) => ({ type: "email", value: text.slice(start, end), start, end }));
}

/** Formatted numbers ("+44 20 7946 0958", "(555) 123-4567") stand alone; a bare digit run needs a phone word before it. */
function looksLikePhone(text: string, candidate: string, start: number): boolean {
	const digits = candidate.replace(/\D/g, "").length;
	if (digits < MIN_PHONE_DIGITS || digits > MAX_PHONE_DIGITS) return false;
	if (/\s{2,}/.test(candidate) || (candidate.includes(")") && !candidate.includes("("))) return false;
	const formatted = candidate.startsWith("+") || /^\(?\d{2,4}\)?[\s.-]\d{2,4}[\s.-]\d{2,5}(?:[\s.-]\d{2,5})?$/.test(candidate);
	return formatted || nearestContext(text, start, PHONE_KEYWORDS) !== null;
}

export function extractPhones(text: string): Entity[] {
	const found: Entity[] = [];
	for (const match of text.matchAll(PHONE_CANDIDATE)) {
		const candidate = match[0].trim();
		if (looksLikePhone(text, candidate, match.index)) found.push({ type: "phone", value: candidate, start: match.index, end: match.index + candidate.length });
	}
	return found;
}
