// Drives the Messages API stand-in (tests/support/messages-api-server.ts) from
// inside workerd. Every test takes a fresh API key, its own sandbox there.
import { env } from "cloudflare:workers";
import type { ReceivedRequest, Scenario } from "../../support/messages-api-server.ts";

export const baseURL = env.ANTHROPIC_BASE_URL;

export async function withScenario(scenario: Scenario): Promise<string> {
	const apiKey = `sk-ant-test-${crypto.randomUUID()}`;
	const response = await fetch(`${baseURL}/__control`, {
		method: "POST",
		headers: { "Content-Type": "application/json" },
		body: JSON.stringify({ apiKey, scenario }),
	});
	if (!response.ok) throw new Error(`the stand-in refused the scenario: ${await response.text()}`);
	return apiKey;
}

export async function receivedRequests(apiKey: string): Promise<ReceivedRequest[]> {
	const response = await fetch(`${baseURL}/__requests?apiKey=${encodeURIComponent(apiKey)}`);
	return ((await response.json()) as { requests: ReceivedRequest[] }).requests;
}
