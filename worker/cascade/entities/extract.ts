// All extractors over one message. Where two claim the same characters the
// more specific wins, in the order listed: an e-mail before the digits in it,
// an amount or a date before an id-shaped reading of it ("order of 20 EUR",
// "ordered on 2024-03-12"), a date or id before the currency-less end of a range
// ("Dec 12 - 30 euros"), an order number before a phone-shaped reading of the same digits.
import { extractAmounts } from "./amounts.ts";
import { extractEmails, extractPhones } from "./contact.ts";
import { extractDates } from "./dates.ts";
import { MAX_ENTITIES_PER_MESSAGE, MAX_ENTITY_SCAN_CHARS, type Entity, type ValueList } from "./entity.ts";
import { extractIdentifiers } from "./identifiers.ts";
import { extractListValues } from "./value-lists.ts";

export interface ExtractOptions {
	valueLists?: readonly ValueList[];
	/** When the message was written (ms since the epoch), which "yesterday" or "last Friday" count from; now when left out. */
	now?: number;
	/** Where the customer is (an IANA zone such as "Europe/Paris"): whose today those words count from; UTC when left out or unknown. */
	timeZone?: string;
}

function overlaps(a: Entity, b: Entity): boolean {
	return a.start < b.end && b.start < a.end;
}

export function extractEntities(text: string, options: ExtractOptions = {}): Entity[] {
	if (typeof text !== "string") return [];
	const scanned = text.slice(0, MAX_ENTITY_SCAN_CHARS);
	const amounts = extractAmounts(scanned);
	const byPriority = [
		extractEmails(scanned),
		amounts.marked,
		extractDates(scanned, options.now ?? Date.now(), options.timeZone),
		extractIdentifiers(scanned),
		amounts.rangeEnds,
		extractPhones(scanned),
		extractListValues(scanned, options.valueLists ?? []),
	];
	const kept: Entity[] = [];
	for (const candidates of byPriority) {
		for (const candidate of candidates) if (!kept.some((entity) => overlaps(entity, candidate))) kept.push(candidate);
	}
	return kept.sort((a, b) => a.start - b.start || a.end - b.end).slice(0, MAX_ENTITIES_PER_MESSAGE);
}
