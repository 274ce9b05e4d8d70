import { Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { IdentityVerified, WidgetSettings } from "../shared/protocol.ts";
import { identitySchema } from "../shared/request-schemas.ts";
import { siteConfig } from "./config/site-config.ts";
import type { Env } from "./env.ts";
import { ApiError, errorBody } from "../shared/api-error.ts";
import { methodNotAllowed } from "./http/method-not-allowed.ts";
import { identitySecretOf, isVerifiedIdentity } from "./http/identity.ts";
import { deploymentWarnings } from "./config/deployment-warnings.ts";
import { readJsonBody } from "./http/json-body.ts";
import { originGuard } from "./http/origin-guard.ts";
import { singleQueryValues } from "./http/single-query-values.ts";
import { logError } from "./privacy/safe-log.ts";
import { admin } from "./routes/admin.ts";
import { agent } from "./routes/agent.ts";
import { conversations } from "./routes/conversations.ts";
import { customerPrivacy, customerRecords, ownerPrivacy } from "./routes/privacy.ts";
import { transcripts } from "./routes/transcripts.ts";
import { knownQueryParams } from "./http/known-query-params.ts";

export const app = new Hono<{ Bindings: Env }>();

app.use("/v1/*", originGuard(siteConfig.allowedOrigins));
app.use("/v1/*", singleQueryValues);

// Still ok: the chat works (a set-aside override leaves the site config's limits in force, a missing webhook
// leaves tickets unsent), but whoever watches the health check should know.
app.get("/v1/health", knownQueryParams(), async (c) => {
	const warnings = await deploymentWarnings(c.env, new URL(c.req.url));
	return c.json(warnings.length ? { ok: true, warnings } : { ok: true });
});

app.get("/v1/widget-settings", knownQueryParams(), (c) => {
	const { widget, assistant } = siteConfig;
	const settings: WidgetSettings = {
		title: widget.title,
		assistantName: assistant.name,
		disclosure: assistant.disclosure,
		greeting: widget.greeting,
		pageGreetings: widget.pageGreetings,
		color: widget.color,
		position: widget.position,
		zIndex: widget.zIndex,
		locale: widget.locale ?? null,
		avatarUrl: widget.avatarUrl ?? null,
	};
	return c.json(settings, 200, { "Cache-Control": "public, max-age=60" });
});

app.post("/v1/identity", knownQueryParams(), async (c) => {
	const identity = await readJsonBody(c, identitySchema);
	if (!(await isVerifiedIdentity(identitySecretOf(c.env.FRONTDESK_IDENTITY_SECRET), identity))) {
		throw new ApiError(401, "unauthorized", "This identity's hash does not match: compute it on your server as the HMAC-SHA256, with FRONTDESK_IDENTITY_SECRET, of the id, e-mail and name on three lines (an empty line for one not given).");
	}
	const body: IdentityVerified = { verified: true, name: identity.name ?? null };
	return c.json(body);
});

app.route("/v1/conversations", conversations);
app.route("/v1/conversations", customerPrivacy);
app.route("/v1/agent", agent);
app.route("/v1/admin/conversations", ownerPrivacy);
app.route("/v1/admin/customers", customerRecords);
app.route("/v1/admin", admin);
app.route("/v1/transcripts", transcripts);

app.all("/v1/health", methodNotAllowed("GET"));
app.all("/v1/identity", methodNotAllowed("POST"));
app.all("/v1/widget-settings", methodNotAllowed("GET"));
app.notFound((c) => c.json(errorBody(new ApiError(404, "not_found", `There is no route ${c.req.path}.`)), 404));

app.onError((error, c) => {
	if (error instanceof ApiError) {
		const headers: Record<string, string> = error.retryAfterSeconds ? { "Retry-After": String(error.retryAfterSeconds) } : {};
		// RFC 9110: a 401 names the scheme that would be accepted.
		if (error.status === 401) headers["WWW-Authenticate"] = "Bearer";
		return c.json(errorBody(error), error.status as ContentfulStatusCode, headers);
	}
	logError("unhandled error", error);
	return c.json(errorBody(new ApiError(500, "internal_error", "Something went wrong on our side. Please try again.")), 500);
});
