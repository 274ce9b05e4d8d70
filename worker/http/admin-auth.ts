import type { MiddlewareHandler } from "hono";
import { bearerAuth } from "./bearer-auth.ts";

const adminToken = bearerAuth("admin", "FRONTDESK_ADMIN_TOKEN");

/** The site owner's API (KPIs, exports, erasure): its bearer token is FRONTDESK_ADMIN_TOKEN. */
export const adminAuth: MiddlewareHandler<{ Bindings: { FRONTDESK_ADMIN_TOKEN?: string } }> = async (c, next) => {
	await adminToken(c, next);
	// Answers carry the site's numbers and customers' messages: keep them out of every cache.
	c.header("Cache-Control", "no-store");
};
