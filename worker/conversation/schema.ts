import newObjectSchema from "../generated/conversation-schema.json";
import { MIGRATIONS } from "./migrations.ts";

const BOOKKEEPING = "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY)";

/**
 * Whether the object has its tables. It is given them as its conversation starts, not as it is first
 * addressed: a request naming an id nobody started (a typo, a probe) stores nothing.
 */
export function hasSchema(sql: SqlStorage): boolean {
	return sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").toArray().length > 0;
}

/**
 * Gives a new object its tables, and brings an older one's up to date. A new one is given what all the
 * migrations build (worker/generated/conversation-schema.json, written by the build) in one go: every ALTER
 * TABLE has SQLite read the schema again, and running them one by one was a fifth of a new conversation's CPU.
 */
export function migrate(sql: SqlStorage): void {
	if (!hasSchema(sql)) {
		sql.exec([...newObjectSchema, BOOKKEEPING].join(";\n"));
		sql.exec("INSERT INTO schema_migrations (version) VALUES (?)", MIGRATIONS.length);
		return;
	}
	const applied = sql.exec<{ version: number }>("SELECT COALESCE(MAX(version), 0) AS version FROM schema_migrations").one().version;
	MIGRATIONS.slice(applied).forEach((statement, index) => {
		sql.exec(statement);
		sql.exec("INSERT INTO schema_migrations (version) VALUES (?)", applied + index + 1);
	});
}
