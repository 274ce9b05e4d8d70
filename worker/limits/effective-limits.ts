import { fieldPath, type Limits, limitsSchema } from "../../shared/site-config.ts";
import { siteConfig } from "../config/site-config.ts";

let cached: { raw: string; limits: Limits } | null = null;

function parseOverride(raw: string): Limits {
	let parsed: unknown;
	try {
		parsed = JSON.parse(raw);
	} catch {
		throw new Error("FRONTDESK_LIMITS is not valid JSON");
	}
	const result = limitsSchema.safeParse({ ...siteConfig.limits, ...(typeof parsed === "object" ? parsed : {}) });
	if (!result.success) {
		const issue = result.error.issues[0];
		throw new Error(`FRONTDESK_LIMITS.${fieldPath(issue.path)}: ${issue.message}`);
	}
	return result.data;
}

/**
 * The site config's limits, unless the operator overrides some of them for
 * one environment with FRONTDESK_LIMITS (JSON, same fields), e.g. a staging
 * load test that should not be throttled like the public site.
 */
export function effectiveLimits(override: string | undefined): Limits {
	if (!override?.trim()) return siteConfig.limits;
	if (cached?.raw !== override) cached = { raw: override, limits: parseOverride(override) };
	return cached.limits;
}
