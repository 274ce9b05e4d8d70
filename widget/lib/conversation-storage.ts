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

// Written just before a conversation the worker no longer knows is removed, so that other tabs leave it without
// forgetting the customer. Any other removal (reset(), another customer identified, a widget of an earlier
// version, this write failing) is a sign-out to them: the safe reading. Nothing stays behind.
const GONE = '{"gone":true}';

/** Not persisting is the only sensible degradation when the storage is missing, full or blocked. */
function attempt(write: () => void): void {
	try {
		write();
	} catch {}
}

export function saveConversation(apiBase: string, key: ConversationKey | null, gone = false): void {
	const name = keyFor(apiBase);
	if (gone) attempt(() => localStorage.setItem(name, GONE));
	attempt(() => (key ? localStorage.setItem(name, JSON.stringify(key)) : localStorage.removeItem(name)));
}

/** Calls `changed` when another tab of the page's site saves or forgets the conversation, saying whether it signed out (a cleared storage too). */
export function onConversationSaved(apiBase: string, changed: (signedOut: boolean) => void): void {
	addEventListener("storage", (event) => {
		if (event.key === null || event.key === keyFor(apiBase)) changed(event.key === null || (event.newValue === null && event.oldValue !== GONE));
	});
}
