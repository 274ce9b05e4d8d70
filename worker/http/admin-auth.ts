import type { MiddlewareHandler } from "hono";
import { type BearerBindings, bearerAuth } from "./bearer-auth.ts";

const adminToken = bearerAuth("admin", "FRONTDESK_ADMIN_TOKEN");

/** The site owner's API (KPIs, exports, erasure): its bearer token is FRONTDESK_ADMIN_TOKEN. */
export const adminAuth: MiddlewareHandler<{ Bindings: BearerBindings }> = async (c, next) => {
	await adminToken(c, next);
	// Answers carry the site's numbers and customers' messages: keep them out of every cache.
	c.header("Cache-Control", "no-store");
};
