// What `npm run deploy` uploads: wrangler's own bundle of the worker, with the config and matcher model the
// build wrote, made as `wrangler deploy` makes it but written to a folder instead of sent to Cloudflare.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { unstable_readConfig } from "wrangler";

// Cloudflare's limit on a Worker's compressed size on the Workers Free plan (10 MB on Paid): a site owner on
// either plan can deploy Frontdesk.
const FREE_PLAN_WORKER_BYTES = 3 * 1024 * 1024;

let outdir = "";
let script = "";

beforeAll(async () => {
	outdir = await mkdtemp(join(tmpdir(), "frontdesk-deploy-"));
	await promisify(execFile)("npx", ["wrangler", "deploy", "--dry-run", "--outdir", outdir], {
		env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" },
	});
	script = await readFile(join(outdir, "index.js"), "utf8");
}, 60_000);

afterAll(() => rm(outdir, { recursive: true, force: true }));

describe("the worker as wrangler deploys it", () => {
	it("fits the Workers Free plan's 3 MB, compressed", () => {
		const gzip = gzipSync(script).length;
		expect(gzip, `the worker is ${(gzip / 1024).toFixed(0)} KiB gzipped`).toBeLessThanOrEqual(FREE_PLAN_WORKER_BYTES);
	});

	it("keeps the variables set in the dashboard, and the worker's own log lines but no request URLs, which can hold a live token", () => {
		const config = unstable_readConfig({ config: "wrangler.toml" });
		expect(config.keep_vars).toBe(true);
		expect(config.observability?.logs).toEqual({ enabled: true, invocation_logs: false });
	});
});
