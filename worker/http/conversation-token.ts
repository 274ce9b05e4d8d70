import { ApiError } from "../../shared/api-error.ts";
import { sha256 } from "../crypto/secrets.ts";
import { bearerToken } from "./bearer-token.ts";

const TOKEN = /^[A-Za-z0-9_-]{1,100}$/;

function checked(token: string | undefined, howToSend: string): string {
	if (!token || !TOKEN.test(token)) throw new ApiError(401, "unauthorized", `Send the conversation's token ${howToSend}.`);
	return token;
}

/** The hash of the conversation token in an Authorization header: the conversation object compares hashes only. */
export const tokenHashFrom = (authorization: string | undefined) => sha256(checked(bearerToken(authorization), "as Authorization: Bearer <token>"));

/** The same for the live channel, whose token travels in the query string: browsers set no headers on a WebSocket. */
export const tokenHashFromQuery = (token: string | undefined) => sha256(checked(token, "in the query string, as ?token=<token>"));
