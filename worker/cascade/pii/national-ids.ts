// National identity numbers in the formats customers most often paste: the
// US SSN, the UK National Insurance number, the Spanish DNI/NIE, the Italian
// codice fiscale and the French social security number (NIR). Each pattern is
// specific enough, or checked enough, not to catch order numbers.

// "Not inside a longer word or number", for patterns that start and end with letters or digits.
const B = String.raw`(?<![\p{L}\p{N}])`;
const E = String.raw`(?![\p{L}\p{N}])`;

const DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE";

function validSsn(match: string): boolean {
	const digits = match.replace(/\D/g, "");
	const area = Number(digits.slice(0, 3));
	return area !== 0 && area !== 666 && area < 900 && digits.slice(3, 5) !== "00" && digits.slice(5) !== "0000";
}

/** The Spanish DNI (8 digits) and NIE (X, Y or Z and 7 digits) end in a letter checked modulo 23. */
function validSpanishId(match: string): boolean {
	const compact = match.replace(/-/g, "").toUpperCase();
	const number = Number(compact.slice(0, -1).replace(/^[XYZ]/, (letter) => String("XYZ".indexOf(letter))));
	return DNI_LETTERS[number % 23] === compact.slice(-1);
}

/** The NIR's last two digits are 97 minus the rest modulo 97; Corsica's "2A"/"2B" count as 19/18 less 1 or 2 million. */
function validNir(match: string): boolean {
	const compact = match.replace(/\s/g, "").toUpperCase();
	const body = compact.slice(0, 13);
	const corsica = body.slice(5, 7);
	const numeric = BigInt(body.replace(/^(.{5})2A/, "$119").replace(/^(.{5})2B/, "$118"));
	const value = corsica === "2A" ? numeric - 1_000_000n : corsica === "2B" ? numeric - 2_000_000n : numeric;
	return 97n - (value % 97n) === BigInt(compact.slice(13));
}

export interface NationalIdPattern {
	pattern: RegExp;
	valid?: (match: string) => boolean;
}

export const NATIONAL_ID_PATTERNS: readonly NationalIdPattern[] = [
	// US SSN: 123-45-6789 or 123 45 6789, same separator twice.
	{ pattern: new RegExp(String.raw`${B}\d{3}([- ])\d{2}\1\d{4}${E}`, "gu"), valid: validSsn },
	// UK National Insurance number: two letters (some pairs never issued), six digits, A–D.
	{ pattern: new RegExp(String.raw`${B}(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]${E}`, "giu") },
	// Spanish DNI and NIE.
	{ pattern: new RegExp(String.raw`${B}(?:\d{8}|[XYZ]-?\d{7})-?[A-Z]${E}`, "giu"), valid: validSpanishId },
	// Italian codice fiscale: surname, name, birth date and place, check letter.
	{ pattern: new RegExp(String.raw`${B}[A-Z]{6}\d{2}[A-EHLMPR-T]\d{2}[A-Z]\d{3}[A-Z]${E}`, "giu") },
	// French NIR: sex, year, month, department (2A/2B in Corsica), commune, order, key.
	{ pattern: new RegExp(String.raw`${B}[12] ?\d{2} ?\d{2} ?(?:\d{2}|2[AB]) ?\d{3} ?\d{3} ?\d{2}${E}`, "giu"), valid: validNir },
];
