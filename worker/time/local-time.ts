// The wall clock somewhere: what business hours are checked against, and the day "yesterday" counts from.
import type { WEEKDAYS } from "../../shared/site-config.ts";

export interface LocalTime {
	year: number;
	month: number;
	day: number;
	weekday: (typeof WEEKDAYS)[number];
	minutes: number;
}

/** Throws a RangeError for a zone the runtime's time-zone data does not know. */
export function localTime(instant: Date, timeZone: string): LocalTime {
	const parts = Object.fromEntries(
		new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", weekday: "short", hour: "numeric", minute: "numeric" })
			.formatToParts(instant)
			.map((part) => [part.type, part.value]),
	);
	return {
		year: Number(parts.year),
		month: Number(parts.month),
		day: Number(parts.day),
		weekday: parts.weekday.toLowerCase() as LocalTime["weekday"],
		minutes: Number(parts.hour) * 60 + Number(parts.minute),
	};
}
