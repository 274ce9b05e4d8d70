import { readFileSync, writeFileSync } from "node:fs";
import { CliError } from "./cli-error.ts";

function readBytes(path: string): Buffer {
	try {
		return readFileSync(path);
	} catch (error) {
		throw new CliError(`${path}: cannot read file (${(error as { code?: string }).code ?? String(error)})`);
	}
}

/** UTF-8 text, with a byte-order mark some editors write taken off; UTF-16 (Windows PowerShell's `>`) is named, not misread. */
export function readText(path: string): string {
	const bytes = readBytes(path);
	if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) throw new CliError(`${path}: the file is UTF-16; save it as UTF-8`);
	const text = bytes.toString("utf8");
	return text.startsWith("\uFEFF") ? text.slice(1) : text;
}

export function readJson(path: string): unknown {
	try {
		return JSON.parse(readText(path));
	} catch (error) {
		if (error instanceof CliError) throw error;
		throw new CliError(`${path}: not valid JSON (${(error as Error).message})`);
	}
}

export function writeText(path: string, text: string): void {
	try {
		writeFileSync(path, text);
	} catch (error) {
		throw new CliError(`${path}: cannot write file (${(error as { code?: string }).code ?? String(error)})`);
	}
}
