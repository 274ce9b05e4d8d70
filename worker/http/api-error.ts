import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ErrorBody, ErrorCode } from "../../shared/protocol.ts";

/** An error the client caused or should know about; becomes `{ error: { code, message } }`. */
export class ApiError extends Error {
	readonly status: ContentfulStatusCode;
	readonly code: ErrorCode;
	constructor(status: ContentfulStatusCode, code: ErrorCode, message: string) {
		super(message);
		this.status = status;
		this.code = code;
	}

	body(): ErrorBody {
		return { error: { code: this.code, message: this.message } };
	}
}
