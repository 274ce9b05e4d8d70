// Money: a number with a currency symbol, code or word next to it. The entity
// spans the number only; the currency goes into `normalized`. Both ends of a
// range ("20-30 euros", "€20 to €30", "between 20 and 30 dollars") are amounts,
// though an end with no currency of its own yields to a date or id that claims it.
import type { Entity } from "./entity.ts";

// "1,200.50", "1.200,50", "45.99", "12,50", "300": thousands groups either way, or a plain run, optional cents.
const NUMBER = String.raw`\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?|\d{1,9}(?:[.,]\d{1,2})?`;

// A dollar sign alone is read as US dollars; with a prefix it is another dollar.
const SYMBOLS: Record<string, string> = { $: "USD", "US$": "USD", "CA$": "CAD", C$: "CAD", "AU$": "AUD", A$: "AUD", "NZ$": "NZD", "HK$": "HKD", "S$": "SGD", "R$": "BRL", "MX$": "MXN", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR" };
const WORDS: Record<string, string> = {
	dollar: "USD",
	dollars: "USD",
	bucks: "USD",
	usd: "USD",
	euro: "EUR",
	euros: "EUR",
	eur: "EUR",
	pound: "GBP",
	pounds: "GBP",
	gbp: "GBP",
	cad: "CAD",
	aud: "AUD",
	yen: "JPY",
	rupees: "INR",
};

const CURRENCY_WORD = Object.keys(WORDS).join("|");
const SYMBOL = "(?:(?<!\\p{L})(?:US|CA|AU|NZ|HK|MX|[CASR]))?\\$|[€£¥₹]";
// What joins the two ends of a range; "and" only after "between", as "order 12345 and 30 euros" is no range.
const TO = String.raw`\s?(?:-|–|to)\s?`;
// The number must end there: not "1.23" out of "1.234,56", nor "123456789" out of a longer run.
// A range's second end is no day of a date ("$20 – 30/11/2024").
const BEFORE = new RegExp(String.raw`(${SYMBOL}|\b(?:usd|eur|gbp|cad|aud)\b)\s?(${NUMBER})(?![\d.,]?\d)(?:${TO}(${SYMBOL})?(${NUMBER})(?![\d.,]?\d)(?!\s?[-/]\d))?`, "giu");
const AFTER = new RegExp(
	String.raw`(?<![\d.,$€£¥₹])(?:(?:(?<=\bbetween\s+)(${NUMBER})\s+and\s+|(${NUMBER})${TO}))?(?<![\d.,$€£¥₹])(${NUMBER})\s?(${SYMBOL}|(?:${CURRENCY_WORD})\b)`,
	"giu",
);
// Pounds that something weighs, or pounds of something, are a weight, unless the words before speak of money
// ("charged 5 pounds of fees"); both are read in the few characters before.
const LOOK_BACK = 40;
const MONEY_WORDS = /\b(?:pa(?:y|id)|charged?|costs?|refund\w*|fees?|price|owe\w*|spent|bill\w*)\b/i;
function isWeight(text: string, match: RegExpExecArray, currency: string): boolean {
	if (!/^pounds?$/i.test(currency)) return false;
	const before = text.slice(Math.max(0, match.index - LOOK_BACK), match.index);
	if (/\bweigh/i.test(before)) return true;
	return /^\s+of\b/i.test(text.slice(match.index + match[0].length)) && !MONEY_WORDS.test(before);
}

/** Whether two numbers read as the ends of one range: rising, the second at most ten times the first. */
function isRange(low: string, high: string): boolean {
	const from = Number(plainNumber(low));
	const to = Number(plainNumber(high));
	return from < to && to <= from * 10;
}

function currencyOf(marker: string): string {
	return SYMBOLS[marker.toUpperCase()] ?? WORDS[marker.toLowerCase()] ?? marker.toUpperCase();
}

/** "1,200.50", "1.200,50" and "1200.50" all as 1200.50: no thousands separator, a dot before the cents. */
function plainNumber(number: string): string {
	const cents = /[.,](\d{1,2})$/.exec(number);
	const whole = (cents ? number.slice(0, cents.index) : number).replace(/[.,]/g, "");
	return cents ? `${whole}.${cents[1]}` : whole;
}

function amount(number: string, start: number, marker: string): Entity {
	return { type: "refund_amount", value: number, start, end: start + number.length, normalized: `${plainNumber(number)} ${currencyOf(marker)}` };
}

export interface FoundAmounts {
	/** Numbers with a currency of their own. */
	marked: Entity[];
	/** The end of a range that has none ("20" in "20-30 euros"): a date or id may claim it first. */
	rangeEnds: Entity[];
}

export function extractAmounts(text: string): FoundAmounts {
	const found: FoundAmounts = { marked: [], rangeEnds: [] };
	for (const match of text.matchAll(BEFORE)) {
		const [whole, marker, first, secondMarker, second] = match;
		found.marked.push(amount(first, match.index + whole.indexOf(first, marker.length), marker));
		if (second === undefined) continue;
		const end = amount(second, match.index + whole.length - second.length, secondMarker ?? marker);
		if (secondMarker) found.marked.push(end);
		else if (isRange(first, second)) found.rangeEnds.push(end);
	}
	for (const match of text.matchAll(AFTER)) {
		const [whole, afterBetween, rangeStart, last, marker] = match;
		if (isWeight(text, match, marker)) continue;
		const first = afterBetween ?? rangeStart;
		if (first !== undefined && isRange(first, last)) found.rangeEnds.push(amount(first, match.index, marker));
		found.marked.push(amount(last, match.index + whole.lastIndexOf(last, whole.length - marker.length), marker));
	}
	return found;
}
