import { CONVERSATION_ID_PATTERN } from "../crypto/secrets.ts";
import type { Env } from "../env.ts";
import { notFound } from "./denial.ts";

/** The conversation's Durable Object; a malformed id is as unknown as a missing one. */
export function conversationStub(env: Env, id: string) {
	if (!CONVERSATION_ID_PATTERN.test(id)) throw notFound();
	return env.CONVERSATIONS.get(env.CONVERSATIONS.idFromName(id));
}
