// Calendar dates as people write them: ISO, day/month/year with slashes or
// dots, month names either side of the day, and today/tomorrow/yesterday.
import type { Entity } from "./entity.ts";

const MONTH = "(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";
const DAY = "(?:[12]\\d|3[01]|0?[1-9])(?:st|nd|rd|th)?";
const YEAR = "(?:19|20)\\d{2}";

const DATE_PATTERNS = [
	new RegExp(String.raw`(?<![\w-])${YEAR}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])\b`, "g"),
	// Day and month either way round (3/4 is 3 April or March 4), but one of them a month.
	new RegExp(String.raw`\b(?:(?:0?[1-9]|1[0-2])[/.](?:0?[1-9]|[12]\d|3[01])|(?:0?[1-9]|[12]\d|3[01])[/.](?:0?[1-9]|1[0-2]))[/.](?:${YEAR}|\d{2})\b`, "g"),
	new RegExp(String.raw`\b${MONTH}\.?\s${DAY}(?:,?\s${YEAR})?\b`, "gi"),
	new RegExp(String.raw`\b${DAY}\s(?:of\s)?${MONTH}\.?(?:,?\s${YEAR})?\b`, "gi"),
	/\b(?:today|tomorrow|yesterday)\b/gi,
];

export function extractDates(text: string): Entity[] {
	return DATE_PATTERNS.flatMap((pattern) =>
		[...text.matchAll(pattern)].map((match) => ({ type: "date", value: match[0], start: match.index, end: match.index + match[0].length })),
	);
}
