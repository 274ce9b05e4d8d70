import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { startMessagesApiServer } from "../support/messages-api-server.ts";
import { startWranglerDev } from "../support/wrangler-dev.ts";

declare module "vitest" {
	export interface ProvidedContext {
		workerUrl: string;
		messagesApiUrl: string;
		anthropicApiKey: string;
	}
}

const ANTHROPIC_API_KEY = "sk-ant-e2e";

/**
 * One real `wrangler dev` (worker, Durable Objects, built widget, demo page) for all end-to-end
 * tests, with tier 2 pointed at the Messages API stand-in.
 */
export default async function setup(project: TestProject) {
	const messagesApi = await startMessagesApiServer();
	const persistTo = await mkdtemp(join(tmpdir(), "frontdesk-e2e-"));
	const worker = await startWranglerDev({ persistTo, vars: { ANTHROPIC_API_KEY, ANTHROPIC_BASE_URL: messagesApi.url } });
	project.provide("workerUrl", worker.url);
	project.provide("messagesApiUrl", messagesApi.url);
	project.provide("anthropicApiKey", ANTHROPIC_API_KEY);
	return async () => {
		await worker.stop();
		await messagesApi.close();
		await rm(persistTo, { recursive: true, force: true });
	};
}
