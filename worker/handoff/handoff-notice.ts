import type { SiteConfig } from "../../shared/site-config.ts";
import type { Availability } from "./business-hours.ts";

/** What the customer is told on hand-off, including when to expect a person. */
export function handoffNotice(config: SiteConfig, availability: Availability, locale: string | null): string {
	const { handoff, assistant } = config;
	if (availability.open) {
		const wait = handoff.expectedReplyMinutes < 120 ? `${handoff.expectedReplyMinutes} minutes` : `${Math.round(handoff.expectedReplyMinutes / 60)} hours`;
		return `${assistant.handoff} We usually reply within ${wait}.`;
	}
	if (!availability.nextOpenAt || !handoff.businessHours) return `${assistant.handoff} Our team is away right now and will reply as soon as they are back.`;
	const when = new Intl.DateTimeFormat(locale ?? "en", {
		weekday: "long",
		hour: "numeric",
		minute: "2-digit",
		timeZone: handoff.businessHours.timezone,
		timeZoneName: "short",
	}).format(new Date(availability.nextOpenAt));
	return `${assistant.handoff} Our team is away right now; expect a reply after they are back on ${when}.`;
}
