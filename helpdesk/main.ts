// `node helpdesk/main.ts`: the local helpdesk inbox, configured from the environment.
import { startHelpdeskInbox } from "./server.ts";

const port = Number(process.env.HELPDESK_PORT ?? 8788);
const webhookSecret = process.env.FRONTDESK_WEBHOOK_SECRET;
const agentToken = process.env.FRONTDESK_AGENT_TOKEN;

if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`HELPDESK_PORT must be a port number, not "${process.env.HELPDESK_PORT}".`);
if (!webhookSecret || !agentToken) {
	fail("Set FRONTDESK_WEBHOOK_SECRET (whsec_…) and FRONTDESK_AGENT_TOKEN to the values the Frontdesk worker uses.");
}

try {
	const inbox = await startHelpdeskInbox({ port, webhookSecret, agentToken, workerUrl: process.env.FRONTDESK_URL ?? "http://localhost:8787" });
	console.log(`Helpdesk inbox on ${inbox.url}, receiving Frontdesk webhooks at ${inbox.url}/webhooks`);
	for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void inbox.close().then(() => process.exit(0)));
} catch (error) {
	fail(`The helpdesk inbox could not start: ${(error as Error).message}`);
}

function fail(message: string): never {
	console.error(message);
	process.exit(1);
}
