import type { MiddlewareHandler } from "hono";
import { ApiError } from "../../shared/api-error.ts";
import { constantTimeEqual } from "../conversation/secrets.ts";
import type { Env } from "../env.ts";

/** The agent API is for the site's helpdesk only: its bearer token is FRONTDESK_AGENT_TOKEN. */
export const agentAuth: MiddlewareHandler<{ Bindings: Env }> = async (c, next) => {
	const expected = c.env.FRONTDESK_AGENT_TOKEN;
	if (!expected) throw new ApiError(401, "unauthorized", "The agent API is off: set FRONTDESK_AGENT_TOKEN to turn it on.");
	const given = /^Bearer (.+)$/.exec(c.req.header("Authorization") ?? "")?.[1] ?? "";
	if (!constantTimeEqual(given, expected)) throw new ApiError(401, "unauthorized", "Send the agent token as Authorization: Bearer <FRONTDESK_AGENT_TOKEN>.");
	await next();
};
