import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { startWranglerDev } from "../support/wrangler-dev.ts";

declare module "vitest" {
	export interface ProvidedContext {
		workerUrl: string;
	}
}

/** One real `wrangler dev` (worker, Durable Objects, built widget, demo page) for all end-to-end tests. */
export default async function setup(project: TestProject) {
	const persistTo = await mkdtemp(join(tmpdir(), "frontdesk-e2e-"));
	const worker = await startWranglerDev({ persistTo });
	project.provide("workerUrl", worker.url);
	return async () => {
		await worker.stop();
		await rm(persistTo, { recursive: true, force: true });
	};
}
