// Order and invoice numbers: an id-shaped token is only taken as one when the
// words just before it say which kind it is, so "I waited 30000 seconds" is not an order.
import type { Entity } from "./entity.ts";
import { nearestContext } from "./context.ts";

// Optional "#", optional short letter prefix ("INV-"), then at least three digits, single dashes allowed.
const ID_TOKEN = /(?<![\w#$€£¥-])#?(?:[A-Za-z]{1,5}-?)?\d(?:-?\d){2,30}(?![\w-])/g;

const KEYWORDS = {
	invoice_id: ["invoice", "bill", "receipt"],
	order_id: ["order", "purchase", "shipment", "package", "parcel"],
} as const;

// Plain numbers this short are quantities more often than ids.
const MIN_ORDER_DIGITS = 5;

function digitCount(token: string): number {
	return token.replace(/\D/g, "").length;
}

export function extractIdentifiers(text: string): Entity[] {
	const found: Entity[] = [];
	for (const match of text.matchAll(ID_TOKEN)) {
		const token = match[0];
		const kind = nearestContext(text, match.index, KEYWORDS);
		if (!kind) continue;
		if (kind === "order_id" && !token.startsWith("#") && digitCount(token) < MIN_ORDER_DIGITS) continue;
		found.push({ type: kind, value: token, start: match.index, end: match.index + token.length });
	}
	return found;
}
