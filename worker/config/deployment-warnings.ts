import { Webhook } from "standardwebhooks";
import type { Env } from "../env.ts";
import { webhookSecrets } from "../handoff/signing.ts";
import { isHttpUrl } from "../http/http-url.ts";
import { limitsOverrideProblem } from "../limits/effective-limits.ts";
import { siteConfigWarnings } from "../../shared/site-config-warnings.ts";
import { siteConfig } from "./site-config.ts";

/** The signing library reads a secret when it is given one: one it cannot read would fail every webhook. */
function isUsableSecret(secret: string): boolean {
	try {
		new Webhook(secret);
		return true;
	} catch {
		return false;
	}
}

function webhookWarnings(env: Env): string[] {
	const url = env.FRONTDESK_WEBHOOK_URL;
	const secrets = webhookSecrets(env.FRONTDESK_WEBHOOK_SECRET);
	if (!url) return ["FRONTDESK_WEBHOOK_URL is not set: hand-offs reach no helpdesk, while customers are told a person will reply."];
	const warnings: string[] = [];
	if (!isHttpUrl(url)) warnings.push("FRONTDESK_WEBHOOK_URL is not an http or https URL: no webhook can be delivered.");
	if (secrets.length === 0) warnings.push("FRONTDESK_WEBHOOK_SECRET is not set: webhooks are never sent unsigned, so hand-offs reach no helpdesk.");
	secrets.forEach((secret, index) => {
		if (!isUsableSecret(secret)) warnings.push(`FRONTDESK_WEBHOOK_SECRET: secret ${index + 1} is not a whsec_ secret in base64, and every webhook would fail to be signed.`);
	});
	return warnings;
}

/**
 * What in this deployment's settings keeps part of Frontdesk from working, in words a site owner can act on;
 * the health check lists them. Settings are named, never shown: the health check is public.
 */
export function deploymentWarnings(env: Env): string[] {
	const warnings = webhookWarnings(env);
	const publicUrl = env.FRONTDESK_PUBLIC_URL;
	if (publicUrl && !isHttpUrl(publicUrl)) warnings.push("FRONTDESK_PUBLIC_URL is not an http or https URL: tickets' links are built from each request's own address instead.");
	if (!env.FRONTDESK_AGENT_TOKEN) warnings.push("FRONTDESK_AGENT_TOKEN is not set: your team cannot reply to, resolve or hand back conversations through the agent API.");
	const limits = limitsOverrideProblem(env.FRONTDESK_LIMITS);
	return [...(limits ? [limits] : []), ...warnings, ...siteConfigWarnings(siteConfig)];
}
