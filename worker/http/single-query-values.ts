import type { MiddlewareHandler } from "hono";
import { ApiError } from "../../shared/api-error.ts";

/**
 * Each query parameter once: given twice, routes would read the first and ignore the second, so a client that
 * meant the second (`?after=1&after=abc`, a token pasted after another) would never learn it was not read.
 */
export const singleQueryValues: MiddlewareHandler = async (c, next) => {
	const repeated = Object.entries(c.req.queries()).find(([, values]) => values.length > 1);
	if (repeated) throw new ApiError(400, "invalid_request", `${repeated[0]}: given more than once in the query; give it once.`);
	await next();
};
