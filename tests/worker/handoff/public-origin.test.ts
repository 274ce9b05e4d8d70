// The links in tickets name the worker by FRONTDESK_PUBLIC_URL when it is set, never by a Host anyone could choose.
import { env } from "cloudflare:workers";
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { ConversationCreated } from "../../../shared/protocol.ts";
import { handoffCreatedSchema } from "../../../shared/webhook-events.ts";
import worker from "../../../worker/index.ts";
import { errorOf, ORIGIN } from "../api-client.ts";
import { deliverNow, processed } from "./receiver.ts";

/** The real worker, reached at `host`, deployed with FRONTDESK_PUBLIC_URL set to `publicUrl` (and `settings` changed). */
async function request(host: string, publicUrl: string | undefined, path: string, init: { method?: string; token?: string; json?: unknown; settings?: Partial<typeof env> } = {}) {
	const headers: Record<string, string> = { Origin: ORIGIN, "Content-Type": "application/json" };
	if (init.token) headers.Authorization = `Bearer ${init.token}`;
	const ctx = createExecutionContext();
	const response = await worker.fetch(new Request(`https://${host}${path}`, { method: init.method ?? "GET", headers, body: init.json === undefined ? undefined : JSON.stringify(init.json) }), { ...env, ...init.settings, FRONTDESK_PUBLIC_URL: publicUrl }, ctx);
	await waitOnExecutionContext(ctx);
	return response;
}

/** The links of the ticket of a conversation started and handed off at `host`, FRONTDESK_PUBLIC_URL being `publicUrl` then (or `startedWith` as it started). */
async function ticketLinks(host: string, publicUrl: string | undefined, startedWith = publicUrl) {
	const started = await request(host, startedWith, "/v1/conversations", { method: "POST", json: {} });
	const { conversation } = (await started.json()) as ConversationCreated;
	expect((await request(host, publicUrl, `/v1/conversations/${conversation.id}/handoff`, { method: "POST", token: conversation.token })).status).toBe(201);
	await deliverNow(conversation.id);
	const [ticket] = (await processed(conversation.id)).filter((webhook) => webhook.type === "handoff.created");
	const { data } = handoffCreatedSchema.parse({ type: ticket.type, timestamp: new Date().toISOString(), data: ticket.data });
	return { transcript: new URL(data.transcriptUrl).origin, replyTo: new URL(data.replyTo.url).origin };
}

describe("the worker's public origin", () => {
	it("names the worker in tickets' links by FRONTDESK_PUBLIC_URL, whatever Host a request came with", async () => {
		expect(await ticketLinks("evil.example", "https://support.shop.example/")).toEqual({ transcript: "https://support.shop.example", replyTo: "https://support.shop.example" });
	});

	it("names it so in tickets of conversations started before it was set, whatever Host they came in at", async () => {
		expect(await ticketLinks("evil.example", "https://support.shop.example", undefined)).toEqual({ transcript: "https://support.shop.example", replyTo: "https://support.shop.example" });
	});

	it("signs the agent API's transcript link with the webhook secret, on it, with no webhook URL set", async () => {
		const publicUrl = "https://support.shop.example";
		const started = (await (await request("evil.example", publicUrl, "/v1/conversations", { method: "POST", json: {} })).json()) as ConversationCreated;
		await request("evil.example", publicUrl, `/v1/conversations/${started.conversation.id}/handoff`, { method: "POST", token: started.conversation.token });
		const read = await request("evil.example", publicUrl, `/v1/agent/conversations/${started.conversation.id}/messages`, { token: env.FRONTDESK_AGENT_TOKEN as string, settings: { FRONTDESK_WEBHOOK_URL: undefined } });
		expect(((await read.json()) as { transcriptUrl: string | null }).transcriptUrl).toMatch(/^https:\/\/support\.shop\.example\/v1\/transcripts\//);
	});

	it("is the request's own without FRONTDESK_PUBLIC_URL, as in local development", async () => {
		expect(await ticketLinks("localhost:8787", undefined)).toEqual({ transcript: "https://localhost:8787", replyTo: "https://localhost:8787" });
	});

	it("lets a conversation name a page on it, and not one on the Host a request came with", async () => {
		const start = (url: string) => request("evil.example", "https://support.shop.example", "/v1/conversations", { method: "POST", json: { page: { url, title: "Your orders" } } });
		expect((await start("https://support.shop.example/orders")).status).toBe(201);
		const refused = await start("https://evil.example/login");
		expect(refused.status).toBe(400);
		expect((await errorOf(refused)).message).toMatch(/^page\.url: must be a page of this site/);
	});
});
