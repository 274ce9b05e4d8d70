import type { MiddlewareHandler } from "hono";
import { ApiError } from "../../shared/api-error.ts";

/**
 * Each query parameter once: given twice, routes would read the first and ignore the second, so a client that
 * meant the second (`?after=1&after=abc`, a token pasted after another) would never learn it was not read.
 */
export const singleQueryValues: MiddlewareHandler = async (c, next) => {
	const names = [...new URL(c.req.url).searchParams.keys()];
	const repeated = names.find((name, index) => names.indexOf(name) !== index);
	if (repeated !== undefined) throw new ApiError(400, "invalid_request", `${repeated}: given more than once in the query; give it once.`);
	await next();
};
