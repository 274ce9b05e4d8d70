import type { Conversation } from "./conversation/conversation-object.ts";

export interface Env {
	CONVERSATIONS: DurableObjectNamespace<Conversation>;
	ASSETS: Fetcher;
}
