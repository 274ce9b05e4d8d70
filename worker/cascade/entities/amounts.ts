// Money: a number with a currency symbol, code or word next to it. The entity
// spans the number only; the currency goes into `normalized`.
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
// The number must end there: not "1.23" out of "1.234,56", nor "123456789" out of a longer run.
const BEFORE = new RegExp(String.raw`(${SYMBOL}|\b(?:usd|eur|gbp|cad|aud)\b)\s?(${NUMBER})(?![\d.,]?\d)`, "giu");
const AFTER = new RegExp(String.raw`(?<![\d.,$€£¥₹])(${NUMBER})\s?(${SYMBOL}|(?:${CURRENCY_WORD})\b)`, "giu");

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

export function extractAmounts(text: string): Entity[] {
	const found: Entity[] = [];
	for (const match of text.matchAll(BEFORE)) found.push(amount(match[2], match.index + match[0].length - match[2].length, match[1]));
	for (const match of text.matchAll(AFTER)) found.push(amount(match[1], match.index, match[2]));
	return found;
}
