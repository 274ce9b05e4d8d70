import type { Context } from "hono";
import type { z } from "zod";
import { LIMITS } from "../../shared/protocol.ts";
import { fieldPath } from "../../shared/site-config.ts";
import { ApiError } from "../../shared/api-error.ts";

/** Reads and validates a JSON request body, turning every way it can be wrong into a clear ApiError. */
export async function readJsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
	const contentType = c.req.header("Content-Type") ?? "";
	if (!/^application\/json\s*(;|$)/i.test(contentType)) {
		throw new ApiError(415, "unsupported_media_type", "Send the body as JSON with the header Content-Type: application/json.");
	}
	const declaredLength = Number(c.req.header("Content-Length") ?? 0);
	if (declaredLength > LIMITS.maxBodyBytes) throw tooLarge();
	const bytes = await c.req.arrayBuffer();
	if (bytes.byteLength > LIMITS.maxBodyBytes) throw tooLarge();

	let parsed: unknown;
	try {
		parsed = JSON.parse(new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes));
	} catch {
		throw new ApiError(400, "bad_json", "The request body is not valid UTF-8 JSON.");
	}
	return validate(schema, parsed);
}

export function validate<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
	const result = schema.safeParse(value);
	if (result.success) return result.data;
	const issue = result.error.issues[0];
	const field = fieldPath(issue.path);
	throw new ApiError(400, "invalid_request", field ? `${field}: ${issue.message}` : issue.message);
}

function tooLarge() {
	return new ApiError(413, "payload_too_large", `The request body is larger than ${LIMITS.maxBodyBytes} bytes.`);
}
