// Labelled JSON Lines: one `{"text", "intent", "entities"?}` object per line.
// Every problem names the file and the line, so a bad row is found at once.
import type { Entity } from "../../worker/cascade/entities/index.ts";
import { CliError, problemsError } from "./cli-error.ts";
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

/** What the offsets of a misplaced gold entity do hold, and where its value is, so the line can be mended at once. */
function whatIsThere(text: string, entity: Entity, inText: boolean): string {
	const held = inText ? `${entity.start}-${entity.end} holds ${JSON.stringify(text.slice(entity.start, entity.end))}` : `${entity.start}-${entity.end} is outside the text, ${text.length} long`;
	const at = text.indexOf(entity.value);
	return at < 0 ? `${held}, and the text has no ${JSON.stringify(entity.value)}` : `${held}; ${JSON.stringify(entity.value)} is at ${at}-${at + entity.value.length}`;
}

/** A gold entity that does not sit where it says would only lower the scores, with no word of why. */
function entityProblem(text: string, entities: readonly Entity[]): string | null {
	for (const [index, entity] of entities.entries()) {
		// slice() would cut an end past the text's to the text's end, and find the value there.
		const inText = entity.start >= 0 && entity.start < entity.end && entity.end <= text.length;
		if (!inText || text.slice(entity.start, entity.end) !== entity.value) {
			return `entities[${index}]: "value" is not the text from "start" to "end" (offsets count UTF-16 code units, as JavaScript strings do): ${whatIsThere(text, entity, inText)}`;
		}
		const earlier = entities.slice(0, index).some((other) => other.type === entity.type && other.start === entity.start && other.end === entity.end);
		if (earlier) return `entities[${index}] repeats an earlier entity`;
	}
	return null;
}

/**
 * An intent id: a non-empty string, or a whole number as datasets with numbered labels write it; undefined for anything
 * else. Trimmed, as no one means " order_status" for another intent than "order_status".
 */
function intentOf(value: unknown): string | null | undefined {
	if (value === null) return null;
	if (typeof value === "string" && value.trim() !== "") return value.trim();
	if (Number.isInteger(value)) return String(value);
	return undefined;
}

function toRow(value: unknown): LabelledRow | string {
	const row = value as Record<string, unknown>;
	if (typeof row !== "object" || row === null || Array.isArray(row)) return "expected a JSON object";
	if (typeof row.text !== "string" || row.text.trim() === "") return 'needs "text" (a non-empty string)';
	const intent = intentOf(row.intent);
	if (intent === undefined) return `needs "intent" (an intent id, or null for out-of-scope), not ${JSON.stringify(row.intent) ?? "nothing"}`;
	if (row.entities === undefined) return { text: row.text, intent };
	if (!Array.isArray(row.entities) || !row.entities.every(isEntity)) return '"entities" must be a list of {type, value, start, end}';
	return entityProblem(row.text, row.entities) ?? { text: row.text, intent, entities: row.entities };
}

function rowOfLine(line: string): LabelledRow | string {
	try {
		return toRow(JSON.parse(line));
	} catch (error) {
		return `not valid JSON (${(error as Error).message})`;
	}
}

/** A list of rows, or an object spread over lines: JSON, where JSON Lines was wanted. */
function isOneJsonDocument(content: string): boolean {
	try {
		return Array.isArray(JSON.parse(content)) || content.trim().includes("\n");
	} catch {
		return false;
	}
}

function parseLabelledJsonl(path: string, content: string): LabelledRow[] {
	const rows: LabelledRow[] = [];
	const problems: string[] = [];
	content.split("\n").forEach((line, index) => {
		if (line.trim() === "") return;
		const row = rowOfLine(line);
		if (typeof row === "string") problems.push(`${path}:${index + 1}: ${row}`);
		else rows.push(row);
	});
	if (problems.length === 0) return rows;
	if (rows.length === 0 && isOneJsonDocument(content)) throw new CliError(`${path}: this is one JSON document, not JSON Lines: put one {"text", "intent"} object on each line`);
	throw problemsError(problems, (count) => `${count} more bad line${count === 1 ? "" : "s"}`);
}

export function readLabelledJsonl(path: string): LabelledRow[] {
	const rows = parseLabelledJsonl(path, readText(path));
	if (rows.length === 0) throw new CliError(`${path}: no labelled rows`);
	return rows;
}
