// Vitest global setup: one webhook receiver for the workerd projects, which bind FRONTDESK_WEBHOOK_URL to it.
import type { TestProject } from "vitest/node";
import { startWebhookReceiver } from "./webhook-receiver.ts";

declare module "vitest" {
	export interface ProvidedContext {
		webhookReceiverPort: number;
	}
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
	const receiver = await startWebhookReceiver();
	project.provide("webhookReceiverPort", receiver.port);
	return () => receiver.close();
}
