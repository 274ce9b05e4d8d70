// Calendar dates as people write them, in the widget's languages (English, German, French, Spanish):
// ISO, day/month/year with slashes or dots, month names either side of the day, and words that count
// from the day of the message (yesterday, gestern, ayer… last Friday, three days ago, vor 3 Tagen).
// Each gets its day as `normalized` (YYYY-MM-DD) where the text settles it: relative words count from
// the day the message arrived where the customer is (in UTC when that is unknown); a day and month without a year are the latest such day no more than
// LOOK_AHEAD_DAYS ahead, as support messages mostly name days that have passed or a delivery due this
// month; 3/4/2024 (3 April or March 4) gets none.
import { localTime } from "../../time/local-time.ts";
import type { Entity } from "./entity.ts";
import { DAY_MS } from "../../time/durations.ts";

const LOOK_AHEAD_DAYS = 31;
// A two-digit year up to this many years ahead is this century's; later ones are the last's ("12/31/85").
const TWO_DIGIT_YEARS_AHEAD = 10;

/** For lists of names, one alternation per thing (a month, a number): which thing a word names, as its index, or -1. */
function nameIndex(lists: readonly string[]): (word: string) => number {
	const patterns = lists.map((names) => new RegExp(`^(?:${names})$`, "i"));
	return (word) => patterns.findIndex((pattern) => pattern.test(word));
}

// Each month's names, abbreviations first where a longer name starts with them.
const MONTH_NAMES = [
	"jan|january|januar|janvier|enero",
	"feb|february|februar|février|fevrier|febrero",
	"mar|march|märz|maerz|mars|marzo",
	"apr|april|avril|abril",
	"may|mai|mayo",
	"jun|june|juni|juin|junio",
	"jul|july|juli|juillet|julio",
	"aug|august|août|aout|agosto",
	"sep|sept|september|septembre|septiembre|setiembre",
	"oct|october|oktober|octobre|octubre",
	"nov|november|novembre|noviembre",
	"dec|december|dezember|décembre|decembre|diciembre",
];
const monthOf = nameIndex(MONTH_NAMES);
const MONTH = `(${MONTH_NAMES.join("|")})`;
// "5th", "1er", "5." as well as "5".
const DAY = "([12]\\d|3[01]|0?[1-9])(?:st|nd|rd|th|er|\\.)?";
const YEAR = "((?:19|20)\\d{2})";
// Each number's words, from one to ten ("a week ago", "vor einer Woche", "il y a deux jours", "hace tres días").
const NUMBER_WORDS = [
	"a|an|one|ein|eine|einem|einer|un|une|una|uno",
	"two|zwei|deux|dos",
	"three|drei|trois|tres",
	"four|vier|quatre|cuatro",
	"five|fünf|fuenf|cinq|cinco",
	"six|sechs|seis",
	"seven|sieben|sept|siete",
	"eight|acht|huit|ocho",
	"nine|neun|neuf|nueve",
	"ten|zehn|dix|diez",
];
const numberWordOf = nameIndex(NUMBER_WORDS);
const COUNT = `(\\d{1,3}|${NUMBER_WORDS.join("|")})`;
// Each weekday's names, Sunday first as Date.getUTCDay counts.
const WEEKDAY_NAMES = [
	"sun|sunday|sonntag|dimanche|domingo",
	"mon|monday|montag|lundi|lunes",
	"tue|tues|tuesday|dienstag|mardi|martes",
	"wed|wednesday|mittwoch|mercredi|miércoles|miercoles",
	"thu|thurs|thursday|donnerstag|jeudi|jueves",
	"fri|friday|freitag|vendredi|viernes",
	"sat|saturday|samstag|sonnabend|samedi|sábado|sabado",
];
const weekdayOf = nameIndex(WEEKDAY_NAMES);
const WEEKDAY = `(${WEEKDAY_NAMES.join("|")})`;
// "last Friday", "letzten Freitag", "vergangenen Freitag", "next Monday", "nächsten Montag", "el próximo lunes" …
const BEFORE_WEEKDAY = "last|letzte[nrs]?|vergangene[nrs]?|next|n[äa]chste[nrs]?|naechste[nrs]?|kommende[nrs]?|pr[óo]ximo";
// … and "vendredi dernier", "lundi prochain", "el viernes pasado", "el lunes que viene".
const AFTER_WEEKDAY = "dernier|prochain|pasado|que\\s+viene";
const PAST_WEEKDAY = /^(?:last|letzt|vergang|dernier|pasado)/i;
const DAYS = "days?|tag(?:e|en)?|jours?|d[ií]as?";
const WEEKS = "weeks?|wochen?|semaines?|semanas?";
const WEEK_UNIT = new RegExp(`^(?:${WEEKS})$`, "i");
// Words for a day near today that mean nothing else in another of the languages: not French "hier"
// (German "here"), German "morgen" or Spanish "mañana" (both also "morning").
const DAYS_FROM_TODAY: Record<string, number> = {
	today: 0,
	heute: 0,
	"aujourd'hui": 0,
	"aujourd’hui": 0,
	hoy: 0,
	yesterday: -1,
	gestern: -1,
	ayer: -1,
	tomorrow: 1,
	demain: 1,
	vorgestern: -2,
	"avant-hier": -2,
	anteayer: -2,
	antier: -2,
	übermorgen: 2,
	uebermorgen: 2,
	"après-demain": 2,
	"apres-demain": 2,
};

/** What a match says: the day it names (ms at UTC midnight), null when the text leaves it open or names none (30 February); no reading when it is no date after all. */
type Reading = { day: number | null } | null;

/** Midnight UTC of that calendar day, or null when there is no such day. */
function calendarDay(year: number, month: number, day: number): number | null {
	const time = Date.UTC(year, month, day);
	const date = new Date(time);
	return date.getUTCFullYear() === year && date.getUTCMonth() === month && date.getUTCDate() === day ? time : null;
}

/** "3", "three", "a", "ein", "deux" as a number. */
function countOf(word: string): number {
	if (/^\d/.test(word)) return Number(word);
	return numberWordOf(word) + 1;
}

function fullYear(year: string, today: number): number {
	if (year.length === 4) return Number(year);
	const thisYear = new Date(today).getUTCFullYear();
	const inThisCentury = thisYear - (thisYear % 100) + Number(year);
	return inThisCentury > thisYear + TWO_DIGIT_YEARS_AHEAD ? inThisCentury - 100 : inThisCentury;
}

/** A day and month named without a year: the latest such day up to LOOK_AHEAD_DAYS from today. */
function dayWithoutYear(month: number, day: number, today: number): Reading {
	const thisYear = new Date(today).getUTCFullYear();
	// Five years back hold a 29 February.
	const latest = [thisYear + 1, thisYear, thisYear - 1, thisYear - 2, thisYear - 3]
		.map((year) => calendarDay(year, month, day))
		.find((time) => time !== null && time <= today + LOOK_AHEAD_DAYS * DAY_MS);
	return { day: latest ?? null };
}

// The French month is written "mars"; "Mars" with no year is the planet or the chocolate bar ("2 Mars bars").
const NOT_A_MONTH_WITHOUT_YEAR = "Mars";

function namedDay(year: string | undefined, monthName: string, day: number, today: number): Reading {
	const month = monthOf(monthName);
	if (year === undefined) return monthName === NOT_A_MONTH_WITHOUT_YEAR ? null : dayWithoutYear(month, day, today);
	return { day: calendarDay(Number(year), month, day) };
}

/** Day and month either way round (3/4 is 3 April or March 4), but one of them a month. */
function numericDay(first: number, second: number, year: number): Reading {
	if (Math.min(first, second) < 1 || Math.max(first, second) > 31 || Math.min(first, second) > 12) return null;
	const readings = [first <= 12 ? calendarDay(year, first - 1, second) : null, second <= 12 ? calendarDay(year, second - 1, first) : null];
	const days = new Set(readings.filter((time) => time !== null));
	return { day: days.size === 1 ? [...days][0] : null };
}

/** The weekday named before today ("last Friday") or after it ("next Friday"), never today itself. */
function weekdayFrom(today: number, name: string, direction: string): Reading {
	const weekday = weekdayOf(name);
	const current = new Date(today).getUTCDay();
	const step = PAST_WEEKDAY.test(direction) ? -((current - weekday + 7) % 7 || 7) : (weekday - current + 7) % 7 || 7;
	return { day: today + step * DAY_MS };
}

const DATE_PATTERNS: Array<{ pattern: RegExp; read: (match: RegExpExecArray, today: number) => Reading }> = [
	{
		pattern: new RegExp(String.raw`(?<![\w-])${YEAR}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])\b`, "g"),
		read: (match) => ({ day: calendarDay(Number(match[1]), Number(match[2]) - 1, Number(match[3])) }),
	},
	{
		pattern: /\b(\d{1,2})([/.])(\d{1,2})\2((?:19|20)\d{2}|\d{2})\b/g,
		read: (match, today) => numericDay(Number(match[1]), Number(match[3]), fullYear(match[4], today)),
	},
	{
		pattern: new RegExp(String.raw`\b${MONTH}\.?\s${DAY}(?:,?\s${YEAR})?\b`, "giu"),
		read: (match, today) => namedDay(match[3], match[1], Number(match[2]), today),
	},
	{
		pattern: new RegExp(String.raw`\b${DAY}\s(?:of\s|de\s)?${MONTH}\.?(?:(?:,?\s|\sde\s)${YEAR})?\b`, "giu"),
		read: (match, today) => namedDay(match[3], match[2], Number(match[1]), today),
	},
	// Before the single words, so "the day before yesterday" is one date, not "yesterday".
	{
		pattern: /\b(?:the\s+)?day\s+(before\s+yesterday|after\s+tomorrow)\b|\bpasado\s+ma[ñn]ana\b/giu,
		read: (match, today) => ({ day: today + (/^before/i.test(match[1] ?? "") ? -2 : 2) * DAY_MS }),
	},
	{
		pattern: new RegExp(String.raw`(?<![\p{L}-])(${Object.keys(DAYS_FROM_TODAY).join("|")})(?![\p{L}-])`, "giu"),
		read: (match, today) => ({ day: today + DAYS_FROM_TODAY[match[1].toLowerCase()] * DAY_MS }),
	},
	{
		pattern: new RegExp(String.raw`\b(${BEFORE_WEEKDAY})\s+${WEEKDAY}(?![\p{L}])`, "giu"),
		read: (match, today) => weekdayFrom(today, match[2], match[1]),
	},
	{
		pattern: new RegExp(String.raw`\b${WEEKDAY}\s+(${AFTER_WEEKDAY})(?![\p{L}])`, "giu"),
		read: (match, today) => weekdayFrom(today, match[1], match[2]),
	},
	{
		// "3 days ago", "vor 3 Tagen", "il y a 3 jours", "hace 3 días"; "in 3 days", "dans 3 jours", "en 3 días".
		pattern: new RegExp(String.raw`\b(?:${COUNT}\s+(${DAYS}|${WEEKS})\s+ago|(vor|il\s+y\s+a|hace|in|dans|en)\s+${COUNT}\s+(${DAYS}|${WEEKS}))(?![\p{L}])`, "giu"),
		read: (match, today) => {
			const [, agoCount, agoUnit, word, count, unit] = match;
			const past = agoCount !== undefined || /^(?:vor|il|hace)/i.test(word);
			const days = countOf(agoCount ?? count) * (WEEK_UNIT.test(agoUnit ?? unit) ? 7 : 1);
			return { day: today + (past ? -days : days) * DAY_MS };
		},
	},
];

const isoDay = (time: number) => new Date(time).toISOString().slice(0, 10);

/** Midnight UTC of the calendar day it is at `now` in `timeZone`, or in UTC without one or for one the runtime does not know. */
function dayIn(now: number, timeZone: string | undefined): number {
	if (timeZone) {
		try {
			const { year, month, day } = localTime(new Date(now), timeZone);
			return Date.UTC(year, month - 1, day);
		} catch {
			// A RangeError: a zone unknown to this runtime's time-zone data.
		}
	}
	return Math.floor(now / DAY_MS) * DAY_MS;
}

/** Dates in `text`; relative ones count from the day it is at `now` (ms since the epoch, when the message arrived) in `timeZone`. */
export function extractDates(text: string, now: number, timeZone?: string): Entity[] {
	const today = dayIn(now, timeZone);
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
