// One client's share of the site's Claude calls (limits.ipClaudeCallsPerHour): a client that spent it gets the
// fallback for what tier 1 cannot answer, while everyone else still gets Claude.
import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import type { MessageSent } from "../../shared/protocol.ts";
import { siteConfig } from "../../worker/config/site-config.ts";
import { effectiveLimits } from "../../worker/limits/effective-limits.ts";
import type { ReceivedRequest } from "../support/messages-api-server.ts";
import { call } from "../worker/api-client.ts";
import { clientClaudeCalls, clientLimiterOf } from "../worker/client-claude-calls.ts";

const apiKey = env.ANTHROPIC_API_KEY as string;
const UNMATCHED = "Do you also make custom wedding gift boxes?";
const SPENT = "198.51.100.7";

async function received(): Promise<ReceivedRequest[]> {
	const response = await fetch(`${env.ANTHROPIC_BASE_URL}/__requests?apiKey=${encodeURIComponent(apiKey)}`);
	return ((await response.json()) as { requests: ReceivedRequest[] }).requests;
}


async function sendFrom(ip: string, text: string): Promise<MessageSent> {
	const started = await call("/v1/conversations", { method: "POST", headers: { "CF-Connecting-IP": ip }, json: {} });
	const { conversation } = (await started.json()) as { conversation: { id: string; token: string } };
	const response = await call(`/v1/conversations/${conversation.id}/messages`, {
		method: "POST",
		headers: { "CF-Connecting-IP": ip, Authorization: `Bearer ${conversation.token}` },
		json: { clientMessageId: crypto.randomUUID(), text },
	});
	expect(response.status).toBe(201);
	return (await response.json()) as MessageSent;
}

beforeEach(async () => {
	const response = await fetch(`${env.ANTHROPIC_BASE_URL}/__control`, {
		method: "POST",
		headers: { "Content-Type": "application/json" },
		body: JSON.stringify({ apiKey, scenario: { kind: "reply", chunks: ["<intent>none</intent>We can ", "ask the workshop."] } }),
	});
	expect(response.ok).toBe(true);
});

describe("one client's share of the Claude calls", () => {
	it("counts each call made for a client against it", async () => {
		const ip = "198.51.100.21";
		expect((await sendFrom(ip, UNMATCHED)).replies[0].explanation?.tier).toBe("llm");
		// Counted once the call is made, after the reply: not on the customer's path.
		await expect.poll(async () => (await clientClaudeCalls(ip))?.count).toBe(1);
	});

	it("once spent, gives the client the fallback and calls no model, and tier 1 still answers it", async () => {
		const limit = effectiveLimits(env.FRONTDESK_LIMITS).ipClaudeCallsPerHour;
		await runInDurableObject(clientLimiterOf(SPENT), (_instance, state) => state.storage.kv.put("claude/hour", { startedAt: Date.now(), count: limit }));
		const before = (await received()).length;
		const refused = await sendFrom(SPENT, UNMATCHED);
		expect(refused.replies).toEqual([expect.objectContaining({ text: siteConfig.assistant.fallback, explanation: expect.objectContaining({ tier: "fallback", llmFailure: "client_over_budget" }) })]);
		expect((await received()).length).toBe(before);
		expect((await sendFrom(SPENT, "How long does delivery take?")).replies[0].explanation?.tier).toBe("matcher");
		// Another client is not held back by it.
		expect((await sendFrom("198.51.100.8", UNMATCHED)).replies[0].explanation?.tier).toBe("llm");
	});
});
