import type { MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import { ApiError } from "../../shared/api-error.ts";

/**
 * Browser routes answer only the site owner's origins (and the worker's own,
 * which serves the demo page). A request without an Origin header is not from
 * a cross-origin page, so CORS has nothing to protect there.
 */
export function originGuard(allowedOrigins: readonly string[]): MiddlewareHandler {
	const isAllowed = (origin: string, requestUrl: string) => allowedOrigins.includes(origin) || origin === new URL(requestUrl).origin;
	const corsHeaders = cors({
		origin: (origin) => origin,
		allowMethods: ["GET", "POST", "DELETE", "OPTIONS"],
		allowHeaders: ["Content-Type", "Authorization"],
		maxAge: 600,
	});
	return async (c, next) => {
		const origin = c.req.header("Origin");
		if (origin === undefined) return next();
		if (!isAllowed(origin, c.req.url)) {
			throw new ApiError(403, "origin_not_allowed", `The origin ${origin} is not in this site's allowedOrigins.`);
		}
		// WebSockets are not subject to CORS, and a 101 response takes no extra headers.
		if (c.req.header("Upgrade")?.toLowerCase() === "websocket") return next();
		return corsHeaders(c, next);
	};
}
