import { env } from "cloudflare:workers";
import { createExecutionContext, runInDurableObject, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it, onTestFinished, vi } from "vitest";
import { siteConfig } from "../../../worker/config/site-config.ts";
import type { Env } from "../../../worker/env.ts";
import worker from "../../../worker/index.ts";

/** The real worker's health check, with these settings changed, asked at `at` (this machine unless said otherwise). */
async function healthWith(settings: Partial<Record<"FRONTDESK_WEBHOOK_URL" | "FRONTDESK_WEBHOOK_SECRET" | "FRONTDESK_AGENT_TOKEN" | "FRONTDESK_ADMIN_TOKEN" | "FRONTDESK_PUBLIC_URL", string | undefined>> & Partial<Pick<Env, "WEBHOOK_ENDPOINTS">>, at = "http://localhost:8787") {
	const ctx = createExecutionContext();
	const response = await worker.fetch(new Request(`${at}/v1/health`), { ...env, ...settings }, ctx);
	await waitOnExecutionContext(ctx);
	expect(response.status).toBe(200);
	return (await response.json()) as { ok: boolean; warnings?: string[] };
}

/**
 * The deployment's endpoint object, as one of its own: disabling or breaking the one every other test delivers to
 * would disturb them.
 */
function endpointsOfTheirOwn(): Env["WEBHOOK_ENDPOINTS"] {
	const id = env.WEBHOOK_ENDPOINTS.idFromName(`health-${crypto.randomUUID()}`);
	return { get: env.WEBHOOK_ENDPOINTS.get.bind(env.WEBHOOK_ENDPOINTS), idFromName: () => id } as unknown as Env["WEBHOOK_ENDPOINTS"];
}

const GOOD_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

describe("the health check's warnings about the deployment's settings", () => {
	it("has none when hand-offs can reach the helpdesk and the team can answer", async () => {
		expect(await healthWith({})).toEqual({ ok: true });
	});

	it("says hand-offs reach no helpdesk without a webhook URL, or without a secret to sign with", async () => {
		expect(await healthWith({ FRONTDESK_WEBHOOK_URL: undefined, FRONTDESK_WEBHOOK_SECRET: undefined })).toEqual({ ok: true, warnings: [expect.stringMatching(/^FRONTDESK_WEBHOOK_URL is not set: hand-offs reach no helpdesk/)] });
		expect(await healthWith({ FRONTDESK_WEBHOOK_URL: undefined })).toEqual({ ok: true, warnings: [expect.stringMatching(/^FRONTDESK_WEBHOOK_URL is not set/)] });
		expect(await healthWith({ FRONTDESK_WEBHOOK_SECRET: " " })).toEqual({ ok: true, warnings: [expect.stringMatching(/^FRONTDESK_WEBHOOK_SECRET is not set: webhooks are never sent unsigned/)] });
	});

	it("names a secret the signing library cannot read by its place, never showing it", async () => {
		const health = await healthWith({ FRONTDESK_WEBHOOK_SECRET: `${GOOD_SECRET} whsec_not-base64!!` });
		expect(health.warnings).toEqual([expect.stringMatching(/^FRONTDESK_WEBHOOK_SECRET: secret 2 is not a whsec_ secret in base64/)]);
		expect(JSON.stringify(health)).not.toContain("not-base64");
		expect(JSON.stringify(health)).not.toContain(GOOD_SECRET);
	});

	it("says when the site config's disclosure does not seem to say that the customer is talking to an AI", async () => {
		const { assistant } = siteConfig;
		siteConfig.assistant = { ...assistant, disclosure: "Hello there, welcome to Bendy support chat!" };
		try {
			expect((await healthWith({})).warnings).toEqual([expect.stringMatching(/^assistant\.disclosure does not seem to say that the customer is talking to an AI/)]);
		} finally {
			siteConfig.assistant = assistant;
		}
	});

	it("says when FRONTDESK_PUBLIC_URL is no http or https URL, and none when it is", async () => {
		for (const url of ["support.shop.example", "ftp://support.shop.example"]) {
			expect((await healthWith({ FRONTDESK_PUBLIC_URL: url })).warnings).toEqual([expect.stringMatching(/^FRONTDESK_PUBLIC_URL is not an http or https URL/)]);
		}
		expect(await healthWith({ FRONTDESK_PUBLIC_URL: "https://support.shop.example" })).toEqual({ ok: true });
	});

	it("says on a deployed worker what it kept of local development, and not when asked on this machine", async () => {
		const deployed = "https://support.shop.example";
		const { allowedOrigins } = siteConfig;
		siteConfig.allowedOrigins = ["http://localhost:8787", "http://127.0.0.1:8787"];
		try {
			const settings = { FRONTDESK_PUBLIC_URL: undefined, FRONTDESK_WEBHOOK_URL: "http://helpdesk.example/hooks" };
			expect((await healthWith(settings, deployed)).warnings).toEqual([
				expect.stringMatching(/^FRONTDESK_PUBLIC_URL is not set: tickets' links .* are built from each request's Host/),
				expect.stringMatching(/^allowedOrigins lists none of your site's origins \(only this machine's, as the demo's, or none\): every page of your site is refused/),
				expect.stringMatching(/^FRONTDESK_WEBHOOK_URL is http, not https/),
			]);
			for (const local of ["http://localhost:8787", "http://127.0.0.1:8787", "http://[::1]:8787"]) expect(await healthWith(settings, local)).toEqual({ ok: true });
			expect((await healthWith({ FRONTDESK_PUBLIC_URL: deployed, FRONTDESK_WEBHOOK_URL: "http://127.0.0.1:8788/webhooks" }, deployed)).warnings).toEqual([
				expect.stringMatching(/^allowedOrigins lists none/),
				expect.stringMatching(/^FRONTDESK_WEBHOOK_URL names this machine .*, which a deployed worker cannot reach/),
			]);
			siteConfig.allowedOrigins = [];
			expect((await healthWith({ FRONTDESK_PUBLIC_URL: deployed, FRONTDESK_WEBHOOK_URL: "https://helpdesk.example/hooks" }, deployed)).warnings).toEqual([expect.stringMatching(/^allowedOrigins lists none of your site's origins/)]);
			siteConfig.allowedOrigins = ["https://shop.example", "http://localhost:8787"];
			const ready = { FRONTDESK_PUBLIC_URL: deployed, FRONTDESK_WEBHOOK_URL: "https://helpdesk.example/hooks" };
			expect(await healthWith(ready, deployed)).toEqual({ ok: true });
			// The public health check says nothing of the tokens, which would tell anyone a short one is worth guessing.
			expect(await healthWith({ ...ready, FRONTDESK_AGENT_TOKEN: "agent", FRONTDESK_ADMIN_TOKEN: "admin" }, deployed)).toEqual({ ok: true });
		} finally {
			siteConfig.allowedOrigins = allowedOrigins;
		}
	});

	it("says when the webhook URL is no http or https URL", async () => {
		for (const url of ["ftp://helpdesk.example/hooks", "helpdesk.example/hooks"]) {
			expect((await healthWith({ FRONTDESK_WEBHOOK_URL: url })).warnings).toEqual([expect.stringMatching(/^FRONTDESK_WEBHOOK_URL is not an http or https URL/)]);
		}
	});

	it("says when the team has no token to answer with", async () => {
		expect((await healthWith({ FRONTDESK_AGENT_TOKEN: undefined })).warnings).toEqual([expect.stringMatching(/^FRONTDESK_AGENT_TOKEN is not set/)]);
	});

	it("says when the webhook endpoint is disabled, as hand-offs are then held, and no more once it is enabled", async () => {
		const endpoints = endpointsOfTheirOwn();
		const endpoint = endpoints.get(endpoints.idFromName(""));
		const url = env.FRONTDESK_WEBHOOK_URL as string;
		expect(await healthWith({ WEBHOOK_ENDPOINTS: endpoints })).toEqual({ ok: true });
		await endpoint.disable(url, `${url} answered 410 Gone`);
		const health = await healthWith({ WEBHOOK_ENDPOINTS: endpoints });
		expect(health.warnings).toEqual([expect.stringMatching(/^The webhook endpoint has been disabled since \d{4}-\d\d-\d\dT.*hand-offs are held for your helpdesk until it is enabled again/)]);
		// The health check is public: the URL, which can carry a token of the helpdesk's, is not shown.
		expect(JSON.stringify(health)).not.toContain(url);
		// Read for the health check only: the same URL set again is still disabled (status() would enable another).
		expect((await healthWith({ WEBHOOK_ENDPOINTS: endpoints, FRONTDESK_WEBHOOK_URL: "https://elsewhere.example/hooks" })).warnings).toBeUndefined();
		expect((await endpoint.status(url)).disabled).toBe(true);
		await endpoint.enable();
		expect(await healthWith({ WEBHOOK_ENDPOINTS: endpoints })).toEqual({ ok: true });
	});

	it("says when the webhook endpoint's state cannot be read, rather than fail", async () => {
		const endpoints = endpointsOfTheirOwn();
		const error = vi.spyOn(console, "error").mockImplementation(() => {});
		onTestFinished(() => error.mockRestore());
		// The object fails while the health check waits to read it: the read rejects.
		const failing = runInDurableObject(endpoints.get(endpoints.idFromName("")), (_, state) =>
			state.blockConcurrencyWhile(async () => {
				await new Promise((resolve) => setTimeout(resolve, 300));
				throw new Error("endpoint object failed");
			}),
		).catch(() => {});
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect((await healthWith({ WEBHOOK_ENDPOINTS: endpoints })).warnings).toEqual([expect.stringMatching(/^The webhook endpoint's state could not be read just now/)]);
		await failing;
		expect(JSON.parse(String(error.mock.calls[0]?.[0]))).toMatchObject({ message: "health check: the webhook endpoint's state could not be read" });
	});
});
