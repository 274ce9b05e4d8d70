import { replaceGroupRuns } from "./digit-groups.ts";
import { passesLuhn } from "./luhn.ts";

// Digits written together or in groups of three or more, as card numbers are printed (4-4-4-4, 4-6-5, ...),
// split by whatever people type between them: spaces (several, or a line break), dots, underscores, dashes of
// any kind. Letters may touch them ("Visa4111…", "…1111exp"). A candidate may hold unrelated digits around
// the card number, and is not cut short: a card number straddling the cut would go unmasked.
const CANDIDATE = /(?<![\p{N}+])\d{3,19}(?:[\s._\-\u2010-\u2015\u2212]+\d{3,19})*(?!\p{N})/gu;
const SEPARATOR = /[\s._\-\u2010-\u2015\u2212]+/gu;
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
