import { parseRetryAfter } from "./retry-schedule.ts";
import { signWebhook } from "./signing.ts";

// A receiver that has not answered by then is treated as down; the retry schedule takes over.
const ATTEMPT_TIMEOUT_MS = 10_000;

export interface Attempt {
	at: string;
	/** HTTP status, or null when no response came (refused, reset, timed out). */
	status: number | null;
	latencyMs: number;
	error: string | null;
	retryAfterMs: number | null;
}

export const succeeded = (attempt: Attempt) => attempt.status !== null && attempt.status >= 200 && attempt.status < 300;

/** One signed POST of a webhook; never throws. The `webhook-id` is the same on every attempt. */
export async function deliverWebhook(endpoint: { url: string; secrets: readonly string[] }, webhook: { id: string; body: string }): Promise<Attempt> {
	const at = new Date();
	const started = Date.now();
	try {
		const response = await fetch(endpoint.url, {
			method: "POST",
			headers: { "Content-Type": "application/json", "User-Agent": "Frontdesk-Webhooks/1", ...signWebhook(endpoint.secrets, webhook.id, at, webhook.body) },
			body: webhook.body,
			// Followed, a 301 or 302 turns the POST into a GET with no body, and a 200 from that page would count as delivered.
			redirect: "manual",
			signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
		});
		await response.body?.cancel();
		return {
			at: at.toISOString(),
			status: response.status,
			latencyMs: Date.now() - started,
			error: response.ok ? null : `HTTP ${response.status}`,
			retryAfterMs: parseRetryAfter(response.headers.get("Retry-After"), Date.now()),
		};
	} catch (error) {
		const reason = error instanceof Error && error.name === "TimeoutError" ? `no answer within ${ATTEMPT_TIMEOUT_MS} ms` : String(error instanceof Error ? error.message : error);
		return { at: at.toISOString(), status: null, latencyMs: Date.now() - started, error: reason, retryAfterMs: null };
	}
}
