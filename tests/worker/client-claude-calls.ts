// One client's count of Claude calls (limits.ipClaudeCallsPerHour), as its limiter object stores it.
import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import type { WindowCount } from "../../worker/limits/fixed-window.ts";

export const clientLimiterOf = (ip: string) => env.LIMITERS.get(env.LIMITERS.idFromName(`ip:${ip}`));

/** The client's count of Claude calls in the hour running now; undefined while it has none. */
export async function clientClaudeCalls(ip: string): Promise<WindowCount | undefined> {
	return runInDurableObject(clientLimiterOf(ip), (_instance, state) => state.storage.kv.get<WindowCount>("claude/hour"));
}
