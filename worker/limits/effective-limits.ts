import { fieldPath, type Limits, limitsSchema } from "../../shared/site-config.ts";
import { siteConfig } from "../config/site-config.ts";
import { log } from "../privacy/safe-log.ts";

interface Override {
	raw: string;
	limits: Limits;
	/** Why the override was set aside, or null when it applies. */
	problem: string | null;
}

let cached: Override | null = null;

/** A typo in one environment variable must not take the chat down: the site config's limits hold, and the log and health check say why. */
function setAside(raw: string, problem: string): Override {
	log("error", "FRONTDESK_LIMITS set aside: the site config's limits apply instead", { problem });
	return { raw, limits: siteConfig.limits, problem };
}

function parseOverride(raw: string): Override {
	let parsed: unknown;
	try {
		parsed = JSON.parse(raw);
	} catch {
		return setAside(raw, "FRONTDESK_LIMITS is not valid JSON");
	}
	// A number, a list, or JSON quoted twice (an easy slip in a shell) names no limit at all.
	if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return setAside(raw, "FRONTDESK_LIMITS must be a JSON object");
	const result = limitsSchema.safeParse({ ...siteConfig.limits, ...parsed });
	if (!result.success) {
		const problems = result.error.issues.map((issue) => `FRONTDESK_LIMITS${issue.path.length ? `.${fieldPath(issue.path)}` : ""}: ${issue.message}`);
		return setAside(raw, problems.join("; "));
	}
	return { raw, limits: result.data, problem: null };
}

function override(raw: string): Override {
	if (cached?.raw !== raw) cached = parseOverride(raw);
	return cached;
}

/**
 * The site config's limits, unless the operator overrides some of them for
 * one environment with FRONTDESK_LIMITS (JSON, same fields), e.g. a staging
 * load test that should not be throttled like the public site.
 */
export function effectiveLimits(raw: string | undefined): Limits {
	return raw?.trim() ? override(raw).limits : siteConfig.limits;
}

/** Why FRONTDESK_LIMITS is set aside (naming the bad field), or null when it is unset or applies. */
export function limitsOverrideProblem(raw: string | undefined): string | null {
	return raw?.trim() ? override(raw).problem : null;
}
