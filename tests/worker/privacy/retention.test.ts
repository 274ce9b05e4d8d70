// Retention: a conversation and everything stored with it go `privacy.retentionDays`
// after its last activity, by the same alarm that delivers its webhooks.
import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, handedOffConversation, send, startConversation } from "../api-client.ts";
import { deliverNow, processed, script, stubOf, timePasses, webhooksOf } from "../handoff/receiver.ts";
import type { Analytics } from "../../../worker/analytics/analytics-object.ts";
import { ADMIN, alarmOf, analyticsDay, bearer, conversationWithReviewText, DAY_MS, isEmpty, lastActiveDaysAgo, RETENTION_DAYS, reviewTextsOf, storedRows, topUnmatchedTexts } from "./support.ts";

/**
 * A day's Analytics object as an earlier version left it: the schema before texts could be erased (unmatched
 * messages were counts with no link to their message), one conversation and one text to review, and no alarm.
 */
async function writtenByEarlierVersion(date: string) {
	const day = env.ANALYTICS.get(env.ANALYTICS.idFromName(date));
	await runInDurableObject(day, (_, state) => {
		state.storage.sql.exec(
			`CREATE TABLE analytics_counts (metric TEXT PRIMARY KEY, count INTEGER NOT NULL);
			CREATE TABLE analytics_conversations (id TEXT PRIMARY KEY, started INTEGER NOT NULL DEFAULT 0, human INTEGER NOT NULL DEFAULT 0,
				first_reply_seq INTEGER, first_reply_tier TEXT, first_reply_ms REAL, rating INTEGER);
			CREATE TABLE analytics_unmatched (normalized TEXT PRIMARY KEY, count INTEGER NOT NULL);
			CREATE TABLE analytics_review (conversation_id TEXT NOT NULL, seq INTEGER NOT NULL, text TEXT NOT NULL, tier TEXT, confidence REAL,
				low_confidence INTEGER NOT NULL DEFAULT 0, reason TEXT, label TEXT, created_at TEXT NOT NULL, PRIMARY KEY (conversation_id, seq));
			INSERT INTO analytics_conversations (id, started) VALUES ('c1', 1);
			INSERT INTO analytics_unmatched VALUES ('do you sell gnomes', 1);
			INSERT INTO analytics_review (conversation_id, seq, text, tier, confidence, created_at) VALUES ('c1', 2, 'do you sell gnomes', 'fallback', 0.3, ?);`,
			`${date}T10:00:00.000Z`,
		);
	});
	return day;
}

const reviewRows = (day: DurableObjectStub<Analytics>) => runInDurableObject(day, (_, state) => state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM analytics_review").one().n);

const readable = async (conversation: { id: string; token: string }) => (await call(`/v1/conversations/${conversation.id}/messages`, { headers: bearer(conversation.token) })).status;


describe("retention", () => {
	it("sets the alarm to the end of the retention period when a conversation starts", async () => {
		const before = Date.now();
		const conversation = await startConversation();
		const alarm = await alarmOf(conversation.id);
		expect(alarm).toBeGreaterThanOrEqual(before + RETENTION_DAYS * DAY_MS);
		expect(alarm).toBeLessThanOrEqual(Date.now() + RETENTION_DAYS * DAY_MS);
	});

	it("keeps the conversation while the period since its last activity runs, and deletes all of it once it has passed", async () => {
		const conversation = await startConversation();
		await send(conversation, "How long does delivery take?");

		await lastActiveDaysAgo(conversation.id, RETENTION_DAYS - 1);
		expect(await runDurableObjectAlarm(stubOf(conversation.id))).toBe(true);
		expect(await readable(conversation)).toBe(200);
		expect((await storedRows(conversation.id)).messages).toBe(3);
		// Rang early: it rings again when the period really ends, a day from now.
		expect((await alarmOf(conversation.id)) ?? 0).toBeGreaterThan(Date.now() + 0.9 * DAY_MS);
		expect((await alarmOf(conversation.id)) ?? 0).toBeLessThan(Date.now() + 1.1 * DAY_MS);

		await lastActiveDaysAgo(conversation.id, RETENTION_DAYS + 0.01);
		expect(await runDurableObjectAlarm(stubOf(conversation.id))).toBe(true);
		expect(await readable(conversation)).toBe(404);
		expect(isEmpty(await storedRows(conversation.id))).toBe(true);
		expect(await alarmOf(conversation.id)).toBeNull();
	});

	it("counts from the last activity: a new message starts the period again", async () => {
		const conversation = await startConversation();
		await lastActiveDaysAgo(conversation.id, RETENTION_DAYS + 5);
		await send(conversation, "How long does delivery take?");
		await runDurableObjectAlarm(stubOf(conversation.id));
		expect(await readable(conversation)).toBe(200);
		expect((await alarmOf(conversation.id)) ?? 0).toBeGreaterThan(Date.now() + (RETENTION_DAYS - 1) * DAY_MS);
	});

	it("schedules a conversation woken with no alarm, such as one stored before retention existed", async () => {
		const conversation = await startConversation();
		await runInDurableObject(stubOf(conversation.id), (_, state) => state.storage.deleteAlarm());
		expect(await alarmOf(conversation.id)).toBeNull();
		await evictDurableObject(stubOf(conversation.id));
		expect(await readable(conversation)).toBe(200);
		expect((await alarmOf(conversation.id)) ?? 0).toBeGreaterThan(Date.now() + (RETENTION_DAYS - 1) * DAY_MS);
	});

	it("shares the alarm with webhook delivery: a retry rings before the deadline, and the deadline returns once delivered", async () => {
		const conversation = await startConversation();
		await script(conversation.id, [{ kind: "status", status: 500 }]);
		await call(`/v1/conversations/${conversation.id}/handoff`, { method: "POST", headers: bearer(conversation.token) });
		await deliverNow(conversation.id);
		const [pending] = (await webhooksOf(conversation.id)).webhooks;
		expect(pending).toMatchObject({ type: "handoff.created", status: "pending" });
		expect(await alarmOf(conversation.id)).toBe(Date.parse(pending.nextAttemptAt ?? ""));

		await timePasses(conversation.id);
		expect((await webhooksOf(conversation.id)).webhooks[0].status).toBe("delivered");
		expect((await alarmOf(conversation.id)) ?? 0).toBeGreaterThan(Date.now() + (RETENTION_DAYS - 1) * DAY_MS);
		expect(await readable(conversation)).toBe(200);
	});

	it("erases at the deadline with webhooks still pending: they are dropped, and the helpdesk gets only the erasure notice", async () => {
		const conversation = await startConversation();
		await script(conversation.id, [{ kind: "status", status: 500 }]);
		await call(`/v1/conversations/${conversation.id}/handoff`, { method: "POST", headers: bearer(conversation.token) });
		await deliverNow(conversation.id);
		await send(conversation, "any news?");
		expect((await webhooksOf(conversation.id)).webhooks.map((webhook) => [webhook.type, webhook.status])).toEqual([
			["handoff.created", "pending"],
			["conversation.message.created", "pending"],
		]);

		await lastActiveDaysAgo(conversation.id, RETENTION_DAYS + 1);
		await runDurableObjectAlarm(stubOf(conversation.id));
		await expect.poll(async () => (await processed(conversation.id)).map((webhook) => webhook.type), { timeout: 10_000 }).toEqual(["conversation.erased"]);
		expect(await readable(conversation)).toBe(404);
	});

	it("tells the helpdesk that a handed-off conversation expired, retrying until it lands, then keeps nothing", async () => {
		const conversation = await handedOffConversation();
		await deliverNow(conversation.id);
		const ticketId = (await processed(conversation.id))[0].data.ticketId;
		await script(conversation.id, [{ kind: "status", status: 503 }]);

		await lastActiveDaysAgo(conversation.id, RETENTION_DAYS + 1);
		await runDurableObjectAlarm(stubOf(conversation.id));
		expect(await readable(conversation)).toBe(404);
		// Until the notice lands, a tombstone with ids and times only stays behind with it.
		const held = await storedRows(conversation.id);
		expect(held).toMatchObject({ conversation: 0, messages: 0, tickets: 0, erasure: 1, webhooks: 1 });
		expect(await alarmOf(conversation.id)).not.toBeNull();

		await timePasses(conversation.id);
		const erased = (await processed(conversation.id)).filter((webhook) => webhook.type === "conversation.erased");
		expect(erased).toEqual([expect.objectContaining({ data: { conversationId: conversation.id, ticketIds: [ticketId], reason: "retention_expired", erasedAt: expect.any(String) } })]);
		expect(isEmpty(await storedRows(conversation.id))).toBe(true);
		expect(await alarmOf(conversation.id)).toBeNull();
	});

	it("deletes the conversation's texts from the analytics with it, keeping the counts", async () => {
		const { conversation, unmatched } = await conversationWithReviewText();
		await lastActiveDaysAgo(conversation.id, RETENTION_DAYS + 1);
		await runDurableObjectAlarm(stubOf(conversation.id));
		expect(await reviewTextsOf(conversation.id)).toEqual([]);
		expect(await topUnmatchedTexts()).not.toContain(unmatched);
	});

	it("deletes a text from the analytics once the period has passed since it was written, even while its conversation goes on", async () => {
		const { conversation, unmatched } = await conversationWithReviewText();
		const day = analyticsDay(new Date().toISOString());
		const expiry = await runInDurableObject(day, (_, state) => state.storage.getAlarm());
		expect(expiry).not.toBeNull();
		expect(expiry ?? 0).toBeLessThanOrEqual(Date.now() + RETENTION_DAYS * DAY_MS);

		await runInDurableObject(day, (_, state) => {
			const written = new Date(Date.now() - (RETENTION_DAYS + 1) * DAY_MS).toISOString();
			for (const table of ["analytics_review", "analytics_unmatched_messages"]) state.storage.sql.exec(`UPDATE ${table} SET created_at = ? WHERE conversation_id = ?`, written, conversation.id);
		});
		expect(await runDurableObjectAlarm(day)).toBe(true);
		expect(await reviewTextsOf(conversation.id)).toEqual([]);
		expect(await topUnmatchedTexts()).not.toContain(unmatched);
		expect(await readable(conversation)).toBe(200);
	});

	it("comes back for the analytics' texts at least daily, so a retention period shortened later applies to texts already kept", async () => {
		await conversationWithReviewText();
		const expiry = await runInDurableObject(analyticsDay(new Date().toISOString()), (_, state) => state.storage.getAlarm());
		expect(expiry ?? Number.POSITIVE_INFINITY).toBeLessThanOrEqual(Date.now() + DAY_MS);
	});

	it("brings a day written by an earlier version up to date when it is read: its KPIs and erasure work", async () => {
		const date = "2019-03-04";
		const day = await writtenByEarlierVersion(date);
		const response = await call(`/v1/admin/kpis?from=${date}&to=${date}`, { headers: ADMIN });
		expect(response.status).toBe(200);
		expect(((await response.json()) as { totals: { conversations: number } }).totals.conversations).toBe(1);
		await day.forget("c1");
		expect(await reviewRows(day)).toBe(0);
	});

	it("schedules the expiry of texts a day written by an earlier version kept with no alarm", async () => {
		const day = await writtenByEarlierVersion("2019-03-05");
		// A restart of the object, as a deploy of the new version brings.
		await evictDurableObject(day);
		await day.aggregate();
		expect(await runInDurableObject(day, (_, state) => state.storage.getAlarm())).not.toBeNull();
		expect(await runDurableObjectAlarm(day)).toBe(true);
		expect(await reviewRows(day)).toBe(0);
	});
});
