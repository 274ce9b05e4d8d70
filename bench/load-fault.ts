// Load and faults at once, through the real worker (`wrangler dev`, loopback only): 500 customers
// at the same time, 20 messages each, sent one after another as the widget sends them, while the
// Messages API stand-in fails or stalls a share of Claude calls, the webhook receiver keeps going down
// and coming back, and the dev server is restarted once midway. Reported: throughput and latency, and
// the counts that must be zero (see tests/support/load-fault/run.ts; tests/e2e/load-fault.test.ts
// runs the same thing in small and asserts them). Bounded: customers give up after BENCH_LOAD_FAULT_BOUND_S.
import { type LoadFaultResult, runLoadFault } from "../tests/support/load-fault/run.ts";

const CONVERSATIONS = Number(process.env.BENCH_LOAD_FAULT_CONVERSATIONS ?? 500);
const MESSAGES = Number(process.env.BENCH_LOAD_FAULT_MESSAGES ?? 20);
const LOAD_BOUND_S = Number(process.env.BENCH_LOAD_FAULT_BOUND_S ?? 360);

function loadFaultBenchmark(): Promise<LoadFaultResult> {
	return runLoadFault({
		conversations: CONVERSATIONS,
		messagesPerConversation: MESSAGES,
		askForPersonShare: 0.2,
		llm: { failShare: 0.1, stallShare: 0.03, firstTokenDelayMs: 300 },
		// Down for 3 s in every 12: a webhook refused once is retried 4–6 s later (the worker's schedule),
		// which lands while the receiver is up unless the alarm runs late; one refused twice waits minutes.
		webhookFlapping: { upMs: 9_000, downMs: 3_000 },
		restartAfterShare: 0.5,
		loadBoundMs: LOAD_BOUND_S * 1000,
		drainBoundMs: 30_000,
	});
}

const ms = (value: number) => Math.round(value);

function printLoadFault(result: LoadFaultResult) {
	const { options, load, llm, webhooks, restart, conversations, replies } = result;
	console.log(
		`\nLoad and faults (${options.conversations} customers at once × ${options.messagesPerConversation} messages, wrangler dev on loopback; ${options.llm.failShare * 100}% of Claude calls fail and ${options.llm.stallShare * 100}% stall; webhook receiver down ${options.webhookFlapping.downMs / 1000} s in every ${(options.webhookFlapping.upMs + options.webhookFlapping.downMs) / 1000} s; one restart)`,
	);
	console.table([
		{
			"messages stored": load.messagesStored,
			"load s": (load.ms / 1000).toFixed(1),
			"messages/s": load.messagesPerSecond.toFixed(1),
			"attempt p50 ms": ms(load.attemptP50Ms),
			"attempt p99 ms": ms(load.attemptP99Ms),
			"end-to-end p50 ms": ms(load.endToEndP50Ms),
			"end-to-end p99 ms": ms(load.endToEndP99Ms),
			"streams cut after storing": load.streamsCutAfterStoring,
			"not sent within the bound": load.unsentMessages,
			"conversations not started": load.unstartedConversations,
		},
	]);
	console.log(`restart: ${restart ? `after ${restart.afterMessages} messages, down ${(restart.downMs / 1000).toFixed(1)} s` : "none"}; whole run ${(result.wallMs / 1000).toFixed(0)} s`);
	console.log("retries by cause:");
	console.table(result.retries);
	const causes = Object.entries(result.fallbackCauses).map(([cause, count]) => `${cause} ${count}`);
	console.log(`replies by tier: rule ${replies.rule}, matcher ${replies.matcher}, llm ${replies.llm}, fallback ${replies.fallback}${causes.length ? ` (${causes.join(", ")})` : ""}`);
	console.log(`Claude stand-in: ${llm.calls} calls, ${llm.failed} failed, ${llm.stalled} stalled`);
	console.log(`hand-offs: ${conversations.handedOff} conversations (${conversations.askedForPerson} asked for a person), ${conversations.forwardedMessages} later messages forwarded to the helpdesk, ${conversations.answersLeftToPerson} answers cut off by the restart left to the person who took over`);
	console.log(
		`webhooks: ${webhooks.attempts} deliveries, ${webhooks.refusedByFlapping} refused by the flapping receiver, ${webhooks.redeliveriesSkipped} redeliveries skipped by webhook-id, ${webhooks.heldForLaterRetry} conversations held for a retry after the bound (redelivered), drained in ${(webhooks.drainMs / 1000).toFixed(1)} s`,
	);
	const failed = Object.entries(result.mustBeZero).filter(([, count]) => count !== 0);
	console.log(`must be zero: ${Object.entries(result.mustBeZero).map(([name, count]) => `${name} ${count}`).join(", ")} (${failed.length ? "FAILED" : "ok"})`);
	for (const problem of result.problems) console.log(`  ${problem}`);
}

printLoadFault(await loadFaultBenchmark());
