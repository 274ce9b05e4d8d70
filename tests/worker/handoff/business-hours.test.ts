import { describe, expect, it } from "vitest";
import { parseSiteConfig } from "../../../shared/site-config.ts";
import { availability } from "../../../worker/handoff/business-hours.ts";
import { handoffNotice } from "../../../worker/handoff/handoff-notice.ts";

const config = parseSiteConfig({
	handoff: { businessHours: { timezone: "Europe/Berlin", open: { mon: ["09:00", "17:00"], tue: ["09:00", "17:00"], fri: ["09:00", "12:00"] } }, expectedReplyMinutes: 30 },
});
const hours = config.handoff.businessHours;

describe("business hours", () => {
	it("are open within a day's hours, in the site's time zone", () => {
		expect(availability(hours, new Date("2026-11-30T08:00:00Z"))).toEqual({ open: true, nextOpenAt: null });
		expect(handoffNotice(config, { open: true, nextOpenAt: null })).toMatch(/We usually reply within 30 minutes\.$/);
	});

	it("give the next opening when closed: later today, tomorrow, or after the weekend", () => {
		expect(availability(hours, new Date("2026-11-30T07:59:00Z"))).toEqual({ open: false, nextOpenAt: "2026-11-30T08:00:00.000Z" });
		expect(availability(hours, new Date("2026-11-30T16:30:00Z"))).toEqual({ open: false, nextOpenAt: "2026-12-01T08:00:00.000Z" });
		expect(availability(hours, new Date("2026-12-04T11:30:00Z"))).toEqual({ open: false, nextOpenAt: "2026-12-07T08:00:00.000Z" });
	});

	it("open at the right instant on the days the clocks change", () => {
		const sundays = (timezone: string, opens: string) => parseSiteConfig({ handoff: { businessHours: { timezone, open: { sun: [opens, "12:00"] } } } }).handoff.businessHours;
		// Asked the evening before, on the old offset; the team opens on the new one.
		expect(availability(sundays("America/New_York", "03:00"), new Date("2026-03-08T04:00:00Z")).nextOpenAt).toBe("2026-03-08T07:00:00.000Z");
		expect(availability(sundays("America/New_York", "03:00"), new Date("2026-11-01T03:00:00Z")).nextOpenAt).toBe("2026-11-01T08:00:00.000Z");
		expect(availability(sundays("Europe/Berlin", "01:00"), new Date("2026-03-28T20:00:00Z")).nextOpenAt).toBe("2026-03-29T00:00:00.000Z");
		expect(availability(sundays("Europe/Berlin", "09:00"), new Date("2026-03-28T20:00:00Z")).nextOpenAt).toBe("2026-03-29T07:00:00.000Z");
	});

	it("tell the customer when to expect a person", () => {
		const closed = availability(hours, new Date("2026-12-05T10:00:00Z"));
		expect(handoffNotice(config, closed)).toMatch(/expect a reply after they are back on Monday.*9:00/);
		expect(handoffNotice(parseSiteConfig({ handoff: { expectedReplyMinutes: 180 } }), { open: true, nextOpenAt: null })).toMatch(/within 3 hours\.$/);
	});

	it("say the wait as people would: whole hours and days in hours and days", () => {
		const waitFor = (expectedReplyMinutes: number) => handoffNotice(parseSiteConfig({ handoff: { expectedReplyMinutes } }), { open: true, nextOpenAt: null });
		expect(waitFor(1)).toMatch(/within 1 minute\.$/);
		expect(waitFor(90)).toMatch(/within 90 minutes\.$/);
		expect(waitFor(60)).toMatch(/within 1 hour\.$/);
		expect(waitFor(150)).toMatch(/within 3 hours\.$/);
		expect(waitFor(36 * 60)).toMatch(/within 36 hours\.$/);
		expect(waitFor(24 * 60)).toMatch(/within 1 day\.$/);
		expect(waitFor(10_080)).toMatch(/within 7 days\.$/);
	});

	it("say it in the site's own words and language, not in English around them", () => {
		const french = parseSiteConfig({
			widget: { locale: "fr" },
			assistant: { handoff: "Je transmets la conversation à notre équipe.", handoffWait: "Réponse habituelle sous {wait}.", handoffAway: "L'équipe est absente ; elle répondra dès {when}." },
			handoff: { ...config.handoff, expectedReplyMinutes: 30 },
		});
		expect(handoffNotice(french, { open: true, nextOpenAt: null })).toBe("Je transmets la conversation à notre équipe. Réponse habituelle sous 30 minutes.");
		const closed = availability(french.handoff.businessHours, new Date("2026-12-05T10:00:00Z"));
		expect(handoffNotice(french, closed)).toMatch(/^Je transmets la conversation à notre équipe\. L'équipe est absente ; elle répondra dès lundi 09:00 UTC\+1\.$/);
		const german = (assistant: object) => parseSiteConfig({ widget: { locale: "de" }, assistant, handoff: { expectedReplyMinutes: 120 } });
		expect(handoffNotice(german({ handoffWait: "Wir antworten meist innerhalb von {wait}." }), { open: true, nextOpenAt: null })).toMatch(/innerhalb von 2 Stunden\.$/);
		// A German site that kept the default English sentence gets its wait in English too.
		expect(handoffNotice(german({}), { open: true, nextOpenAt: null })).toMatch(/We usually reply within 2 hours\.$/);
	});

	it("must open on some day, and the site's texts must keep their placeholders", () => {
		expect(() => parseSiteConfig({ handoff: { businessHours: { timezone: "Europe/Berlin", open: {} } } })).toThrow(/handoff\.businessHours\.open: must open on at least one day/);
		expect(() => parseSiteConfig({ assistant: { handoffWait: "We reply soon." } })).toThrow(/assistant\.handoffWait: must contain \{wait\}/);
		expect(() => parseSiteConfig({ assistant: { handoffAway: "We are away." } })).toThrow(/assistant\.handoffAway: must contain \{when\}/);
	});

	it("are always open when none are set", () => {
		expect(availability(undefined, new Date())).toEqual({ open: true, nextOpenAt: null });
	});
});
