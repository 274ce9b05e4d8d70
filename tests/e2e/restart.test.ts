import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import type { ConversationCreated, MessagePage } from "../../shared/protocol.ts";
import { type RunningWorker, startWranglerDev } from "../support/wrangler-dev.ts";

let persistTo: string;
let worker: RunningWorker | undefined;
afterAll(async () => {
	await worker?.stop();
	if (persistTo) await rm(persistTo, { recursive: true, force: true });
});

it("keeps every message across a restart of the dev server", async () => {
	persistTo = await mkdtemp(join(tmpdir(), "frontdesk-restart-"));
	worker = await startWranglerDev({ persistTo });
	const json = { "Content-Type": "application/json" };
	const created = (await (await fetch(`${worker.url}/v1/conversations`, { method: "POST", headers: json, body: "{}" })).json()) as ConversationCreated;
	const { id, token } = created.conversation;
	const auth = { ...json, Authorization: `Bearer ${token}` };
	for (const text of ["Can I return a mug?", "and a candle?"]) {
		const response = await fetch(`${worker.url}/v1/conversations/${id}/messages`, { method: "POST", headers: auth, body: JSON.stringify({ clientMessageId: `restart-${text.length}`, text }) });
		expect(response.status).toBe(201);
	}
	const read = async () => (await (await fetch(`${worker!.url}/v1/conversations/${id}/messages`, { headers: auth })).json()) as MessagePage;
	const before = await read();
	expect(before.messages).toHaveLength(5);

	await worker.stop();
	worker = await startWranglerDev({ persistTo, port: worker.port });
	expect(await read()).toEqual(before);
});
