// Vitest global setup: one Messages API stand-in for the whole run. The worker
// project reads its port (`inject("messagesApiPort")`) to bind ANTHROPIC_BASE_URL.
import type { TestProject } from "vitest/node";
import { startMessagesApiServer } from "./messages-api-server.ts";

declare module "vitest" {
	export interface ProvidedContext {
		messagesApiPort: number;
	}
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
	const server = await startMessagesApiServer();
	project.provide("messagesApiPort", server.port);
	return () => server.close();
}
