import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { listedSecrets } from "../../../worker/crypto/listed-secrets.ts";
import { signWebhook } from "../../../worker/handoff/signing.ts";

const oldSecret = `whsec_${btoa("the-old-secret-of-32-bytes-long!")}`;
const newSecret = `whsec_${btoa("the-new-secret-of-32-bytes-long!")}`;

describe("webhook signing", () => {
	it("signs with every configured secret, so either verifies during a rotation", () => {
		const secrets = listedSecrets(`${oldSecret}, ${newSecret}`);
		expect(secrets).toEqual([oldSecret, newSecret]);
		const body = JSON.stringify({ type: "handoff.created", timestamp: new Date().toISOString(), data: { ticketId: "tkt_1" } });
		const headers = signWebhook(secrets, "msg_1", new Date(), body);
		expect(headers["webhook-signature"].split(" ")).toHaveLength(2);
		for (const secret of secrets) expect(new Webhook(secret).verify(body, { ...headers })).toMatchObject({ data: { ticketId: "tkt_1" } });
		expect(() => new Webhook(`whsec_${btoa("some-other-secret-of-32-bytes-ok")}`).verify(body, { ...headers })).toThrow();
		expect(() => new Webhook(newSecret).verify(body.replace("tkt_1", "tkt_2"), { ...headers })).toThrow();
	});

	it("is refused by a receiver when the timestamp is stale", () => {
		const body = "{}";
		const headers = signWebhook([newSecret], "msg_2", new Date(Date.now() - 10 * 60_000), body);
		expect(() => new Webhook(newSecret).verify(body, { ...headers })).toThrow();
	});
});
