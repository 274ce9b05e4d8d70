import type { ErrorBody, ErrorCode } from "./protocol.ts";

/** A failed API call: what the worker throws to answer one, and what the widget throws on receiving one. */
export class ApiError extends Error {
	readonly status: number;
	/** An ErrorCode from the worker, or "network_error" / "http_error" when the widget got no error body. */
	readonly code: ErrorCode | "network_error" | "http_error";
	constructor(status: number, code: ApiError["code"], message: string) {
		super(message);
		this.status = status;
		this.code = code;
	}

	body(): ErrorBody {
		return { error: { code: this.code as ErrorCode, message: this.message } };
	}
}
