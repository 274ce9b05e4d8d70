// The agent and admin tokens as an operator rotates them: the variable lists the new token beside the old one until
// the helpdesk (or the dashboard's users) have moved over, and both open the API meanwhile.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { ErrorBody } from "../../../shared/protocol.ts";
import { app } from "../../../worker/app.ts";

const OLD = "old-agent-token-0123456789abcdef";
const NEW = "new-agent-token-fedcba9876543210";

/** The agent API of a worker whose FRONTDESK_AGENT_TOKEN is `tokens`, asked with `token`. */
function agentApi(tokens: string | undefined) {
	return (token: string) => app.request("/v1/agent/webhook-endpoint", { headers: { Authorization: `Bearer ${token}`, "CF-Connecting-IP": "203.0.113.9" } }, { ...env, FRONTDESK_AGENT_TOKEN: tokens });
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
			expect(((await response.json()) as ErrorBody).error.message).toMatch(/agent API is off/);
		}
	});
});
