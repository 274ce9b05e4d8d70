import { PHONE_WORDS } from "../entities/contact.ts";
import { nearestContextSince } from "../entities/context.ts";
import { replaceGroupRuns } from "./digit-groups.ts";

// A phone number needs a formatting cue, so that bare digit strings such as
// order numbers are never taken for one: a leading + or 00, an area code in
// parentheses, the US 555-123-4567 shape, or a national trunk prefix 0 with
// the number split into groups. Or a word that says it is one ("call me on 07911123456"), as the entity
// extractor reads it, unless a nearer word names what else it is. A + also starts one right after a digit:
// two numbers written together ("…0958+44 20…") are two numbers, and the second would otherwise go unmasked.
const CANDIDATE = /(?:(?<![\p{L}\p{N}+(])[+(]?|(?<=\p{N})\+)\d[\d ().\-/]{5,24}\d(?![\p{L}\p{N}])/gu;
const SPACES = / +/g;
// E.164 allows at most 15 digits; no real number has fewer than 7.
const PHONE_DIGITS = { min: 7, max: 15 };

const INTERNATIONAL = /^(?:\+|00(?=[1-9]))\d/;
const AREA_CODE_IN_PARENTHESES = /\(\d{1,5}\)/;
const NORTH_AMERICAN = /^\d{3}([-. ])\d{3}\1\d{4}$/;
const TRUNK_PREFIXED = /^0\d{1,4}(?:[ \-/.]\d{2,8}){1,5}$/;
const SEPARATED = /[ ().\-/]/;
const NAMED = {
	phone: PHONE_WORDS,
	identifier: ["order", "invoice", "tracking", "reference", "ref", "parcel", "package", "ticket", "account", "customer", "case", "item"],
} as const;

function isPhoneNumber(run: string): boolean {
	const digits = run.replace(/\D/g, "").length;
	if (run.startsWith("+")) return digits >= 8;
	if (INTERNATIONAL.test(run)) return digits >= 10 && SEPARATED.test(run);
	if (AREA_CODE_IN_PARENTHESES.test(run)) return digits >= 9;
	if (NORTH_AMERICAN.test(run)) return true;
	return TRUNK_PREFIXED.test(run) && digits >= 9 && digits <= 12;
}

// A phone word must come after the last number or placeholder before the number. Masked text is shorter than
// what it replaced, so a word further back could come within reach when the output is masked again; from the
// last placeholder on, the text is the same in both passes.
const LAST_NUMBER_OR_PLACEHOLDER = /(?:\d|\[[a-z_]+\])(?!.*(?:\d|\[[a-z_]+\]))/s;

/** Masks phone numbers written the way people write them, or named as one; see the cues above. */
export function maskPhones(text: string, placeholder: string): { text: string; count: number } {
	let count = 0;
	const masked = text.replace(CANDIDATE, (candidate, offset: number) => {
		const named = nearestContextSince(text, offset, NAMED, LAST_NUMBER_OR_PLACEHOLDER) === "phone";
		const accept = named ? () => true : isPhoneNumber;
		const result = replaceGroupRuns(candidate, SPACES, PHONE_DIGITS, accept, placeholder);
		count += result.count;
		return result.text;
	});
	return { text: masked, count };
}
