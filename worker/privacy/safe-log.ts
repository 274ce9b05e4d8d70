// Logs outlive every retention period of ours (tails, log storage), so the
// worker prints nothing personal: what an error says is masked like a text
// bound for the model, and anything shaped like a secret or token is cut.
import { maskPersonalData } from "../cascade/pii/mask-personal-data.ts";

// Bearer credentials, webhook secrets, API keys, and long base64url runs such as conversation tokens.
const SECRET = /Bearer\s+\S+|whsec_[A-Za-z0-9+/=]+|sk-ant-[A-Za-z0-9_-]+|[A-Za-z0-9_-]{32,}/g;

export function redactForLog(text: string): string {
	return maskPersonalData(text.replace(SECRET, "[secret]")).text;
}

function describe(error: unknown): string {
	if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
	return String(error);
}

/** One JSON line, whose fields log tools (wrangler tail, Workers Logs) can filter on. Nothing personal goes in. */
export function log(level: "info" | "warn" | "error", message: string, fields: Record<string, string | number | null> = {}): void {
	console[level](JSON.stringify({ message, ...fields }));
}

/** Logs a failure with the personal data and secrets its message or stack may carry masked. */
export function logError(context: string, error: unknown): void {
	log("error", context, { error: redactForLog(describe(error)) });
}
