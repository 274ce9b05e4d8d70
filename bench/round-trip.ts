// Message round trip under load against the real worker (`wrangler dev`, loopback only), next to a
// trivial health route measured the same way in the same run: the ratio is what to read, not the absolute numbers.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { startConversation } from "../tests/support/start-conversation.ts";
import { UNTHROTTLED_LIMITS } from "../tests/support/unthrottled-limits.ts";
import { startWranglerDev } from "../tests/support/wrangler-dev.ts";

const CONNECTIONS = 50;
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const CONVERSATIONS = 50;
const TEXTS = ["How long does delivery take?", "Can I return a mug I bought last week?", "Do you sell garden gnomes?", "I forgot my password"];

interface Row {
	route: string;
	rps: number;
	p50: number;
	p99: number;
	errors: number;
}

async function load(title: string, options: autocannon.Options): Promise<Row> {
	const result = await autocannon({ connections: CONNECTIONS, duration: DURATION_S, ...options });
	return { route: title, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

async function startConversations(url: string) {
	return Promise.all(Array.from({ length: CONVERSATIONS }, () => startConversation(url)));
}

async function roundTripBenchmark(): Promise<Row[]> {
	const persistTo = await mkdtemp(join(tmpdir(), "frontdesk-bench-"));
	const worker = await startWranglerDev({ persistTo, logLevel: "error", vars: { FRONTDESK_LIMITS: UNTHROTTLED_LIMITS } });
	try {
		const conversations = await startConversations(worker.url);
		let sent = 0;
		const health = await load("GET /v1/health (trivial)", { url: `${worker.url}/v1/health` });
		const message = await load("POST message → stored + reply", {
			url: worker.url,
			requests: [
				{
					method: "POST",
					setupRequest: (request) => {
						const conversation = conversations[sent % CONVERSATIONS];
						const text = TEXTS[sent % TEXTS.length];
						sent++;
						return {
							...request,
							path: `/v1/conversations/${conversation.id}/messages`,
							headers: { "content-type": "application/json", authorization: `Bearer ${conversation.token}` },
							body: JSON.stringify({ clientMessageId: `bench-${sent}-${Date.now()}`, text }),
						};
					},
				},
			],
		});
		return [health, message];
	} finally {
		await worker.stop();
		await rm(persistTo, { recursive: true, force: true });
	}
}

function printRoundTrip(rows: Row[]) {
	console.log(`\nMessage round trip (autocannon, ${CONNECTIONS} connections, ${DURATION_S} s each, wrangler dev on loopback)`);
	console.table(rows.map((row) => ({ route: row.route, "req/s": Math.round(row.rps), "p50 ms": row.p50, "p99 ms": row.p99, errors: row.errors })));
	const [health, message] = rows;
	console.log(`ratio message/health: throughput ${(message.rps / health.rps).toFixed(2)}×, p50 ${(message.p50 / Math.max(health.p50, 1)).toFixed(2)}×, p99 ${(message.p99 / Math.max(health.p99, 1)).toFixed(2)}×`);
}

printRoundTrip(await roundTripBenchmark());
