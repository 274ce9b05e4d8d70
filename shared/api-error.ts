import type { ErrorBody, ErrorCode } from "./protocol.ts";

/** A failed API call: what the worker throws to answer one, and what the widget throws on receiving one. */
export class ApiError extends Error {
	readonly status: number;
	/** An ErrorCode from the worker, or "network_error" / "http_error" when the widget got no error body. */
	readonly code: ErrorCode | "network_error" | "http_error";
	/** From a 429's Retry-After header. */
	readonly retryAfterSeconds: number | null;
	constructor(status: number, code: ApiError["code"], message: string, retryAfterSeconds: number | null = null) {
		super(message);
		this.status = status;
		this.code = code;
		this.retryAfterSeconds = retryAfterSeconds;
	}

	body(): ErrorBody {
		return { error: { code: this.code as ErrorCode, message: this.message } };
	}
}
