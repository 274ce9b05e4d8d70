import { replaceGroupRuns } from "./digit-groups.ts";
import { passesLuhn } from "./luhn.ts";

// Digits written together or in groups of any size, as card numbers are printed (4-4-4-4, 4-6-5, ...) or typed
// (4111 1111 1111 11 11, one digit at a time), split by whatever people type between them: spaces (several, or a
// line break), dots, underscores, dashes of any kind, slashes, commas, colons, semicolons, pipes, tildes and
// apostrophes; not "+", which starts the next of two phone numbers written together. Letters may touch them ("Visa4111…", "…1111exp"). A candidate may hold unrelated digits around
// the card number, and is not cut short: a card number straddling the cut would go unmasked. Only a run of 13 to 19
// digits that passes the Luhn check is masked, so a date or an amount among them is left alone but by chance.
const SEPARATORS = "[\\s._\\-\\u2010-\\u2015\\u2212/,:;|~'’]+";
const CANDIDATE = new RegExp(`(?<![\\p{N}+])\\d{1,19}(?:${SEPARATORS}\\d{1,19})*(?!\\p{N})`, "gu");
const SEPARATOR = new RegExp(SEPARATORS, "gu");
const CARD_DIGITS = { min: 13, max: 19 };

function isCardNumber(run: string): boolean {
	return passesLuhn(run.replace(/\D/g, ""));
}

/** Masks payment card numbers; a digit string that fails the Luhn check (an order number, say) is left alone. */
export function maskCards(text: string, placeholder: string): { text: string; count: number } {
	let count = 0;
	const masked = text.replace(CANDIDATE, (candidate) => {
		const result = replaceGroupRuns(candidate, SEPARATOR, CARD_DIGITS, isCardNumber, placeholder);
		count += result.count;
		return result.text;
	});
	return { text: masked, count };
}
