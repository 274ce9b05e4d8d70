// CPU the runtime spends per request (`wrangler dev`, loopback), read from /proc for its workerd processes
// around batches of requests sent one at a time: a no-op, starting a conversation, a tier-1 answer and a
// Claude answer (each message the first of a conversation started before the batch). The latency of
// identical runs moves by several milliseconds on a busy machine, and so does CPU in absolute terms as the
// machine's speed varies; the ratios to the no-op measured in one run move by a tenth to a seventh. They show
// a change of a fifth or more in the worker's path in one run; a smaller one needs several. Linux only.
import { execSync } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ReplyTier } from "../shared/protocol.ts";
import { readSse } from "../widget/lib/sse.ts";
import { startMessagesApiServer } from "../tests/support/messages-api-server.ts";
import { type StartedConversation, startConversation } from "../tests/support/start-conversation.ts";
import { UNTHROTTLED_LIMITS } from "../tests/support/unthrottled-limits.ts";
import { startWranglerDev } from "../tests/support/wrangler-dev.ts";

const API_KEY = "sk-ant-bench";
const ROUNDS = 3;
const PER_BATCH = Number(process.env.BENCH_CPU_MESSAGES ?? 50);
// Long enough for what a request leaves to run after it (analytics events, a Claude call reserved ahead) to land in its batch.
const SETTLE_MS = 500;
const CLOCK_TICKS_PER_S = Number(execSync("getconf CLK_TCK"));

// Hand-written: the demo store's matcher answers the tier-1 text; no intent fits the other, so Claude does.
const REQUESTS = {
	"no-op (GET /v1/health)": { kind: "no-op" },
	"start a conversation": { kind: "start" },
	"tier-1 answer": { kind: "message", text: "where is my order 00123842?" },
	"Claude answer": { kind: "message", text: "my cat knocked my coffee over the keyboard and the purple thing broke, what now" },
} as const;
type Kind = keyof typeof REQUESTS;
type Request = (typeof REQUESTS)[Kind];
/** A request ready to send; a message's answer comes with the tier that gave it. */
type Prepared = () => Promise<ReplyTier | null>;

/** CPU milliseconds the workerd processes of the process group have used so far. */
async function runtimeCpuMs(processGroup: number): Promise<number> {
	let ticks = 0;
	for (const pid of await readdir("/proc")) {
		if (!/^\d+$/.test(pid)) continue;
		const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
		const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
		// After the name: state, ppid, pgrp, ... utime and stime are the 12th and 13th.
		const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
		if (name === "workerd" && Number(fields[2]) === processGroup) ticks += Number(fields[11]) + Number(fields[12]);
	}
	return (ticks * 1000) / CLOCK_TICKS_PER_S;
}

async function sendMessage(url: string, { id, token }: StartedConversation, text: string, index: number): Promise<ReplyTier | null> {
	const response = await fetch(`${url}/v1/conversations/${id}/messages`, {
		method: "POST",
		headers: { "Content-Type": "application/json", Accept: "text/event-stream", Authorization: `Bearer ${token}` },
		body: JSON.stringify({ clientMessageId: `bench-cpu-${index}`, text }),
	});
	let tier: ReplyTier | null = null;
	await readSse(response.body!, (event) => {
		if (event.event === "reply" && event.data.explanation) tier = event.data.explanation.tier;
	});
	return tier;
}

/** A request of the kind, with what it needs done first (a message's conversation started) done now, outside the measure. */
async function prepare(url: string, request: Request, index: number): Promise<Prepared> {
	if (request.kind === "no-op") {
		return async () => {
			await (await fetch(`${url}/v1/health`)).arrayBuffer();
			return null;
		};
	}
	if (request.kind === "start") {
		return async () => {
			await startConversation(url);
			return null;
		};
	}
	const conversation = await startConversation(url);
	return () => sendMessage(url, conversation, request.text, index);
}

interface CpuRow {
	request: Kind;
	sent: number;
	/** Tiers that answered, to show the messages took the path they were meant to. */
	tiers: string;
	cpuMs: number;
}

async function cpuPerMessageBenchmark(): Promise<CpuRow[]> {
	const messagesApi = await startMessagesApiServer();
	messagesApi.setScenario(API_KEY, { kind: "reply", chunks: ["<intent>none</intent>Let me ", "help ", "with that."], firstTokenDelayMs: 5, tokenDelayMs: 2 });
	const persistTo = await mkdtemp(join(tmpdir(), "frontdesk-bench-cpu-"));
	const worker = await startWranglerDev({ persistTo, logLevel: "error", vars: { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: messagesApi.url, FRONTDESK_LIMITS: UNTHROTTLED_LIMITS } });
	const kinds = Object.keys(REQUESTS) as Kind[];
	const totals = new Map(kinds.map((kind) => [kind, { sent: 0, cpuMs: 0, tiers: new Set<string>() }]));
	let index = 0;
	try {
		for (const kind of kinds) for (let warm = 0; warm < 10; warm++) await (await prepare(worker.url, REQUESTS[kind], index++))();
		// Rounds alternate the kinds, so that a slow stretch of the machine falls on each of them alike.
		for (let round = 0; round < ROUNDS; round++) {
			for (const kind of kinds) {
				const total = totals.get(kind)!;
				const prepared: Prepared[] = [];
				for (let sent = 0; sent < PER_BATCH; sent++) prepared.push(await prepare(worker.url, REQUESTS[kind], index++));
				await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
				const before = await runtimeCpuMs(worker.processGroup);
				for (const request of prepared) {
					const tier = await request();
					if (tier) total.tiers.add(tier);
				}
				await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
				total.cpuMs += (await runtimeCpuMs(worker.processGroup)) - before;
				total.sent += PER_BATCH;
			}
		}
	} finally {
		await worker.stop();
		await messagesApi.close();
		await rm(persistTo, { recursive: true, force: true });
	}
	return kinds.map((kind) => {
		const { sent, cpuMs, tiers } = totals.get(kind)!;
		return { request: kind, sent, tiers: [...tiers].join(", ") || "-", cpuMs: cpuMs / sent };
	});
}

function printCpuPerMessage(rows: CpuRow[]) {
	console.log(`\nRuntime CPU per request (wrangler dev's workerd processes, from /proc; ${ROUNDS} alternating batches of ${PER_BATCH} per kind, one at a time, stand-in first token after 5 ms)`);
	const noOp = rows[0].cpuMs;
	console.table(rows.map((row) => ({ request: row.request, sent: row.sent, answered_by: row.tiers, "CPU ms": row.cpuMs.toFixed(1), "beyond the no-op ms": (row.cpuMs - noOp).toFixed(1), "× no-op": (row.cpuMs / noOp).toFixed(2) })));
}

printCpuPerMessage(await cpuPerMessageBenchmark());
