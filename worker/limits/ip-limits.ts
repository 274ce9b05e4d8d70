import ipaddr from "ipaddr.js";
import { ApiError } from "../../shared/api-error.ts";
import type { Env } from "../env.ts";
import { effectiveLimits } from "./effective-limits.ts";
import type { Allowance, WindowRule } from "./fixed-window.ts";
import { HOUR_MS, MINUTE_MS } from "../time/durations.ts";

export type IpAction = "message" | "conversation" | "read";

/** What counting against a client's allowances needs of the worker's environment. */
export type LimiterBindings = Pick<Env, "LIMITERS" | "FRONTDESK_LIMITS">;

function rulesFor(action: IpAction | "claude", env: LimiterBindings): WindowRule[] {
	const limits = effectiveLimits(env.FRONTDESK_LIMITS);
	if (action === "conversation") return [{ key: "conversations/hour", limit: limits.ipConversationsPerHour, windowMs: HOUR_MS }];
	if (action === "claude") return [{ key: "claude/hour", limit: limits.ipClaudeCallsPerHour, windowMs: HOUR_MS }];
	if (action === "read") return [{ key: "reads/minute", limit: limits.ipReadsPerMinute, windowMs: MINUTE_MS }];
	return [{ key: "messages/minute", limit: limits.ipMessagesPerMinute, windowMs: MINUTE_MS }];
}

const WHAT: Record<IpAction, string> = { message: "messages", conversation: "new conversations", read: "requests for conversations" };

/**
 * Whose allowance a request counts against: an IPv4 address, or an IPv6 address's /64 network, as one
 * customer's connection is given a whole /64 and can pick any address in it.
 */
export function networkOf(clientIp: string | undefined): string {
	if (!clientIp || !ipaddr.isValid(clientIp)) return "unknown";
	const address = ipaddr.process(clientIp);
	if (address.kind() === "ipv4") return address.toString();
	return `${ipaddr.IPv6.networkAddressFromCIDR(`${address.toNormalizedString()}/64`).toString()}/64`;
}

function limiterOf(env: LimiterBindings, clientIp: string | undefined) {
	return env.LIMITERS.get(env.LIMITERS.idFromName(`ip:${networkOf(clientIp)}`));
}

/**
 * Counts one action against the client's IP: null when allowed, else the 429
 * that tells when to try again. Cloudflare sets CF-Connecting-IP on every
 * request (and wrangler dev does locally); a request without it shares one
 * "unknown" allowance.
 */
export async function ipAllowance(env: Env, clientIp: string | undefined, action: IpAction): Promise<ApiError | null> {
	return refusalOf(await countAgainstIp(env, clientIp, action), action);
}

/**
 * As `ipAllowance` for a message, with the windows that counted it, for `giveBackMessageAllowance`, and whether
 * the client has room left in its share of the Claude budget. That is asked alongside, not when Claude is about to
 * be called, where the answer would wait on it.
 */
export async function messageAllowance(env: Env, clientIp: string | undefined): Promise<{ refusal: ApiError | null; windows: number[] | null; claudeRoom: boolean }> {
	const { allowance, claudeRoom } = await limiterOf(env, clientIp).takeMessage(rulesFor("message", env), rulesFor("claude", env));
	return { refusal: refusalOf(allowance, "message"), windows: allowance.ok ? allowance.windows : null, claudeRoom };
}

/**
 * Counts a Claude call made for the client against its share of the site's Claude budget, once it is made. Calls made
 * meanwhile by the client's other messages can pass its limit by as many: they were let through before this counted.
 */
export async function countClaudeCall(env: Env, clientIp: string | undefined): Promise<void> {
	await limiterOf(env, clientIp).take(rulesFor("claude", env), true);
}

/** A message counted by `messageAllowance` turned out to be stored already: the widget resending it, which counts for nothing. */
export async function giveBackMessageAllowance(env: Env, clientIp: string | undefined, windows: number[]): Promise<void> {
	await limiterOf(env, clientIp).giveBack(rulesFor("message", env), windows);
}

/**
 * Checks one try of the agent or admin token against the client's allowance of wrong ones, counting it if `wrong`:
 * null when the token may be checked, else the 429. Once the allowance is spent the right token is refused too, so
 * that guessing on learns nothing until the hour ends. Each API counts apart: someone mistyping the admin token
 * where the helpdesk runs must not stop its replies.
 */
export async function tokenTryAllowance(env: LimiterBindings, clientIp: string | undefined, api: "agent" | "admin", wrong: boolean): Promise<ApiError | null> {
	const rules = [{ key: `wrong ${api} tokens/hour`, limit: effectiveLimits(env.FRONTDESK_LIMITS).ipWrongTokensPerHour, windowMs: HOUR_MS }];
	const limiter = limiterOf(env, clientIp);
	const allowance = wrong ? await limiter.take(rules, true) : await limiter.peek(rules);
	if (allowance.ok) return null;
	return new ApiError(429, "rate_limited", `Too many wrong ${api} tokens from your network. Please wait ${allowance.retryAfterSeconds} seconds and try again.`, allowance.retryAfterSeconds);
}

function countAgainstIp(env: Env, clientIp: string | undefined, action: IpAction): Promise<Allowance> {
	// An hour's count must outlive the object being evicted while the client waits; a minute's need not.
	return limiterOf(env, clientIp).take(rulesFor(action, env), action === "conversation");
}

function refusalOf(allowance: Allowance, action: IpAction): ApiError | null {
	if (allowance.ok) return null;
	return new ApiError(429, "rate_limited", `Too many ${WHAT[action]} from your network. Please wait ${allowance.retryAfterSeconds} seconds and try again.`, allowance.retryAfterSeconds);
}
