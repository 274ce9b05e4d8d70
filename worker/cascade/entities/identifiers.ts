// Order and invoice numbers: an id-shaped token is only taken as one when the
// words just before it say which kind it is, so "I waited 30000 seconds" is not an order.
import type { Entity } from "./entity.ts";
import { nearestContextSince } from "./context.ts";

// Optional "#", optional short letter prefix ("INV-"), then at least three digits, single dashes allowed;
// never part of a decimal or grouped number ("149.99", "1,299.00").
const ID_TOKEN = /(?<![\w#$€£¥-]|\d[.,])#?(?:[A-Za-z]{1,5}-?)?\d(?:-?\d){2,30}(?![\w-]|[.,]\d)/g;

// In the widget's languages too (English, Spanish, French, German, Arabic); a keyword also matches inside a longer
// word ("Bestellnummer", "Rechnungsnummer").
const KEYWORDS = {
	invoice_id: ["invoice", "bill", "receipt", "factura", "facture", "rechnung", "فاتورة"],
	order_id: ["order", "purchase", "shipment", "package", "parcel", "pedido", "commande", "bestell", "auftrag", "طلب", "الطلب", "طلبي"],
	// Nearer than the keyword, these say the number is something else: "billing zip 90210", "order 5, phone 0612345678".
	other: ["zip", "postcode", "postal", "address", "street", "phone", "mobile", "tel", "call", "total", "price", "paid", "pay", "cost"],
} as const;

// The search for a keyword stops at a number: "order 12345, my number is 0612345678".
const LAST_NUMBER = /\d(?=\D*$)/;

function kindBefore(text: string, position: number): keyof typeof KEYWORDS | null {
	return nearestContextSince(text, position, KEYWORDS, LAST_NUMBER);
}

// Plain numbers this short are quantities more often than ids.
const MIN_ORDER_DIGITS = 5;

function digitCount(token: string): number {
	return token.replace(/\D/g, "").length;
}

// "order 12345, I mean 54321", "orders 12345 and 67890": the second number is of the first one's kind.
const JOINED = /^[^\p{L}\p{N}]*(?:\p{L}+[^\p{L}\p{N}]+){0,2}$/u;

function kindFollowing(text: string, previous: Entity | undefined, position: number): Entity["type"] | null {
	if (!previous || !JOINED.test(text.slice(previous.end, position))) return null;
	return kindBefore(text, position) === "other" ? null : previous.type;
}

/** "#12345" and "12345", "inv-00123" and "INV-00123" name the same thing: tickets and responses count them once. */
function canonicalId(token: string): string {
	return token.replace(/^#/, "").toUpperCase();
}

export function extractIdentifiers(text: string): Entity[] {
	const found: Entity[] = [];
	for (const match of text.matchAll(ID_TOKEN)) {
		const token = match[0];
		const kind = kindBefore(text, match.index) ?? kindFollowing(text, found.at(-1), match.index);
		if (kind === null || kind === "other") continue;
		if (kind === "order_id" && !token.startsWith("#") && digitCount(token) < MIN_ORDER_DIGITS) continue;
		const entity: Entity = { type: kind, value: token, start: match.index, end: match.index + token.length };
		const normalized = canonicalId(token);
		if (normalized !== token) entity.normalized = normalized;
		found.push(entity);
	}
	return found;
}
