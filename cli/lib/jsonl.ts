// Labelled JSON Lines: one `{"text", "intent", "entities"?}` object per line.
// Every problem names the file and the line, so a bad row is found at once.
import type { Entity } from "../../worker/cascade/entities/index.ts";
import { CliError } from "./cli-error.ts";
import { readText } from "./files.ts";

export interface LabelledRow {
	text: string;
	/** null: the message belongs to no intent (out of scope). */
	intent: string | null;
	/** Absent when the row was not annotated for entities. */
	entities?: Entity[];
}

function isEntity(value: unknown): value is Entity {
	const entity = value as Entity;
	return (
		typeof entity === "object" &&
		entity !== null &&
		typeof entity.type === "string" &&
		typeof entity.value === "string" &&
		Number.isInteger(entity.start) &&
		Number.isInteger(entity.end)
	);
}

function toRow(value: unknown): LabelledRow | string {
	const row = value as Record<string, unknown>;
	if (typeof row !== "object" || row === null || Array.isArray(row)) return "expected a JSON object";
	if (typeof row.text !== "string") return 'needs "text" (a string)';
	if (row.intent !== null && typeof row.intent !== "string") return 'needs "intent" (a string, or null for out-of-scope)';
	if (row.entities === undefined) return { text: row.text, intent: row.intent };
	if (!Array.isArray(row.entities) || !row.entities.every(isEntity)) return '"entities" must be a list of {type, value, start, end}';
	return { text: row.text, intent: row.intent, entities: row.entities };
}

export function parseLabelledJsonl(path: string, content: string): LabelledRow[] {
	const rows: LabelledRow[] = [];
	content.split("\n").forEach((line, index) => {
		if (line.trim() === "") return;
		let parsed: unknown;
		try {
			parsed = JSON.parse(line);
		} catch (error) {
			throw new CliError(`${path}:${index + 1}: not valid JSON (${(error as Error).message})`);
		}
		const row = toRow(parsed);
		if (typeof row === "string") throw new CliError(`${path}:${index + 1}: ${row}`);
		rows.push(row);
	});
	return rows;
}

export function readLabelledJsonl(path: string): LabelledRow[] {
	return parseLabelledJsonl(path, readText(path));
}
