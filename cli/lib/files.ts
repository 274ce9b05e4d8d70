import { readFileSync, writeFileSync } from "node:fs";
import { CliError } from "./cli-error.ts";
import { jsonSyntaxMessage } from "./json-syntax.ts";

function readBytes(path: string): Buffer {
	try {
		return readFileSync(path);
	} catch (error) {
		throw new CliError(`${path}: cannot read file (${(error as { code?: string }).code ?? String(error)})`);
	}
}

/** The line of the first byte that is not UTF-8, counting from 1. */
function lineOfBadUtf8(bytes: Buffer): number {
	const decoder = new TextDecoder("utf-8", { fatal: true });
	let line = 1;
	for (let start = 0; start < bytes.length; line++) {
		const newline = bytes.indexOf(0x0a, start);
		const end = newline === -1 ? bytes.length : newline;
		try {
			decoder.decode(bytes.subarray(start, end));
		} catch {
			return line;
		}
		start = end + 1;
	}
	return line;
}

/**
 * UTF-8 text, with a byte-order mark some editors write taken off. UTF-16 (Windows PowerShell's `>`) and
 * other encodings are named, not misread: their letters would be learned and scored as U+FFFD.
 */
export function readText(path: string): string {
	const bytes = readBytes(path);
	if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) throw new CliError(`${path}: the file is UTF-16; save it as UTF-8`);
	try {
		return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
	} catch {
		throw new CliError(`${path}:${lineOfBadUtf8(bytes)}: not UTF-8 text; save the file as UTF-8`);
	}
}

export function readJson(path: string): unknown {
	const text = readText(path);
	try {
		return JSON.parse(text);
	} catch (error) {
		throw new CliError(jsonSyntaxMessage(path, text, error as SyntaxError));
	}
}

export function writeText(path: string, text: string): void {
	try {
		writeFileSync(path, text);
	} catch (error) {
		throw new CliError(`${path}: cannot write file (${(error as { code?: string }).code ?? String(error)})`);
	}
}
