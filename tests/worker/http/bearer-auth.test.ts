// The agent and admin tokens as an operator rotates them: the variable lists the new token beside the old one until
// the helpdesk (or the dashboard's users) have moved over, and both open the API meanwhile.
import { env } from "cloudflare:workers";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { ApiError, errorBody } from "../../../shared/api-error.ts";
import { type BearerBindings, bearerAuth } from "../../../worker/http/bearer-auth.ts";

const OLD = "old-agent-token-0123456789abcdef";
const NEW = "new-agent-token-fedcba9876543210";

function agentApi(tokens: string | undefined) {
	const app = new Hono<{ Bindings: BearerBindings }>();
	app.use("*", bearerAuth("agent", "FRONTDESK_AGENT_TOKEN"));
	app.get("/", (c) => c.text("in"));
	app.onError((error) => Response.json(errorBody(error as ApiError), { status: (error as ApiError).status }));
	const bindings: BearerBindings = { LIMITERS: env.LIMITERS, FRONTDESK_LIMITS: env.FRONTDESK_LIMITS, FRONTDESK_AGENT_TOKEN: tokens };
	return (token: string) => app.request("/", { headers: { Authorization: `Bearer ${token}`, "CF-Connecting-IP": "203.0.113.9" } }, bindings);
}

describe("agent and admin tokens", () => {
	it("take every token the variable lists, separated by spaces or commas, so one can be rotated without an outage", async () => {
		for (const listed of [`${OLD} ${NEW}`, `${OLD},${NEW}`, ` ${NEW} ,\n ${OLD} `]) {
			const call = agentApi(listed);
			expect((await call(OLD)).status).toBe(200);
			expect((await call(NEW)).status).toBe(200);
			for (const wrong of [`${OLD} ${NEW}`, `${OLD},${NEW}`, "old-agent-token", `${NEW}x`]) expect((await call(wrong)).status).toBe(401);
		}
		const rotated = agentApi(NEW);
		expect((await rotated(OLD)).status).toBe(401);
		expect((await rotated(NEW)).status).toBe(200);
	});

	it("are off while the variable lists none", async () => {
		for (const unset of [undefined, "", " , "]) {
			const response = await agentApi(unset)(OLD);
			expect(response.status).toBe(401);
			expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/agent API is off/);
		}
	});
});
