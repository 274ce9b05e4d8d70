import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { startMessagesApiServer } from "../support/messages-api-server.ts";
import { startWebhookReceiver } from "../support/webhook-receiver.ts";
import { UNTHROTTLED_LIMITS } from "../support/unthrottled-limits.ts";
import { startWranglerDev } from "../support/wrangler-dev.ts";

declare module "vitest" {
	export interface ProvidedContext {
		workerUrl: string;
		messagesApiUrl: string;
		anthropicApiKey: string;
		webhookReceiverUrl: string;
		agentToken: string;
		identitySecret: string;
	}
}

const ANTHROPIC_API_KEY = "sk-ant-e2e";
const FRONTDESK_AGENT_TOKEN = "e2e-agent-token";
const FRONTDESK_IDENTITY_SECRET = "e2e-identity-secret";

/**
 * One real `wrangler dev` (worker, Durable Objects, built widget, demo page) for all end-to-end
 * tests, with tier 2 pointed at the Messages API stand-in and hand-off webhooks at a real receiver.
 */
export default async function setup(project: TestProject) {
	const messagesApi = await startMessagesApiServer();
	const receiver = await startWebhookReceiver();
	const persistTo = await mkdtemp(join(tmpdir(), "frontdesk-e2e-"));
	const worker = await startWranglerDev({
		persistTo,
		vars: { ANTHROPIC_API_KEY, ANTHROPIC_BASE_URL: messagesApi.url, FRONTDESK_WEBHOOK_URL: receiver.url, FRONTDESK_WEBHOOK_SECRET: receiver.secret, FRONTDESK_AGENT_TOKEN, FRONTDESK_IDENTITY_SECRET, FRONTDESK_LIMITS: UNTHROTTLED_LIMITS },
	});
	project.provide("workerUrl", worker.url);
	project.provide("messagesApiUrl", messagesApi.url);
	project.provide("anthropicApiKey", ANTHROPIC_API_KEY);
	project.provide("webhookReceiverUrl", receiver.url);
	project.provide("agentToken", FRONTDESK_AGENT_TOKEN);
	project.provide("identitySecret", FRONTDESK_IDENTITY_SECRET);
	return async () => {
		await worker.stop();
		await messagesApi.close();
		await receiver.close();
		await rm(persistTo, { recursive: true, force: true });
	};
}
