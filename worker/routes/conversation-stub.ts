import { ApiError } from "../../shared/api-error.ts";
import type { Denied, Missing } from "../conversation/conversation-object.ts";
import { CONVERSATION_ID_PATTERN } from "../conversation/secrets.ts";
import type { Env } from "../env.ts";

/** The conversation's Durable Object; a malformed id is as unknown as a missing one. */
export function conversationStub(env: Env, id: string) {
	if (!CONVERSATION_ID_PATTERN.test(id)) throw notFound();
	return env.CONVERSATIONS.get(env.CONVERSATIONS.idFromName(id));
}

export function notFound() {
	return new ApiError(404, "not_found", "No conversation has this id.");
}

export function denial(denied: Denied | Missing): ApiError {
	if (denied.reason === "not_found") return notFound();
	return new ApiError(401, "unauthorized", "This token does not open this conversation.");
}
