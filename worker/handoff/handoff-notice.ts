import { DEFAULT_HANDOFF_AWAY, DEFAULT_HANDOFF_WAIT, type SiteConfig } from "../../shared/site-config.ts";
import type { Availability } from "./business-hours.ts";

const HOUR_MINUTES = 60;
const DAY_MINUTES = 24 * HOUR_MINUTES;

/** A wait as people say it: "1 hour", not "60 minutes"; "3 hours", not "180 minutes"; "2 days", not "48 hours". Rounded past two of a unit. */
function waitInUnits(minutes: number): { unit: "minute" | "hour" | "day"; count: number } {
	if (minutes % DAY_MINUTES === 0 || minutes >= 2 * DAY_MINUTES) return { unit: "day", count: Math.round(minutes / DAY_MINUTES) };
	if (minutes % HOUR_MINUTES === 0 || minutes >= 2 * HOUR_MINUTES) return { unit: "hour", count: Math.round(minutes / HOUR_MINUTES) };
	return { unit: "minute", count: minutes };
}

/**
 * What the customer is told on hand-off, including when to expect a person. The wait is written in the language
 * of the sentence around it: English in the default one, the site's (`widget.locale`) in a sentence of its own.
 */
export function handoffNotice(config: SiteConfig, availability: Availability): string {
	const { handoff, assistant, widget } = config;
	const languageOf = (text: string, fallback: string) => (text === fallback ? "en" : (widget.locale ?? "en"));
	if (availability.open) {
		const { unit, count } = waitInUnits(handoff.expectedReplyMinutes);
		const wait = new Intl.NumberFormat(languageOf(assistant.handoffWait, DEFAULT_HANDOFF_WAIT), { style: "unit", unit, unitDisplay: "long" }).format(count);
		return `${assistant.handoff} ${assistant.handoffWait.replaceAll("{wait}", wait)}`;
	}
	// Closed means business hours are set and open on some day (the schema requires one).
	if (!availability.nextOpenAt || !handoff.businessHours) return assistant.handoff;
	const when = new Intl.DateTimeFormat(languageOf(assistant.handoffAway, DEFAULT_HANDOFF_AWAY), {
		weekday: "long",
		hour: "numeric",
		minute: "2-digit",
		timeZone: handoff.businessHours.timezone,
		timeZoneName: "short",
	}).format(new Date(availability.nextOpenAt));
	return `${assistant.handoff} ${assistant.handoffAway.replaceAll("{when}", when)}`;
}
