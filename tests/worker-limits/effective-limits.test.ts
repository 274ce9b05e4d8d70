import { describe, expect, it } from "vitest";
import { siteConfig } from "../../worker/config/site-config.ts";
import { effectiveLimits } from "../../worker/limits/effective-limits.ts";

describe("FRONTDESK_LIMITS", () => {
	it("leaves the site config's limits when unset or blank", () => {
		expect(effectiveLimits(undefined)).toEqual(siteConfig.limits);
		expect(effectiveLimits("  ")).toEqual(siteConfig.limits);
	});

	it("overrides only the fields it names", () => {
		expect(effectiveLimits('{"ipMessagesPerMinute": 5}')).toEqual({ ...siteConfig.limits, ipMessagesPerMinute: 5 });
	});

	it("names the bad field of an invalid override instead of running with it", () => {
		expect(() => effectiveLimits('{"ipMessagesPerMinute": 0}')).toThrow(/^FRONTDESK_LIMITS\.ipMessagesPerMinute: /);
		expect(() => effectiveLimits('{"perMinute": 5}')).toThrow(/FRONTDESK_LIMITS/);
		expect(() => effectiveLimits("{not json")).toThrow("FRONTDESK_LIMITS is not valid JSON");
	});
});
