import { Webhook } from "standardwebhooks";
import type { Env } from "../env.ts";
import { listedSecrets } from "../crypto/listed-secrets.ts";
import { webhookEndpointOf } from "../handoff/webhook-endpoint.ts";
import { isHttpUrl } from "../http/http-url.ts";
import { limitsOverrideProblem } from "../limits/effective-limits.ts";
import { siteConfigWarnings } from "./site-config-warnings.ts";
import { logError } from "../privacy/safe-log.ts";
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
	const secrets = listedSecrets(env.FRONTDESK_WEBHOOK_SECRET);
	if (!url) return ["FRONTDESK_WEBHOOK_URL is not set: hand-offs reach no helpdesk, while customers are told a person will reply."];
	const warnings: string[] = [];
	if (!isHttpUrl(url)) warnings.push("FRONTDESK_WEBHOOK_URL is not an http or https URL: no webhook can be delivered.");
	if (secrets.length === 0) warnings.push("FRONTDESK_WEBHOOK_SECRET is not set: webhooks are never sent unsigned, so hand-offs reach no helpdesk.");
	secrets.forEach((secret, index) => {
		if (!isUsableSecret(secret)) warnings.push(`FRONTDESK_WEBHOOK_SECRET: secret ${index + 1} is not a whsec_ secret in base64, and every webhook would fail to be signed.`);
	});
	return warnings;
}

const LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "[::1]"];

/** A disabled endpoint holds every hand-off, while customers are told a person will reply: nothing else would show it. */
async function endpointWarnings(env: Env): Promise<string[]> {
	const url = env.FRONTDESK_WEBHOOK_URL;
	if (!url || !isHttpUrl(url)) return [];
	try {
		const disabledAt = await webhookEndpointOf(env).disabledSince(url);
		if (disabledAt === null) return [];
		return [
			`The webhook endpoint has been disabled since ${disabledAt}, after it answered 410 Gone or failed a webhook's every attempt: hand-offs are held for your helpdesk until it is enabled again (GET /v1/agent/webhook-endpoint says why; POST /v1/agent/webhook-endpoint/enable sends what was held).`,
		];
	} catch (error) {
		logError("health check: the webhook endpoint's state could not be read", error);
		return ["The webhook endpoint's state could not be read just now: whether hand-offs reach your helpdesk is unknown (GET /v1/agent/webhook-endpoint)."];
	}
}

/**
 * What a deployed worker has kept of local development: on this machine (asked at localhost) the demo's origins and
 * the request's own address are as they should be.
 */
function deployedWarnings(env: Env): string[] {
	const warnings: string[] = [];
	if (!env.FRONTDESK_PUBLIC_URL) {
		warnings.push("FRONTDESK_PUBLIC_URL is not set: tickets' links (the transcript, the address your helpdesk replies to) are built from each request's Host, which the request chooses. Set it to your worker's public address.");
	}
	if (siteConfig.allowedOrigins.every((origin) => LOOPBACK_HOSTS.includes(new URL(origin).hostname))) {
		warnings.push("allowedOrigins lists none of your site's origins (only this machine's, as the demo's, or none): every page of your site is refused (403 origin_not_allowed). Add your site's origins.");
	}
	const url = env.FRONTDESK_WEBHOOK_URL && isHttpUrl(env.FRONTDESK_WEBHOOK_URL) ? new URL(env.FRONTDESK_WEBHOOK_URL) : null;
	if (url && LOOPBACK_HOSTS.includes(url.hostname)) {
		warnings.push("FRONTDESK_WEBHOOK_URL names this machine (as .dev.vars does for the demo inbox), which a deployed worker cannot reach: every hand-off would fail. Set your helpdesk's address.");
	} else if (url?.protocol === "http:") {
		warnings.push("FRONTDESK_WEBHOOK_URL is http, not https: tickets, with the customer's messages and address, would cross the internet unencrypted.");
	}
	return warnings;
}

/**
 * What in this deployment's settings and state keeps part of Frontdesk from working, in words a site owner can act
 * on; the health check, asked at `healthUrl`, lists them. Settings are named, never shown: the health check is public.
 */
export async function deploymentWarnings(env: Env, healthUrl: URL): Promise<string[]> {
	const warnings = [...webhookWarnings(env), ...(await endpointWarnings(env))];
	const publicUrl = env.FRONTDESK_PUBLIC_URL;
	if (publicUrl && !isHttpUrl(publicUrl)) warnings.push("FRONTDESK_PUBLIC_URL is not an http or https URL: tickets' links are built from each request's own address instead.");
	if (!env.FRONTDESK_AGENT_TOKEN) warnings.push("FRONTDESK_AGENT_TOKEN is not set: your team cannot reply to, resolve or hand back conversations through the agent API.");
	if (!LOOPBACK_HOSTS.includes(healthUrl.hostname)) warnings.push(...deployedWarnings(env));
	const limits = limitsOverrideProblem(env.FRONTDESK_LIMITS);
	return [...(limits ? [limits] : []), ...warnings, ...siteConfigWarnings(siteConfig)];
}
