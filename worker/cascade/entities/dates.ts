// Calendar dates as people write them: ISO, day/month/year with slashes or dots, month names either
// side of the day, and words that count from the day the message was written (yesterday, last Friday,
// three days ago). Each gets its day as `normalized` (YYYY-MM-DD) where the text settles it: relative
// words count from the message's day in UTC; a day and month without a year are the latest such day
// no more than LOOK_AHEAD_DAYS ahead, as support messages mostly name days that have passed or a
// delivery coming soon; 3/4/2024 (3 April or March 4) gets none.
import type { Entity } from "./entity.ts";

const DAY_MS = 86_400_000;
const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
const NUMBER_WORDS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];
const LOOK_AHEAD_DAYS = 90;

const MONTH = "(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";
const DAY = "([12]\\d|3[01]|0?[1-9])(?:st|nd|rd|th)?";
const YEAR = "((?:19|20)\\d{2})";
const COUNT = `(\\d{1,3}|an?|${NUMBER_WORDS.join("|")})`;

/** What a match says: the day it names (ms at UTC midnight), null when the text leaves it open or names none (30 February); no reading when it is no date after all. */
type Reading = { day: number | null } | null;

/** Midnight UTC of that calendar day, or null when there is no such day. */
function calendarDay(year: number, month: number, day: number): number | null {
	const time = Date.UTC(year, month, day);
	const date = new Date(time);
	return date.getUTCFullYear() === year && date.getUTCMonth() === month && date.getUTCDate() === day ? time : null;
}

const monthOf = (name: string) => MONTHS.indexOf(name.slice(0, 3).toLowerCase());
/** "3", "three", "a" or "an" as a number. */
function countOf(word: string): number {
	if (/^\d/.test(word)) return Number(word);
	return NUMBER_WORDS.indexOf(word.toLowerCase()) + 1 || 1;
}

/** A day and month named without a year: the latest such day up to LOOK_AHEAD_DAYS from today. */
function dayWithoutYear(month: number, day: number, today: number): Reading {
	const thisYear = new Date(today).getUTCFullYear();
	const latest = [thisYear + 1, thisYear, thisYear - 1, thisYear - 2]
		.map((year) => calendarDay(year, month, day))
		.find((time) => time !== null && time <= today + LOOK_AHEAD_DAYS * DAY_MS);
	return { day: latest ?? null };
}

function namedDay(year: string | undefined, month: number, day: number, today: number): Reading {
	if (year === undefined) return dayWithoutYear(month, day, today);
	return { day: calendarDay(Number(year), month, day) };
}

/** Day and month either way round (3/4 is 3 April or March 4), but one of them a month. */
function numericDay(first: number, second: number, year: number): Reading {
	if (Math.min(first, second) < 1 || Math.max(first, second) > 31 || Math.min(first, second) > 12) return null;
	const readings = [first <= 12 ? calendarDay(year, first - 1, second) : null, second <= 12 ? calendarDay(year, second - 1, first) : null];
	const days = new Set(readings.filter((time) => time !== null));
	return { day: days.size === 1 ? [...days][0] : null };
}

/** The weekday before today ("last Friday") or after it ("next Friday"), never today itself. */
function weekdayFrom(today: number, weekday: number, direction: "last" | "next"): number {
	const current = new Date(today).getUTCDay();
	const step = direction === "next" ? (weekday - current + 7) % 7 || 7 : -((current - weekday + 7) % 7 || 7);
	return today + step * DAY_MS;
}

const DATE_PATTERNS: Array<{ pattern: RegExp; read: (match: RegExpExecArray, today: number) => Reading }> = [
	{
		pattern: new RegExp(String.raw`(?<![\w-])${YEAR}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])\b`, "g"),
		read: (match, today) => namedDay(match[1], Number(match[2]) - 1, Number(match[3]), today),
	},
	{
		pattern: /\b(\d{1,2})([/.])(\d{1,2})\2((?:19|20)\d{2}|\d{2})\b/g,
		read: (match) => numericDay(Number(match[1]), Number(match[3]), match[4].length === 2 ? 2000 + Number(match[4]) : Number(match[4])),
	},
	{
		pattern: new RegExp(String.raw`\b${MONTH}\.?\s${DAY}(?:,?\s${YEAR})?\b`, "gi"),
		read: (match, today) => namedDay(match[3], monthOf(match[1]), Number(match[2]), today),
	},
	{
		pattern: new RegExp(String.raw`\b${DAY}\s(?:of\s)?${MONTH}\.?(?:,?\s${YEAR})?\b`, "gi"),
		read: (match, today) => namedDay(match[3], monthOf(match[2]), Number(match[1]), today),
	},
	// Before the single words, so "the day before yesterday" is one date, not "yesterday".
	{
		pattern: /\b(?:the\s+)?day\s+(before\s+yesterday|after\s+tomorrow)\b/gi,
		read: (match, today) => ({ day: today + (/^before/i.test(match[1]) ? -2 : 2) * DAY_MS }),
	},
	{
		pattern: /\b(today|tomorrow|yesterday)\b/gi,
		read: (match, today) => ({ day: today + { today: 0, tomorrow: 1, yesterday: -1 }[match[1].toLowerCase() as "today"] * DAY_MS }),
	},
	{
		pattern: new RegExp(String.raw`\b(last|next)\s+(${WEEKDAYS.join("|")})\b`, "gi"),
		read: (match, today) => ({ day: weekdayFrom(today, WEEKDAYS.indexOf(match[2].toLowerCase()), match[1].toLowerCase() as "last" | "next") }),
	},
	{
		pattern: new RegExp(String.raw`\b(?:${COUNT}\s+(days?|weeks?)\s+ago|in\s+${COUNT}\s+(days?|weeks?))\b`, "gi"),
		read: (match, today) => {
			const ago = match[1] !== undefined;
			const days = countOf(ago ? match[1] : match[3]) * (/^week/i.test(ago ? match[2] : match[4]) ? 7 : 1);
			return { day: today + (ago ? -days : days) * DAY_MS };
		},
	},
];

const isoDay = (time: number) => new Date(time).toISOString().slice(0, 10);

/** Dates in `text`; relative ones count from `now` (ms since the epoch), when the message was written. */
export function extractDates(text: string, now: number): Entity[] {
	const today = Math.floor(now / DAY_MS) * DAY_MS;
	return DATE_PATTERNS.flatMap(({ pattern, read }) =>
		[...text.matchAll(pattern)].flatMap((match) => {
			const reading = read(match, today);
			if (!reading) return [];
			const entity: Entity = { type: "date", value: match[0], start: match.index, end: match.index + match[0].length };
			if (reading.day !== null) entity.normalized = isoDay(reading.day);
			return [entity];
		}),
	);
}
