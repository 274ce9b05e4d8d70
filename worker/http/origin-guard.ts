import type { MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import { ApiError } from "../../shared/api-error.ts";

/** Whether `origin` is one of the site's: in allowedOrigins, or the worker's own. */
function isSiteOrigin(allowedOrigins: readonly string[], origin: string, workerOrigin: string): boolean {
	return allowedOrigins.includes(origin) || origin === workerOrigin;
}

/**
 * The page a conversation says it started on reaches the helpdesk as a link in the ticket: it must be one of the
 * site's pages, or anyone could put a look-alike login page there under a trusted title.
 */
export function assertPageOnSite(allowedOrigins: readonly string[], page: { url: string } | undefined, workerOrigin: string): void {
	if (page && !isSiteOrigin(allowedOrigins, new URL(page.url).origin, workerOrigin)) {
		throw new ApiError(400, "invalid_request", "page.url: must be a page of this site (an origin in allowedOrigins, or the worker's own).");
	}
}

/**
 * Browser routes serve only the site owner's origins (and the worker's own, which serves the demo page). A
 * request without an Origin header is not from a cross-origin page, so CORS has nothing to protect there.
 * Another origin's page may still ask (the preflight) and read the refusal: a site owner whose origin is
 * missing from allowedOrigins then sees the widget say "not sent" and the browser show the 403 that names
 * the origin, instead of a CORS failure that looks like the worker being down. The request itself is
 * refused before any route runs.
 */
export function originGuard(allowedOrigins: readonly string[]): MiddlewareHandler {
	const corsHeaders = cors({
		origin: (origin) => origin,
		allowMethods: ["GET", "POST", "DELETE", "OPTIONS"],
		allowHeaders: ["Content-Type", "Authorization"],
		// A page of the site on another origin than the worker's reads how long to wait from a 429 only if it may.
		exposeHeaders: ["Retry-After"],
		maxAge: 600,
	});
	return async (c, next) => {
		const origin = c.req.header("Origin");
		if (origin === undefined) {
			await next();
			// What a request without an Origin gets has no CORS headers: a shared cache must not give it to a page.
			c.header("Vary", "Origin", { append: true });
			return;
		}
		const refuseOtherSites = () => {
			// The request's own origin here: the browser sets Host from the page's request, and the worker's pages (the demo) are on it.
			if (!isSiteOrigin(allowedOrigins, origin, new URL(c.req.url).origin)) {
				throw new ApiError(403, "origin_not_allowed", `The origin ${origin} is not in this site's allowedOrigins (frontdesk.config.json).`);
			}
		};
		// WebSockets are not subject to CORS, and a 101 response takes no extra headers.
		if (c.req.header("Upgrade")?.toLowerCase() === "websocket") {
			refuseOtherSites();
			return next();
		}
		return corsHeaders(c, async () => {
			refuseOtherSites();
			await next();
		});
	};
}
