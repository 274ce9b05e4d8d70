// Invisible characters that split a number, an address or a word without changing how it reads: zero-width
// spaces and joiners, direction marks and isolates, soft hyphens, variation selectors, tags, fillers.
const INVISIBLE = /\p{Default_Ignorable_Code_Point}/gu;
const DIGIT = /\p{Nd}/u;
// Decimal digits NFKC leaves as they are: Arabic-Indic, Persian, Devanagari and the other scripts' own.
const SCRIPT_DIGIT = /(?![0-9])\p{Nd}/gu;

/** A script's digit as 0–9: Unicode encodes each script's ten digits in a row, from zero. */
function asciiDigit(digit: string): string {
	const code = digit.codePointAt(0) as number;
	let zero = code;
	while (DIGIT.test(String.fromCodePoint(zero - 1))) zero--;
	return String((code - zero) % 10);
}

/**
 * Text as it reads, for searching it: invisible characters go, full-width letters and digits (common in
 * Japanese and Chinese input) become ASCII by NFKC, and so do the digits of other scripts (٤١١١ is 4111), so that
 * a card number or a quote written that way is still found. Invisible characters go first: removed
 * afterwards, one could leave a combining mark next to a letter it was kept from, unnormalised.
 */
export function readable(text: string): string {
	return text.replace(INVISIBLE, "").normalize("NFKC").replace(SCRIPT_DIGIT, asciiDigit);
}
