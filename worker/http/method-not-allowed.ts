import type { Context } from "hono";
import { ApiError, errorBody } from "../../shared/api-error.ts";

/**
 * Registered after a path's real handlers, so it answers only the methods they don't, and names theirs in
 * `Allow` as RFC 9110 asks. A GET route answers HEAD too.
 */
export function methodNotAllowed(...methods: Array<"GET" | "POST" | "DELETE">) {
	const allowed = methods.flatMap((method) => (method === "GET" ? ["GET", "HEAD"] : [method])).join(", ");
	return (c: Context) => c.json(errorBody(new ApiError(405, "method_not_allowed", `${c.req.method} is not supported on ${c.req.path}; it takes ${allowed}.`)), 405, { Allow: allowed });
}
