import type { MiddlewareHandler } from "hono";
import { ApiError } from "../../shared/api-error.ts";

/**
 * Refuses a query parameter the route does not read, as a body field it does not know is: a misspelt one
 * (`?afer=5`) would otherwise be ignored, and the client answered as if it had asked for something else.
 */
export function knownQueryParams(...names: string[]): MiddlewareHandler {
	return async (c, next) => {
		const unknown = Object.keys(c.req.queries()).find((name) => !names.includes(name));
		if (unknown !== undefined) {
			const takes = names.length ? `it takes ${names.join(", ")}` : "it takes none";
			throw new ApiError(400, "invalid_request", `${unknown}: not a query parameter of this route; ${takes}.`);
		}
		await next();
	};
}
