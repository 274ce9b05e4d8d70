import { replaceGroupRuns } from "./digit-groups.ts";
import { passesLuhn } from "./luhn.ts";

// Card numbers as they are printed (4-4-4-4, 4-6-5, ...) or typed, each kind of candidate checked by groups: only a
// run of 13 to 19 digits that passes the Luhn check is masked. A candidate may hold unrelated digits around the card
// number, and is not cut short: a card number straddling the cut would go unmasked. Letters may touch it
// ("Visa4111…", "…1111exp"). Each kind is kept narrow, as every candidate of 13 digits or more passes by chance
// about one time in ten: a list of phone or order numbers joined into one would lose numbers a person needs.
const KINDS = [
	// Groups of three digits or more, split by whatever people type between them: spaces (several, or a line break),
	// dots, underscores, dashes of any kind.
	{ candidate: /(?<![\p{N}+])\d{3,19}(?:[\s._\-\u2010-\u2015\u2212]+\d{3,19})*(?!\p{N})/gu, separator: /[\s._\-\u2010-\u2015\u2212]+/gu },
	// Groups of any size split by one space or one dash: "4111 1111 1111 11 11", or a digit at a time.
	{ candidate: /(?<![\p{N}+])\d{1,19}(?:[ -]\d{1,19})*(?!\p{N})/gu, separator: /[ -]/gu },
	// Four groups of four split by one other sign, the same each time: 4111/1111/1111/1111, 4111,1111,1111,1111.
	{ candidate: /(?<![\p{N}+])\d{4}([/,:;|~'’])\d{4}\1\d{4}\1\d{4}(?!\p{N})/gu, separator: /[/,:;|~'’]/gu },
];
const CARD_DIGITS = { min: 13, max: 19 };

function isCardNumber(run: string): boolean {
	return passesLuhn(run.replace(/\D/g, ""));
}

/** Masks payment card numbers; a digit string that fails the Luhn check (an order number, say) is left alone. */
export function maskCards(text: string, placeholder: string): { text: string; count: number } {
	let count = 0;
	let masked = text;
	for (const { candidate: pattern, separator } of KINDS) {
		masked = masked.replace(pattern, (candidate) => {
			const result = replaceGroupRuns(candidate, separator, CARD_DIGITS, isCardNumber, placeholder);
			count += result.count;
			return result.text;
		});
	}
	return { text: masked, count };
}
