import { ApiError } from "../../shared/api-error.ts";
import { sha256 } from "../conversation/secrets.ts";

function bearerToken(authorization: string | undefined): string {
	const token = /^Bearer ([A-Za-z0-9_-]{1,100})$/.exec(authorization ?? "")?.[1];
	if (!token) throw new ApiError(401, "unauthorized", "Send the conversation's token as Authorization: Bearer <token>.");
	return token;
}

/** The hash of the conversation token in an Authorization header: the conversation object compares hashes only. */
export const tokenHashFrom = (authorization: string | undefined) => sha256(bearerToken(authorization));
