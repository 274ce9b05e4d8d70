import type { MiddlewareHandler } from "hono";
import { ApiError } from "../../shared/api-error.ts";
import { constantTimeEqual } from "../crypto/secrets.ts";
import { type LimiterBindings, tokenTryAllowance } from "../limits/ip-limits.ts";

type TokenVariable = "FRONTDESK_AGENT_TOKEN" | "FRONTDESK_ADMIN_TOKEN";

export type BearerBindings = Partial<Record<TokenVariable, string>> & LimiterBindings;

/**
 * Lets through only requests bearing the token set in `variable`; with the variable unset, the API is off. A client
 * that sent too many wrong tokens is refused (limits.ipWrongTokensPerHour); a request with no token at all guesses
 * nothing and is not counted.
 */
export function bearerAuth(api: "agent" | "admin", variable: TokenVariable): MiddlewareHandler<{ Bindings: BearerBindings }> {
	return async (c, next) => {
		const expected = c.env[variable];
		if (!expected) throw new ApiError(401, "unauthorized", `The ${api} API is off: set ${variable} to turn it on.`);
		// The scheme in any case, as RFC 9110 has it.
		const given = /^Bearer (.+)$/i.exec(c.req.header("Authorization") ?? "")?.[1] ?? "";
		const wrong = !constantTimeEqual(given, expected);
		const refusal = given ? await tokenTryAllowance(c.env, c.req.header("CF-Connecting-IP"), api, wrong) : null;
		if (refusal) throw refusal;
		if (wrong) throw new ApiError(401, "unauthorized", `Send the ${api} token as Authorization: Bearer <${variable}>.`);
		await next();
	};
}
