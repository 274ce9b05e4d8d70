// POST /v1/agent/webhook-endpoint/test: a signed webhook.test sent at once to the endpoint, which the test receiver
// verifies with the standardwebhooks package, and how the endpoint answered, without retries or disabling anything.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { WebhookTestResult } from "../../../shared/agent-api.ts";
import { webhookEventSchema } from "../../../shared/webhook-events.ts";
import type { Env } from "../../../worker/env.ts";
import { app } from "../../../worker/app.ts";
import { webhookEndpointOf } from "../../../worker/handoff/webhook-endpoint.ts";
import type { ProcessedWebhook, ReceivedAttempt } from "../../support/webhook-receiver.ts";
import { call, errorOf } from "../api-client.ts";
import { AGENT } from "./receiver.ts";

const receiver = (env.FRONTDESK_WEBHOOK_URL as string).replace(/\/hooks$/, "");

/** The agent API of a worker whose variables differ from the tests' own in `vars`. */
function testWith(vars: Partial<Env>) {
	return app.request("/v1/agent/webhook-endpoint/test", { method: "POST", headers: AGENT }, { ...env, ...vars });
}

function endpointWith(vars: Partial<Env>) {
	return app.request("/v1/agent/webhook-endpoint", { headers: AGENT }, { ...env, ...vars });
}

describe("a test webhook", () => {
	it("reaches the endpoint signed, as a webhook.test the receiver verifies and the webhooks' schema describes", async () => {
		const response = await call("/v1/agent/webhook-endpoint/test", { method: "POST", headers: AGENT });
		expect(response.status).toBe(200);
		const result = (await response.json()) as WebhookTestResult;
		expect(result).toMatchObject({ url: env.FRONTDESK_WEBHOOK_URL, delivered: true, status: 204, error: null });
		const processed = (await (await fetch(`${receiver}/__processed`)).json()) as ProcessedWebhook[];
		const received = processed.find((webhook) => webhook.webhookId === result.webhookId);
		expect(received).toMatchObject({ type: "webhook.test", data: { message: expect.stringMatching(/test from Frontdesk/) } });
		// The body as it arrived, its timestamp included.
		const attempts = (await (await fetch(`${receiver}/__attempts`)).json()) as ReceivedAttempt[];
		const rawBody = attempts.find((attempt) => attempt.webhookId === result.webhookId)?.rawBody ?? "";
		expect(webhookEventSchema.safeParse(JSON.parse(rawBody)).success).toBe(true);
	});

	it("says how an endpoint that refuses it answered, and disables nothing", async () => {
		const gone = (await (await testWith({ FRONTDESK_WEBHOOK_URL: `${receiver}/gone` })).json()) as WebhookTestResult;
		expect(gone).toMatchObject({ delivered: false, status: 410, error: "HTTP 410" });
		// Signed with a secret the receiver does not hold: it fails verification there.
		const otherSecret = `whsec_${btoa("another-secret-of-32-bytes-long!")}`;
		expect(await (await testWith({ FRONTDESK_WEBHOOK_SECRET: otherSecret })).json()).toMatchObject({ delivered: false, status: 400 });
		const unreachable = (await (await testWith({ FRONTDESK_WEBHOOK_URL: "http://127.0.0.1:9/hooks" })).json()) as WebhookTestResult;
		expect(unreachable).toMatchObject({ delivered: false, status: null, error: expect.any(String) });
		expect(await (await endpointWith({ FRONTDESK_WEBHOOK_URL: `${receiver}/gone` })).json()).toMatchObject({ disabled: false });
	});

	it("reaches an endpoint that is disabled, to check it before enabling it, and leaves it disabled", async () => {
		// Another address of the same receiver, so that no other test finds its endpoint disabled.
		const url = `${receiver}/hooks?disabled-for-the-test`;
		await webhookEndpointOf(env).disable(url, "a 410 from the test");
		expect(await (await testWith({ FRONTDESK_WEBHOOK_URL: url })).json()).toMatchObject({ url, delivered: true, status: 204 });
		expect(await (await endpointWith({ FRONTDESK_WEBHOOK_URL: url })).json()).toMatchObject({ url, disabled: true });
	});

	it("is refused while no webhook can be sent, and takes no body", async () => {
		for (const vars of [{ FRONTDESK_WEBHOOK_URL: undefined }, { FRONTDESK_WEBHOOK_SECRET: "" }]) {
			const response = await testWith(vars);
			expect(response.status).toBe(409);
			expect((await errorOf(response)).message).toMatch(/set FRONTDESK_WEBHOOK_URL and FRONTDESK_WEBHOOK_SECRET/);
		}
		const withBody = await call("/v1/agent/webhook-endpoint/test", { method: "POST", headers: AGENT, json: { url: "https://elsewhere.example" } });
		expect(withBody.status).toBe(400);
		expect((await call("/v1/agent/webhook-endpoint/test", { headers: AGENT })).status).toBe(405);
	});
});
