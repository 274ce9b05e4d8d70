// Helpers for the privacy tests: time travel by backdating, what a conversation
// object still stores, and what the analytics still hold.
import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { expect } from "vitest";
import type { KpiReport } from "../../../worker/analytics/aggregate.ts";
import type { ExportRow } from "../../../worker/analytics/events.ts";
import { call, send, startConversation } from "../api-client.ts";
import { stubOf } from "../handoff/receiver.ts";

export const ADMIN = { Authorization: "Bearer test-admin-token" };
export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
export const DAY_MS = 86_400_000;
/** The site config's privacy.retentionDays (frontdesk.config.json leaves the default). */
export const RETENTION_DAYS = 90;

const day = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY_MS).toISOString().slice(0, 10);
// Around today, so a conversation started just before midnight still falls inside.
const RANGE = `from=${day(-1)}&to=${day(1)}`;

/** Letters only, so the analytics' normalisation (numbers become "#") keeps it unique. */
const uniqueWord = () => `w${crypto.randomUUID().replace(/[^a-f]/g, "")}`;

/** A conversation with a customer message the AI could not answer: the analytics keep its text for review. */
export async function conversationWithReviewText() {
	const conversation = await startConversation();
	const word = uniqueWord();
	expect((await send(conversation, `do you sell ${word} gnomes`)).status).toBe(201);
	const unmatched = `do you sell ${word} gnomes`;
	await expect.poll(() => reviewTextsOf(conversation.id), { timeout: 10_000 }).toEqual([unmatched]);
	await expect.poll(() => topUnmatchedTexts(), { timeout: 10_000 }).toContain(unmatched);
	return { conversation, unmatched };
}

/** The texts the admin export has from this conversation. */
export async function reviewTextsOf(conversationId: string): Promise<string[]> {
	const response = await call(`/v1/admin/export?${RANGE}`, { headers: ADMIN });
	expect(response.status).toBe(200);
	return new TextDecoder()
		.decode(await response.arrayBuffer())
		.split("\n")
		.filter(Boolean)
		.map((line) => JSON.parse(line) as ExportRow)
		.filter((row) => row.conversationId === conversationId)
		.map((row) => row.text);
}

export async function topUnmatchedTexts(): Promise<string[]> {
	const response = await call(`/v1/admin/kpis?${RANGE}`, { headers: ADMIN });
	const { totals } = (await response.json()) as { totals: KpiReport };
	return totals.topUnmatched.map((entry) => entry.text);
}

/** Rows per table in the conversation's object, the migrations' bookkeeping aside. */
export function storedRows(conversationId: string): Promise<Record<string, number>> {
	return runInDurableObject(stubOf(conversationId), (_, state) => {
		const { sql } = state.storage;
		const tables = sql.exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' AND name NOT LIKE '_cf%' AND name != 'schema_migrations'").toArray();
		return Object.fromEntries(tables.map(({ name }) => [name, sql.exec<{ n: number }>(`SELECT COUNT(*) AS n FROM "${name}"`).one().n]));
	});
}

export const isEmpty = (rows: Record<string, number>) => Object.values(rows).every((count) => count === 0);

export function alarmOf(conversationId: string): Promise<number | null> {
	return runInDurableObject(stubOf(conversationId), (_, state) => state.storage.getAlarm());
}

/** Pretends the conversation's last activity was `days` ago. */
export function lastActiveDaysAgo(conversationId: string, days: number): Promise<void> {
	return runInDurableObject(stubOf(conversationId), (_, state) => {
		state.storage.sql.exec("UPDATE conversation SET last_activity_at = ?", new Date(Date.now() - days * DAY_MS).toISOString());
	});
}

export const analyticsDay = (createdAt: string) => env.ANALYTICS.get(env.ANALYTICS.idFromName(createdAt.slice(0, 10)));
