import { ApiError } from "../../shared/api-error.ts";
import { LIVE_PROTOCOL, LIVE_TOKEN_PREFIX } from "../../shared/protocol.ts";
import { sha256 } from "../crypto/secrets.ts";
import { bearerToken } from "./bearer-token.ts";

const TOKEN = /^[A-Za-z0-9_-]{1,100}$/;

function checked(token: string | undefined, howToSend: string): string {
	if (!token || !TOKEN.test(token)) throw new ApiError(401, "unauthorized", `Send the conversation's token ${howToSend}.`);
	return token;
}

/** The hash of the conversation token in an Authorization header: the conversation object compares hashes only. */
export const tokenHashFrom = (authorization: string | undefined) => sha256(checked(bearerToken(authorization), "as Authorization: Bearer <token>"));

/** The subprotocols a WebSocket's caller offers, from its Sec-WebSocket-Protocol header. */
export const protocolsOffered = (header: string | undefined) => (header ?? "").split(",").map((protocol) => protocol.trim()).filter(Boolean);

/**
 * The hash of the live channel's token: among the subprotocols beside Frontdesk's own, as the widget sends it (a token
 * offered alone would have to be echoed back as the protocol chosen), or in the query string, as clients built before
 * that do.
 */
export function liveTokenHash(offered: string[], queryToken: string | undefined) {
	const amongProtocols = offered.includes(LIVE_PROTOCOL) ? offered.find((protocol) => protocol.startsWith(LIVE_TOKEN_PREFIX))?.slice(LIVE_TOKEN_PREFIX.length) : undefined;
	return sha256(checked(amongProtocols ?? queryToken, `as the WebSocket subprotocols "${LIVE_PROTOCOL}" and "${LIVE_TOKEN_PREFIX}<token>", or in the query string as ?token=<token>`));
}
