// A new conversation gets its tables in one go, as the build worked them out; one stored by an older version
// gets the migrations it missed, one by one. Both must end with the same schema, or code written for one
// breaks on the other.
import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { MIGRATIONS } from "../../worker/conversation/migrations.ts";
import { migrate } from "../../worker/conversation/schema.ts";

let objects = 0;

/** Runs `body` on the storage of a conversation object nobody started, so it has no tables yet. */
function inNewObject<T>(body: (sql: SqlStorage) => T): Promise<T> {
	const stub = env.CONVERSATIONS.get(env.CONVERSATIONS.idFromName(`migrations-test-${++objects}`));
	return runInDurableObject(stub, (_, state) => body(state.storage.sql));
}

/** Every table and index with the statement that defines it, as SQLite keeps it (an ALTER TABLE rewrites its table's). */
function schemaOf(sql: SqlStorage) {
	const entries = sql
		.exec<{ type: string; name: string; sql: string | null }>("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE '\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite_%' ORDER BY name")
		.toArray();
	const version = sql.exec<{ version: number }>("SELECT MAX(version) AS version FROM schema_migrations").one().version;
	return { version, entries };
}

/** A conversation's storage as a version that had run the first `applied` migrations left it. */
function storedBy(sql: SqlStorage, applied: number): void {
	sql.exec("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY)");
	MIGRATIONS.slice(0, applied).forEach((statement, index) => {
		sql.exec(statement);
		sql.exec("INSERT INTO schema_migrations (version) VALUES (?)", index + 1);
	});
}

/** The conversation's own tables, less the migrations' bookkeeping. */
function tablesOf(sql: SqlStorage): string[] {
	return sql.exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite_%' AND name != 'schema_migrations'").toArray().map((row) => row.name);
}

/**
 * One more row in every table, with a value in each column that must have one: what a conversation in use holds. A
 * migration that only works on empty tables (a NOT NULL column without a default, say) fails on it.
 */
function fillEveryTable(sql: SqlStorage, mark: number): void {
	for (const name of tablesOf(sql)) {
		const required = sql
			.exec<{ name: string; type: string; notnull: number; dflt_value: string | null; pk: number }>(`PRAGMA table_info(${name})`)
			.toArray()
			.filter((column) => (column.notnull === 1 && column.dflt_value === null) || column.pk === 1);
		const values = required.map((column) => (column.type === "INTEGER" ? (column.name === "singleton" ? 1 : mark) : `${column.name}-${mark}`));
		sql.exec(`INSERT OR IGNORE INTO ${name} (${required.map((column) => column.name).join(", ")}) VALUES (${required.map(() => "?").join(", ")})`, ...values);
	}
}

/** How many rows each table holds. */
function rowCounts(sql: SqlStorage): Record<string, number> {
	return Object.fromEntries(tablesOf(sql).map((name) => [name, sql.exec<{ n: number }>(`SELECT COUNT(*) AS n FROM ${name}`).one().n]));
}

describe("conversation storage", () => {
	it("upgrades a conversation holding data in every table from each earlier version, keeping its rows", async () => {
		for (let applied = 1; applied < MIGRATIONS.length; applied++) {
			const counts = await inNewObject((sql) => {
				storedBy(sql, applied);
				for (let mark = 1; mark <= applied; mark++) fillEveryTable(sql, mark);
				const before = rowCounts(sql);
				migrate(sql);
				return { before, after: rowCounts(sql), version: sql.exec<{ version: number }>("SELECT MAX(version) AS version FROM schema_migrations").one().version };
			});
			expect(counts.before.messages, `stored after ${applied} migrations`).toBe(applied);
			// Every table keeps its rows; the tables a migration adds come empty.
			expect(counts, `stored after ${applied} migrations`).toEqual({ before: counts.before, after: expect.objectContaining(counts.before), version: MIGRATIONS.length });
		}
	});

	it("gives a new conversation the schema that every migration run one by one gives", async () => {
		const fresh = await inNewObject((sql) => {
			migrate(sql);
			return schemaOf(sql);
		});
		expect(fresh.version).toBe(MIGRATIONS.length);
		expect(fresh.entries.map((entry) => entry.name)).toContain("conversation");
		for (let applied = 0; applied < MIGRATIONS.length; applied++) {
			const upgraded = await inNewObject((sql) => {
				storedBy(sql, applied);
				migrate(sql);
				return schemaOf(sql);
			});
			expect(upgraded, `stored after ${applied} migrations`).toEqual(fresh);
		}
	});

	it("keeps an older conversation's row, and fills in what later versions keep", async () => {
		const row = await inNewObject((sql) => {
			storedBy(sql, 1);
			sql.exec("INSERT INTO conversation (singleton, id, token_hash, created_at) VALUES (1, 'c-old', 'hash', '2025-01-02T03:04:05.000Z')");
			migrate(sql);
			return sql.exec("SELECT id, token_hash, owner, status, failures, last_activity_at FROM conversation").one();
		});
		expect(row).toEqual({ id: "c-old", token_hash: "hash", owner: "ai", status: "open", failures: 0, last_activity_at: "2025-01-02T03:04:05.000Z" });
	});

	it("marks an older conversation's tickets sent to the helpdesk exactly where its outbox holds their handoff.created", async () => {
		const sent = await inNewObject((sql) => {
			storedBy(sql, MIGRATIONS.findIndex((migration) => migration.includes("sent_to_helpdesk")));
			for (const id of ["tkt_sent", "tkt_unsent"]) sql.exec("INSERT INTO tickets (id, reason, priority, created_at) VALUES (?, 'customer_request', 'normal', '2025-01-02T03:04:05.000Z')", id);
			const ticket = JSON.stringify({ type: "handoff.created", data: { ticketId: "tkt_sent" } });
			sql.exec("INSERT INTO webhooks (id, type, body, status, created_at) VALUES ('msg_1', 'handoff.created', ?, 'delivered', '2025-01-02T03:04:05.000Z')", ticket);
			migrate(sql);
			return sql.exec<{ id: string; sent_to_helpdesk: number }>("SELECT id, sent_to_helpdesk FROM tickets ORDER BY id").toArray();
		});
		expect(sent).toEqual([
			{ id: "tkt_sent", sent_to_helpdesk: 1 },
			{ id: "tkt_unsent", sent_to_helpdesk: 0 },
		]);
	});

	it("leaves a conversation that is up to date as it is", async () => {
		const [before, after] = await inNewObject((sql) => {
			migrate(sql);
			const schema = schemaOf(sql);
			migrate(sql);
			return [schema, schemaOf(sql)];
		});
		expect(after).toEqual(before);
	});
});
