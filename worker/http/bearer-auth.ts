import type { MiddlewareHandler } from "hono";
import { ApiError } from "../../shared/api-error.ts";
import { listedSecrets } from "../crypto/listed-secrets.ts";
import { constantTimeEqual } from "../crypto/secrets.ts";
import { type LimiterBindings, tokenTryAllowance } from "../limits/ip-limits.ts";
import { bearerToken } from "./bearer-token.ts";

type TokenVariable = "FRONTDESK_AGENT_TOKEN" | "FRONTDESK_ADMIN_TOKEN";

export type BearerBindings = Partial<Record<TokenVariable, string>> & LimiterBindings;

/**
 * Lets through only requests bearing a token listed in `variable` (several while one is rotated); with the variable unset, the API is off. A client
 * that sent too many wrong tokens is refused (limits.ipWrongTokensPerHour); a request with no token at all guesses
 * nothing and is not counted.
 */
export function bearerAuth(api: "agent" | "admin", variable: TokenVariable): MiddlewareHandler<{ Bindings: BearerBindings }> {
	return async (c, next) => {
		const expected = listedSecrets(c.env[variable]);
		if (!expected.length) throw new ApiError(401, "unauthorized", `The ${api} API is off: set ${variable} to turn it on.`);
		const given = bearerToken(c.req.header("Authorization")) ?? "";
		// Each listed token is compared, not only until one matches, so the time taken says nothing of which did.
		const matches = expected.map((token) => constantTimeEqual(given, token));
		const wrong = !matches.includes(true);
		const refusal = given ? await tokenTryAllowance(c.env, c.req.header("CF-Connecting-IP"), api, wrong) : null;
		if (refusal) throw refusal;
		if (wrong) throw new ApiError(401, "unauthorized", `Send the ${api} token as Authorization: Bearer <${variable}>.`);
		await next();
	};
}
