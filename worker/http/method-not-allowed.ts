import type { Context } from "hono";
import { ApiError } from "../../shared/api-error.ts";

/** Registered after a path's real handlers, so it answers only the methods they don't. */
export function methodNotAllowed(c: Context): never {
	throw new ApiError(405, "method_not_allowed", `${c.req.method} is not supported on ${c.req.path}.`);
}
