import { ApiError } from "../../shared/api-error.ts";
import { DAY_MS } from "../time/durations.ts";

export const MAX_RANGE_DAYS = 92;

/** The UTC day of an ISO timestamp: the name of that day's Analytics object. */
export const dayOf = (isoTimestamp: string) => isoTimestamp.slice(0, 10);

function parseDay(name: string, value: string | undefined): number {
	const time = /^\d{4}-\d{2}-\d{2}$/.test(value ?? "") ? Date.parse(`${value}T00:00:00Z`) : Number.NaN;
	// Date.parse rolls 2026-02-30 over to March; a real day prints back unchanged.
	if (Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== value) {
		throw new ApiError(400, "invalid_request", `${name}: must be a day as YYYY-MM-DD.`);
	}
	return time;
}

/** Every day from `from` to `to`, both included; a 400 for a malformed, reversed or too long range. */
export function dayRange(from: string | undefined, to: string | undefined): string[] {
	const start = parseDay("from", from);
	const end = parseDay("to", to);
	if (end < start) throw new ApiError(400, "invalid_request", "to: must not be before from.");
	const count = (end - start) / DAY_MS + 1;
	if (count > MAX_RANGE_DAYS) throw new ApiError(400, "invalid_request", `The range spans ${count} days; ask for ${MAX_RANGE_DAYS} at most.`);
	return Array.from({ length: count }, (_, index) => new Date(start + index * DAY_MS).toISOString().slice(0, 10));
}
