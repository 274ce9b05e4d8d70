// Needs the wiring: the ANALYTICS binding, the Analytics export, /v1/admin routed,
// the conversation object's analytics calls, the agent flag route, and
// FRONTDESK_ADMIN_TOKEN = "test-admin-token" among the test bindings.
import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import type { OpenTicketPage } from "../../../shared/agent-api.ts";
import type { KpiReport } from "../../../worker/analytics/aggregate.ts";
import type { ExportRow } from "../../../worker/analytics/events.ts";
import { AnalyticsStore } from "../../../worker/analytics/store.ts";
import { newConversationId } from "../../../worker/crypto/secrets.ts";
import { call, errorOf, send, startConversation } from "../api-client.ts";

const ADMIN = { Authorization: "Bearer test-admin-token" };
const AGENT = { Authorization: "Bearer test-agent-token" };
const DAY_MS = 86_400_000;
const day = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY_MS).toISOString().slice(0, 10);

interface KpiResponse {
	from: string;
	to: string;
	latencyBucketsMs: number[];
	totals: KpiReport;
	days: Array<Omit<KpiReport, "topUnmatched"> & { date: string }>;
}

// Around today, so a conversation started just before midnight still falls inside.
const RANGE = `from=${day(-1)}&to=${day(1)}`;

async function kpis(): Promise<KpiResponse> {
	const response = await call(`/v1/admin/kpis?${RANGE}`, { headers: ADMIN });
	expect(response.status).toBe(200);
	return response.json();
}

async function exportRows(query: string): Promise<ExportRow[]> {
	const response = await call(`/v1/admin/export?${query}`, { headers: ADMIN });
	expect(response.status).toBe(200);
	expect(response.headers.get("Content-Type")).toBe("application/jsonl; charset=utf-8");
	// Decoded by hand: workerd does not count JSON Lines as text and warns on .text().
	return new TextDecoder()
		.decode(await response.arrayBuffer())
		.split("\n")
		.filter(Boolean)
		.map((line) => JSON.parse(line) as ExportRow);
}

describe("the admin API", () => {
	it("refuses a missing or wrong admin token with 401, on the KPIs and the export", async () => {
		for (const path of [`/v1/admin/kpis?${RANGE}`, `/v1/admin/export?${RANGE}`]) {
			const missing = await call(path);
			expect(missing.status).toBe(401);
			expect((await errorOf(missing)).code).toBe("unauthorized");
			expect((await call(path, { headers: { Authorization: "Bearer test-admin-tokem" } })).status).toBe(401);
			expect((await call(path, { headers: AGENT })).status).toBe(401);
		}
	});

	it("refuses a bad range or kind with 400 naming the problem", async () => {
		const problems = {
			"from=2026-11-30&to=2026-11-01": "to: must not be before from.",
			"from=2026-01-01&to=2026-04-03": "The range spans 93 days; ask for 92 at most.",
			"from=30.11.2026&to=2026-12-01": "from: must be a day as YYYY-MM-DD.",
			"from=2026-11-30": "to: must be a day as YYYY-MM-DD.",
		};
		for (const [query, message] of Object.entries(problems)) {
			const response = await call(`/v1/admin/kpis?${query}`, { headers: ADMIN });
			expect(response.status).toBe(400);
			expect(await errorOf(response)).toEqual({ code: "invalid_request", message });
		}
		const kind = await call(`/v1/admin/export?${RANGE}&kind=fallback,typos`, { headers: ADMIN });
		expect(kind.status).toBe(400);
		expect((await errorOf(kind)).message).toBe('kind: "typos" is not one of fallback, low_confidence, handoff, flagged.');
		const misspelt = await call(`/v1/admin/export?${RANGE}&kinds=fallback`, { headers: ADMIN });
		expect(misspelt.status).toBe(400);
		expect((await errorOf(misspelt)).message).toBe("kinds: not a query parameter of this route; it takes from, to, kind.");
		expect((await errorOf(await call(`/v1/admin/kpis?${RANGE}&kind=fallback`, { headers: ADMIN }))).message).toBe("kind: not a query parameter of this route; it takes from, to.");
	});

	it("serves the dashboard without auth, locked down to its own script and style", async () => {
		const page = await call("/v1/admin");
		expect(page.status).toBe(200);
		expect(page.headers.get("Content-Type")).toMatch(/^text\/html/);
		expect(page.headers.get("Content-Security-Policy")).toContain("script-src 'self'");
		expect(await page.text()).toContain('<label for="token">Admin token</label>');
		expect((await call("/v1/admin/dashboard.js")).headers.get("Content-Type")).toBe("text/javascript; charset=utf-8");
	});

	it("counts what conversations did, and exports their messages to label, flagged ones labelled", async () => {
		const before = (await kpis()).totals;

		// Answered by the matcher, and no more: contained.
		const answered = await startConversation();
		await send(answered, "How long does delivery take?");

		// Two fallbacks in a row hand the conversation to a person; the next message goes to them.
		const failed = await startConversation();
		await send(failed, "Do you sell garden gnomes? Mail me at ana@example.com");
		await send(failed, "do you sell GARDEN gnomes!");
		await send(failed, "hello?");

		// Opened, and its only message refused as too long: nothing a customer said, so not a conversation.
		const refused = await startConversation();
		expect((await send(refused, "x".repeat(2_001))).status).toBe(413);

		// The button: a hand-off with no message to review, and a conversation all the same.
		const button = await startConversation();
		expect((await call(`/v1/conversations/${button.id}/handoff`, { method: "POST", headers: { Authorization: `Bearer ${button.token}` } })).status).toBe(201);

		// Handed off, handed back, then a person answered again while the AI owned it: a person took part, so not contained.
		const joined = await startConversation();
		await send(joined, "How long does delivery take?");
		expect((await call(`/v1/conversations/${joined.id}/handoff`, { method: "POST", headers: { Authorization: `Bearer ${joined.token}` } })).status).toBe(201);
		expect((await call(`/v1/agent/conversations/${joined.id}/handback`, { method: "POST", headers: AGENT })).status).toBe(200);
		const agentReply = await call(`/v1/agent/conversations/${joined.id}/messages`, { method: "POST", headers: AGENT, json: { text: "I'll look into it myself.", agentName: "Sam" } });
		expect(agentReply.status).toBe(201);
		expect((await call(`/v1/agent/conversations/${joined.id}/handback`, { method: "POST", headers: AGENT })).status).toBe(200);
		// Resolved by the team while the AI owned it again, and rated 5.
		expect((await call(`/v1/agent/conversations/${joined.id}/resolve`, { method: "POST", headers: AGENT })).status).toBe(200);
		const rating = await call(`/v1/conversations/${joined.id}/rating`, { method: "POST", headers: { Authorization: `Bearer ${joined.token}` }, json: { rating: 5 } });
		expect(rating.status).toBe(200);

		const flag = await call(`/v1/agent/conversations/${failed.id}/messages/2/flag`, { method: "POST", headers: AGENT, json: { intent: "product_catalog" } });
		expect(flag.status).toBe(200);
		expect(await flag.json()).toEqual({ conversationId: failed.id, seq: 2, intent: "product_catalog" });

		const expected = {
			conversations: before.conversations + 4,
			contained: before.contained + 1,
			messages: before.messages + 5,
			replies: { ...before.replies, matcher: before.replies.matcher + 2, fallback: before.replies.fallback + 2 },
			handoffs: { ...before.handoffs, repeated_failure: before.handoffs.repeated_failure + 1, customer_request: before.handoffs.customer_request + 2 },
		};
		await expect.poll(async () => (await kpis()).totals, { timeout: 10_000 }).toMatchObject(expected);
		const after = await kpis();
		expect(after.totals.csat.count).toBe(before.csat.count + 1);
		expect(after.totals.firstReply.all.count).toBe(before.firstReply.all.count + 3);
		expect(after.totals.topUnmatched).toContainEqual({ text: "do you sell garden gnomes mail me at [email]", count: expect.any(Number) });
		expect(after.days.map((entry) => entry.date)).toEqual([day(-1), day(0), day(1)]);

		const rows = (await exportRows(RANGE)).filter((row) => row.conversationId === failed.id);
		expect(rows).toEqual([
			{ text: "Do you sell garden gnomes? Mail me at [email]", intent: "product_catalog", answeredIntent: null, conversationId: failed.id, tier: "fallback", confidence: expect.any(Number), createdAt: expect.any(String) },
			{ text: "do you sell GARDEN gnomes!", intent: null, answeredIntent: null, conversationId: failed.id, tier: "fallback", confidence: expect.any(Number), reason: "repeated_failure", createdAt: expect.any(String) },
		]);
		expect((await exportRows(`${RANGE}&kind=handoff`)).filter((row) => row.conversationId === failed.id)).toHaveLength(1);
	});

	it("keeps a message of only punctuation out of the top unmatched, as a blank entry, but exports it to review", async () => {
		const conversation = await startConversation();
		await send(conversation, "???");
		await expect.poll(async () => (await exportRows(RANGE)).filter((row) => row.conversationId === conversation.id).map((row) => row.text), { timeout: 10_000 }).toEqual(["???"]);
		expect((await kpis()).totals.topUnmatched.map((entry) => entry.text)).not.toContain("");
	});

	it("exports every message of a busy day, page by page, however many there are", async () => {
		const conversationId = `busy-${crypto.randomUUID()}`;
		const today = new Date().toISOString();
		await runInDurableObject(env.ANALYTICS.get(env.ANALYTICS.idFromName(today.slice(0, 10))), (_, state) => {
			const store = new AnalyticsStore(state.storage.sql);
			store.record(Array.from({ length: 10_050 }, (_, index) => ({ type: "review" as const, conversationId, seq: index + 1, text: `question ${index + 1}`, tier: "fallback" as const, intent: null, confidence: 0.2, lowConfidence: false, reason: null, createdAt: today })));
		});
		const rows = (await exportRows(`${RANGE}&kind=fallback`)).filter((row) => row.conversationId === conversationId);
		expect(rows).toHaveLength(10_050);
		expect(new Set(rows.map((row) => row.text)).size).toBe(10_050);
	});

	it("breaks an export off when a day cannot be read, so that what arrived never looks like the whole file", async () => {
		const [readable, failing] = ["2021-03-01", "2021-03-02"];
		const dayStub = (name: string) => env.ANALYTICS.get(env.ANALYTICS.idFromName(name));
		await runInDurableObject(dayStub(readable), (_, state) => {
			new AnalyticsStore(state.storage.sql).record([{ type: "review", conversationId: "cut-short", seq: 2, text: "question", tier: "fallback", intent: null, confidence: 0.2, lowConfidence: false, reason: null, createdAt: `${readable}T12:00:00.000Z` }]);
		});
		// The second day's object fails while the export waits to read it.
		const failure = runInDurableObject(dayStub(failing), (_, state) =>
			state.blockConcurrencyWhile(async () => {
				await new Promise((resolve) => setTimeout(resolve, 300));
				throw new Error("day object failed");
			}),
		).catch(() => {});
		await new Promise((resolve) => setTimeout(resolve, 50));
		const response = await call(`/v1/admin/export?from=${readable}&to=${failing}`, { headers: ADMIN });
		expect(response.status).toBe(200);
		await expect(response.arrayBuffer()).rejects.toThrow();
		await failure;
	});

	it("lists the conversations waiting for a person, as the agent API does, for a site with no helpdesk to announce them", async () => {
		const conversation = await startConversation();
		expect((await call(`/v1/conversations/${conversation.id}/handoff`, { method: "POST", headers: { Authorization: `Bearer ${conversation.token}` } })).status).toBe(201);
		const listed = async (path: string, headers: Record<string, string>) => ((await (await call(path, { headers })).json()) as OpenTicketPage).tickets.filter((ticket) => ticket.conversationId === conversation.id);
		await vi.waitFor(async () => expect(await listed("/v1/admin/tickets?after=0", ADMIN)).toHaveLength(1), { timeout: 20_000 });
		expect(await listed("/v1/admin/tickets", ADMIN)).toEqual(await listed("/v1/agent/tickets", AGENT));
		expect((await call("/v1/admin/tickets", { headers: AGENT })).status).toBe(401);
		expect(await errorOf(await call("/v1/admin/tickets?after=x", { headers: ADMIN }))).toEqual({ code: "invalid_request", message: "after: must be a ticket list seq: a whole number such as 0 or 42" });
	});

	it("flags only customer messages that exist", async () => {
		const conversation = await startConversation();
		const flag = (seq: string, body: unknown) => call(`/v1/agent/conversations/${conversation.id}/messages/${seq}/flag`, { method: "POST", headers: AGENT, json: body });
		const noSuchMessage = { error: { code: "not_found", message: "This conversation has no customer message with this seq." } };
		for (const seq of ["1" /* the AI disclosure */, "99", "x"]) {
			const response = await flag(seq, { intent: "order_status" });
			expect(response.status).toBe(404);
			expect(await response.json()).toEqual(noSuchMessage);
		}
		const unknown = await call(`/v1/agent/conversations/${newConversationId()}/messages/2/flag`, { method: "POST", headers: AGENT, json: { intent: "order_status" } });
		expect(unknown.status).toBe(404);
		expect(await unknown.json()).toEqual({ error: { code: "not_found", message: "No conversation has this id." } });
		await send(conversation, "where is my parcel");
		expect((await flag("2", { intent: "Order Status" })).status).toBe(400);
		expect((await call(`/v1/agent/conversations/${conversation.id}/messages/2/flag`, { method: "POST", json: { intent: "order_status" } })).status).toBe(401);
		expect((await flag("2", { intent: "order_status" })).status).toBe(200);
	});
});
