import type { Conversation } from "./conversation/conversation-object.ts";

export interface Env {
	CONVERSATIONS: DurableObjectNamespace<Conversation>;
	ASSETS: Fetcher;
	/** Turns on tier 2 (Claude). Locally in .dev.vars, in production with `wrangler secret put`. */
	ANTHROPIC_API_KEY?: string;
	/** Another address for the Messages API, such as a local stand-in in tests. */
	ANTHROPIC_BASE_URL?: string;
}
