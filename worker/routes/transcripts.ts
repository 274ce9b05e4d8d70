import { Hono } from "hono";
import { ApiError } from "../../shared/api-error.ts";
import type { Env } from "../env.ts";
import { listedSecrets } from "../crypto/listed-secrets.ts";
import { TRANSCRIPT_LINK_DAYS, verifyTranscriptLink } from "../handoff/transcript-link.ts";
import { knownQueryParams } from "../http/known-query-params.ts";
import { methodNotAllowed } from "../http/method-not-allowed.ts";
import { conversationStub } from "./conversation-stub.ts";
import { denial } from "./denial.ts";

/** The full, unmasked transcript behind the signed, expiring link in a ticket. */
export const transcripts = new Hono<{ Bindings: Env }>();

transcripts.get("/:id", knownQueryParams("expires", "signature"), async (c) => {
	const id = c.req.param("id");
	// Links are signed with the first secret; any of them verifies, so links already sent outlive a rotation.
	const checks = listedSecrets(c.env.FRONTDESK_WEBHOOK_SECRET).map((secret) => verifyTranscriptLink(secret, id, Number(c.req.query("expires")), c.req.query("signature") ?? "", Date.now()));
	const valid = (await Promise.all(checks)).includes(true);
	if (!valid) throw new ApiError(403, "invalid_link", `This transcript link is invalid or has expired (a link lasts ${TRANSCRIPT_LINK_DAYS} days).`);
	const result = await conversationStub(c.env, id).transcript();
	if (!result.ok) throw denial(result);
	return c.json({ conversationId: result.conversationId, messages: result.messages }, 200, { "Cache-Control": "private, no-store" });
});

transcripts.all("/:id", methodNotAllowed("GET"));
