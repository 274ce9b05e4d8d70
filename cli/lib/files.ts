import { readFileSync, writeFileSync } from "node:fs";
import { CliError } from "./cli-error.ts";

export function readText(path: string): string {
	try {
		return readFileSync(path, "utf8");
	} catch (error) {
		throw new CliError(`${path}: cannot read file (${(error as { code?: string }).code ?? String(error)})`);
	}
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
