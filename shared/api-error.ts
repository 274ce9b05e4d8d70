import type { ErrorBody, ErrorCode, ErrorDetails } from "./protocol.ts";

/** A failed API call: what the worker throws to answer one, and what the widget throws on receiving one. */
export class ApiError extends Error {
	// Declared, not class fields: the constructor sets them, and fields would repeat their names in the widget's bundle.
	declare readonly status: number;
	/** An ErrorCode from the worker, or "network_error" / "http_error" when the widget got no error body. */
	declare readonly code: ErrorCode | "network_error" | "http_error";
	/** From a 429's Retry-After header. */
	declare readonly retryAfterSeconds: number | null;
	constructor(status: number, code: ApiError["code"], message: string, retryAfterSeconds: number | null = null) {
		super(message);
		this.status = status;
		this.code = code;
		this.retryAfterSeconds = retryAfterSeconds;
	}
}

/** An error the worker answers with details beside its message (see ErrorDetails). Apart, so the widget does not carry it. */
export class DetailedApiError extends ApiError {
	declare readonly details: ErrorDetails;
	constructor(status: number, code: ErrorCode, message: string, details: ErrorDetails) {
		super(status, code, message);
		this.details = details;
	}
}

/** The JSON body the worker answers a failed call with. A function, not a method, so the widget does not carry it. */
export function errorBody(error: ApiError): ErrorBody {
	return { error: { code: error.code as ErrorCode, message: error.message, ...(error instanceof DetailedApiError ? error.details : {}) } };
}
