// `npm run bench`: every benchmark, one after another, each reporting ratios measured in the same run.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { cpuPerMessageBenchmark, printCpuPerMessage } from "./cpu-per-message.ts";
import { firstReplyBenchmark, printFirstReply } from "./first-reply.ts";
import { handoffBenchmark, printHandoff } from "./handoff.ts";
import { loadFaultBenchmark, printLoadFault } from "./load-fault.ts";
import { pageLoadBenchmark, printPageLoad } from "./page-load.ts";
import { printRoundTrip, roundTripBenchmark } from "./round-trip.ts";
import { widgetSize } from "./widget-size.ts";

const size = await widgetSize();
console.log(`Widget bundle (public/widget.js, JS + CSS): ${(size.raw / 1024).toFixed(1)} KB raw, ${(size.gzip / 1024).toFixed(2)} KB gzipped`);

printRoundTrip(await roundTripBenchmark());
printFirstReply(await firstReplyBenchmark());
printCpuPerMessage(await cpuPerMessageBenchmark());
printHandoff(await handoffBenchmark());
printLoadFault(await loadFaultBenchmark());
printPageLoad(await pageLoadBenchmark());

// In a process of its own, as a site owner's build compiles the matcher: this one's heap holds what the
// benchmarks above left (the load test's ten thousand messages), and slowed its compile times by a fifth.
console.log("\nTier-1 intent quality (Bitext, read from ../shared/datasets)");
const intentQuality = spawnSync(process.execPath, [fileURLToPath(new URL("./intent-quality.mjs", import.meta.url))], { stdio: "inherit" });
if (intentQuality.status !== 0) process.exitCode = intentQuality.status ?? 1;
