// `npm run bench`: every benchmark, one after another, each reporting ratios measured in the same run. Each
// runs in a process of its own, so that its clients and stand-ins do not pay for the heap the ones before
// left: in the process the load tests had used, intent-quality's compiles ran a fifth slower.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { widgetSize } from "./widget-size.ts";

const BENCHMARKS = ["round-trip.ts", "first-reply.ts", "cpu-per-message.ts", "handoff.ts", "load-fault.ts", "page-load.ts", "intent-quality.mjs"];

const size = await widgetSize();
console.log(`Widget bundle (public/widget.js, JS + CSS): ${(size.raw / 1024).toFixed(1)} KB raw, ${(size.gzip / 1024).toFixed(2)} KB gzipped`);

for (const benchmark of BENCHMARKS) {
	const run = spawnSync(process.execPath, [fileURLToPath(new URL(`./${benchmark}`, import.meta.url))], { stdio: "inherit" });
	if (run.status !== 0) process.exitCode = run.status ?? 1;
}
