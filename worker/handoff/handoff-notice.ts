import { DEFAULT_HANDOFF_AWAY, DEFAULT_HANDOFF_WAIT, type SiteConfig } from "../../shared/site-config.ts";
import type { Availability } from "./business-hours.ts";

/**
 * What the customer is told on hand-off, including when to expect a person. The wait is written in the language
 * of the sentence around it: English in the default one, the site's (`widget.locale`) in a sentence of its own.
 */
export function handoffNotice(config: SiteConfig, availability: Availability): string {
	const { handoff, assistant, widget } = config;
	const languageOf = (text: string, fallback: string) => (text === fallback ? "en" : (widget.locale ?? "en"));
	if (availability.open) {
		const hours = handoff.expectedReplyMinutes >= 120;
		const wait = new Intl.NumberFormat(languageOf(assistant.handoffWait, DEFAULT_HANDOFF_WAIT), { style: "unit", unit: hours ? "hour" : "minute", unitDisplay: "long" }).format(hours ? Math.round(handoff.expectedReplyMinutes / 60) : handoff.expectedReplyMinutes);
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
