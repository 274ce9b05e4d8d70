import type { MiddlewareHandler } from "hono";
import { ApiError } from "../../shared/api-error.ts";
import { constantTimeEqual } from "../crypto/secrets.ts";

type TokenVariable = "FRONTDESK_AGENT_TOKEN" | "FRONTDESK_ADMIN_TOKEN";

/** Lets through only requests bearing the token set in `variable`; with the variable unset, the API is off. */
export function bearerAuth(api: "agent" | "admin", variable: TokenVariable): MiddlewareHandler<{ Bindings: Partial<Record<TokenVariable, string>> }> {
	return async (c, next) => {
		const expected = c.env[variable];
		if (!expected) throw new ApiError(401, "unauthorized", `The ${api} API is off: set ${variable} to turn it on.`);
		// The scheme in any case, as RFC 9110 has it.
		const given = /^Bearer (.+)$/i.exec(c.req.header("Authorization") ?? "")?.[1] ?? "";
		if (!constantTimeEqual(given, expected)) throw new ApiError(401, "unauthorized", `Send the ${api} token as Authorization: Bearer <${variable}>.`);
		await next();
	};
}
