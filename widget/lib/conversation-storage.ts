import type { ConversationKey } from "../api.ts";

// Keyed by the worker's origin so two Frontdesk deployments on one page never share a conversation.
const keyFor = (apiBase: string) => `frontdesk:conversation:${apiBase}`;

/** localStorage can be missing, full or blocked (privacy modes); the chat then simply forgets on reload. */
export function loadConversation(apiBase: string): ConversationKey | null {
	try {
		const stored = JSON.parse(localStorage.getItem(keyFor(apiBase)) ?? "null");
		// As saved: an id, a token and, once a verified customer was seen with it, their id.
		return typeof stored?.id === "string" && typeof stored?.token === "string" ? stored : null;
	} catch {
		return null;
	}
}

export function saveConversation(apiBase: string, key: ConversationKey | null): void {
	try {
		if (key) localStorage.setItem(keyFor(apiBase), JSON.stringify(key));
		else localStorage.removeItem(keyFor(apiBase));
	} catch {
		// Not persisting is the only sensible degradation.
	}
}

/** Calls `changed` when another tab of the page's site saves or forgets the conversation (or clears the storage). */
export function onConversationSaved(apiBase: string, changed: () => void): void {
	addEventListener("storage", (event) => (event.key === null || event.key === keyFor(apiBase)) && changed());
}
