import { env } from "cloudflare:workers";
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { siteConfig } from "../../worker/config/site-config.ts";
import worker from "../../worker/index.ts";
import { effectiveLimits, limitsOverrideProblem } from "../../worker/limits/effective-limits.ts";

/** The real worker, deployed with this FRONTDESK_LIMITS. */
async function callWith(override: string, path: string, init: RequestInit = {}): Promise<Response> {
	const ctx = createExecutionContext();
	// Asked on this machine: a deployed worker's health check also says what it kept of local development.
	const request = new Request(`http://localhost:8787${path}`, { ...init, headers: { Origin: "http://localhost:8787", "Content-Type": "application/json", ...init.headers } });
	const response = await worker.fetch(request, { ...env, FRONTDESK_LIMITS: override }, ctx);
	await waitOnExecutionContext(ctx);
	return response;
}

describe("FRONTDESK_LIMITS", () => {
	it("leaves the site config's limits when unset or blank", () => {
		expect(effectiveLimits(undefined)).toEqual(siteConfig.limits);
		expect(effectiveLimits("  ")).toEqual(siteConfig.limits);
		expect(limitsOverrideProblem(undefined)).toBeNull();
	});

	it("overrides only the fields it names", () => {
		expect(effectiveLimits('{"ipMessagesPerMinute": 5}')).toEqual({ ...siteConfig.limits, ipMessagesPerMinute: 5 });
		expect(limitsOverrideProblem('{"ipMessagesPerMinute": 5}')).toBeNull();
	});

	it("sets an invalid override aside, naming the bad field, and keeps the site config's limits", () => {
		for (const raw of ['{"ipMessagesPerMinute": 0}', '{"perMinute": 5}', "{not json"]) expect(effectiveLimits(raw)).toEqual(siteConfig.limits);
		expect(limitsOverrideProblem('{"ipMessagesPerMinute": 0}')).toMatch(/^FRONTDESK_LIMITS\.ipMessagesPerMinute: /);
		expect(limitsOverrideProblem('{"perMinute": 5}')).toBe('FRONTDESK_LIMITS: Unrecognized key: "perMinute"');
		expect(limitsOverrideProblem('{"ipMessagesPerMinute": 0, "maxMessageLength": 5}')).toMatch(/^FRONTDESK_LIMITS\.maxMessageLength: .+; FRONTDESK_LIMITS\.ipMessagesPerMinute: /);
		expect(limitsOverrideProblem("{not json")).toBe("FRONTDESK_LIMITS is not valid JSON");
		for (const raw of ["5", "[]", "true", "null", JSON.stringify('{"ipMessagesPerMinute":5}')]) {
			expect(effectiveLimits(raw)).toEqual(siteConfig.limits);
			expect(limitsOverrideProblem(raw)).toBe("FRONTDESK_LIMITS must be a JSON object");
		}
	});

	it("an invalid override does not take the chat down: conversations start, and the health check says what is wrong", async () => {
		const bad = '{"ipMessagesPerMinute": "lots"}';
		expect((await callWith(bad, "/v1/conversations", { method: "POST", body: "{}" })).status).toBe(201);
		const health = await callWith(bad, "/v1/health");
		expect(health.status).toBe(200);
		expect(await health.json()).toEqual({ ok: true, warnings: [expect.stringMatching(/^FRONTDESK_LIMITS\.ipMessagesPerMinute: /)] });
		expect(await (await callWith("", "/v1/health")).json()).toEqual({ ok: true });
	});
});
