import { replaceGroupRuns } from "./digit-groups.ts";
import { passesLuhn } from "./luhn.ts";

// Digits written together or in groups of three or more split by single
// spaces or dashes, as card numbers are printed (4-4-4-4, 4-6-5, ...); a
// candidate may hold unrelated digits around the card number, and is not cut
// short: a card number straddling the cut would go unmasked.
const CANDIDATE = /(?<![\p{L}\p{N}+])\d{3,19}(?:[ -]\d{3,19})*(?![\p{L}\p{N}])/gu;
const SEPARATOR = /[ -]/g;
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
