import { APIConnectionError, APIConnectionTimeoutError, APIError } from "@anthropic-ai/sdk";
import type { LlmFailure } from "../../../shared/protocol.ts";
import { log, redactForLog } from "../../privacy/safe-log.ts";

/** What can go wrong with the call itself; the rest of LlmFailure is decided around it. */
export type FailureReason = Extract<LlmFailure, "timeout" | "rate_limited" | "overloaded" | "server_error" | "auth" | "bad_request" | "network" | "cancelled">;

export interface FailureDetails {
	reason: FailureReason;
	message: string;
	status?: number;
	/** From the API's `retry-after` header, on 429 and 529. */
	retryAfterSeconds?: number;
	requestId?: string;
}

/**
 * One line per failed call, for whoever watches the worker's logs: a wrong key or a retired model id fails every
 * call, and customers see only the fallback. The error is masked as every log is; the prompt never reaches it.
 */
export function logClaudeFailure(failure: FailureDetails): void {
	log("warn", "claude call failed", { reason: failure.reason, status: failure.status ?? null, requestId: failure.requestId ?? null, error: redactForLog(failure.message) });
}

// An error event in the middle of a stream has no HTTP status, only its type.
const REASON_BY_ERROR_TYPE: Record<string, FailureReason> = {
	invalid_request_error: "bad_request",
	request_too_large: "bad_request",
	not_found_error: "bad_request",
	authentication_error: "auth",
	permission_error: "auth",
	billing_error: "auth",
	rate_limit_error: "rate_limited",
	overloaded_error: "overloaded",
	timeout_error: "timeout",
	api_error: "server_error",
};

function reasonForStatus(status: number): FailureReason {
	if (status === 401 || status === 402 || status === 403) return "auth";
	if (status === 408 || status === 504) return "timeout";
	if (status === 429) return "rate_limited";
	if (status === 529) return "overloaded";
	if (status >= 500) return "server_error";
	return "bad_request";
}

function retryAfter(headers: Headers | undefined): number | undefined {
	const value = headers?.get("retry-after");
	if (!value) return undefined;
	const seconds = Number(value);
	return Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}

/** What went wrong with a call to the Messages API, from whatever the SDK (or the stream under it) threw. */
export function describeFailure(error: unknown): FailureDetails {
	if (error instanceof APIConnectionTimeoutError) return { reason: "timeout", message: error.message };
	if (error instanceof APIConnectionError) return { reason: "network", message: error.message };
	if (error instanceof APIError) {
		const reason = error.status !== undefined ? reasonForStatus(error.status) : (REASON_BY_ERROR_TYPE[error.type ?? ""] ?? "server_error");
		return {
			reason,
			message: error.apiMessage ?? error.message,
			status: error.status,
			retryAfterSeconds: retryAfter(error.headers),
			requestId: error.requestID ?? undefined,
		};
	}
	// A stream that broke off mid-way surfaces as the runtime's own error; a body that is not JSON as a SyntaxError.
	if (error instanceof SyntaxError) return { reason: "server_error", message: `malformed response: ${error.message}` };
	return { reason: "network", message: error instanceof Error ? error.message : String(error) };
}
