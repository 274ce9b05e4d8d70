import { WEEKDAYS, type SiteConfig } from "../../shared/site-config.ts";
import { localTime } from "../time/local-time.ts";

type BusinessHours = NonNullable<SiteConfig["handoff"]["businessHours"]>;

export interface Availability {
	open: boolean;
	/** When the team is next open; null while open or when no hours are set. */
	nextOpenAt: string | null;
}

const toMinutes = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3));

/** How far the wall clock in `timeZone` is ahead of UTC at `instant`, in ms. */
function offsetAt(instant: number, timeZone: string): number {
	const shown = localTime(new Date(instant), timeZone);
	return Date.UTC(shown.year, shown.month - 1, shown.day, 0, shown.minutes) - instant;
}

/**
 * The instant at which the wall clock in `timeZone` shows the given local date and minute of day. The offset
 * is read twice: first where the wall time would fall in UTC, then where that lands, which is on the right
 * side of a change of clocks between the two.
 */
function instantAt(year: number, month: number, day: number, minutes: number, timeZone: string): Date {
	const wall = Date.UTC(year, month - 1, day, 0, minutes);
	const first = wall - offsetAt(wall, timeZone);
	return new Date(wall - offsetAt(first, timeZone));
}

export function availability(hours: BusinessHours | undefined, now: Date): Availability {
	if (!hours) return { open: true, nextOpenAt: null };
	const today = localTime(now, hours.timezone);
	const span = hours.open[today.weekday];
	if (span && today.minutes >= toMinutes(span[0]) && today.minutes < toMinutes(span[1])) return { open: true, nextOpenAt: null };
	for (let offset = 0; offset <= 7; offset++) {
		const date = new Date(Date.UTC(today.year, today.month - 1, today.day + offset));
		const candidate = hours.open[WEEKDAYS[date.getUTCDay()]];
		if (!candidate || (offset === 0 && today.minutes >= toMinutes(candidate[0]))) continue;
		const opensAt = instantAt(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), toMinutes(candidate[0]), hours.timezone);
		return { open: false, nextOpenAt: opensAt.toISOString() };
	}
	return { open: false, nextOpenAt: null };
}
