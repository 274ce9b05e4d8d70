import type { Context } from "hono";
import { z } from "zod";
import { LIMITS } from "../../shared/protocol.ts";
import { fieldPath } from "../../shared/site-config.ts";
import { ApiError } from "../../shared/api-error.ts";
import { issueMessages } from "../../shared/issue-messages.ts";

export interface BodyOptions {
	/** Every field is optional: no body, or an empty one whatever its Content-Type, reads as `{}`. */
	optional?: boolean;
}

/** Reads and validates a JSON request body, turning every way it can be wrong into a clear ApiError. */
export async function readJsonBody<S extends z.ZodType>(c: Context, schema: S, options: BodyOptions = {}): Promise<z.output<S>> {
	// Read first only where emptiness decides: elsewhere a body not declared JSON is refused before it is read.
	const bytes = options.optional ? await readBodyBytes(c) : null;
	// Some clients set a Content-Type on every request (`curl -H 'Content-Type: application/json'` with no data).
	if (bytes && isBlank(bytes)) return validate(schema, {});
	assertJsonContentType(c.req.header("Content-Type") ?? "");
	return validate(schema, parseJson(bytes ?? (await readBodyBytes(c))));
}

/** No body: none at all, or only whitespace (a line break some clients add), which no JSON is. */
const isBlank = (bytes: Uint8Array) => bytes.every((byte) => byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d);

/**
 * For routes that take no body: none, an empty one whatever its Content-Type (some clients set one on every
 * request), or `{}`. Anything else is refused as on any route (malformed, not JSON, too large, a field the
 * route does not know) before the route acts.
 */
export async function readNoBody(c: Context): Promise<void> {
	const bytes = await readBodyBytes(c);
	if (isBlank(bytes)) return;
	assertJsonContentType(c.req.header("Content-Type") ?? "");
	const body = parseJson(bytes);
	const fields = body !== null && typeof body === "object" && !Array.isArray(body) ? Object.keys(body) : null;
	if (fields?.length === 0) return;
	throw new ApiError(400, "invalid_request", `This route takes no body: send none, or {}${fields ? ` ("${fields[0]}" is not a field of it)` : ""}.`);
}

function assertJsonContentType(contentType: string): void {
	if (!/^application\/json\s*(;|$)/i.test(contentType)) {
		throw new ApiError(415, "unsupported_media_type", "Send the body as JSON with the header Content-Type: application/json.");
	}
	const charset = /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(contentType)?.[1];
	if (charset !== undefined && !/^utf-?8$/i.test(charset)) {
		throw new ApiError(415, "unsupported_media_type", `Send the body as UTF-8 JSON; this one says charset=${charset}.`);
	}
}

async function readBodyBytes(c: Context): Promise<Uint8Array> {
	if (Number(c.req.header("Content-Length") ?? 0) > LIMITS.maxBodyBytes) throw tooLarge();
	return readAtMost(c.req.raw.body, LIMITS.maxBodyBytes);
}

function parseJson(bytes: Uint8Array): unknown {
	try {
		return JSON.parse(new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes));
	} catch {
		throw new ApiError(400, "bad_json", "The request body is not valid UTF-8 JSON.");
	}
}

export function validate<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
	const result = schema.safeParse(value, { error: issueMessages });
	if (result.success) return result.data;
	const issue = result.error.issues[0];
	const field = fieldPath(issue.path);
	throw new ApiError(400, "invalid_request", field ? `${field}: ${issue.message}` : issue.message);
}

/** A body sent without a Content-Length can be any size, so reading stops at the limit instead of buffering it all first. */
async function readAtMost(body: ReadableStream<Uint8Array> | null, limit: number): Promise<Uint8Array> {
	if (!body) return new Uint8Array(0);
	const reader = body.getReader();
	const chunks: Uint8Array[] = [];
	let length = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) return concatenated(chunks, length);
		length += value.byteLength;
		if (length > limit) {
			await reader.cancel();
			throw tooLarge();
		}
		chunks.push(value);
	}
}

function concatenated(chunks: readonly Uint8Array[], length: number): Uint8Array {
	const bytes = new Uint8Array(length);
	let offset = 0;
	for (const chunk of chunks) {
		bytes.set(chunk, offset);
		offset += chunk.byteLength;
	}
	return bytes;
}

function tooLarge() {
	return new ApiError(413, "payload_too_large", `The request body is larger than ${LIMITS.maxBodyBytes} bytes.`);
}
