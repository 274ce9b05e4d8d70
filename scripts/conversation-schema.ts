// What the conversation object's migrations build, worked out at build time, for a new object to be given in
// one go (worker/conversation/schema.ts): the migrations stay the one place where its tables are defined.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { MIGRATIONS } from "../worker/conversation/migrations.ts";

/** The statements that create each table and index the migrations leave, in the order they were made. */
function schemaBuiltBy(migrations: readonly string[]): string[] {
	const database = new DatabaseSync(":memory:");
	try {
		for (const migration of migrations) database.exec(migration);
		// Indexes SQLite makes itself (a UNIQUE column's) have no statement: their table's makes them again.
		const rows = database.prepare("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid").all() as Array<{ sql: string }>;
		return rows.map((row) => row.sql);
	} finally {
		database.close();
	}
}

export async function writeConversationSchema(generatedDir: string): Promise<void> {
	await writeFile(join(generatedDir, "conversation-schema.json"), `${JSON.stringify(schemaBuiltBy(MIGRATIONS), null, "\t")}\n`);
}
