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

// Written by reset() just before the conversation is removed, so that other tabs forget the customer too at a
// sign-out, and not when the conversation was forgotten as one the worker no longer knows. Nothing stays behind.
const SIGNED_OUT = '{"signedOut":true}';

export function saveConversation(apiBase: string, key: ConversationKey | null, signedOut = false): void {
	try {
		if (key) return localStorage.setItem(keyFor(apiBase), JSON.stringify(key));
		if (signedOut) localStorage.setItem(keyFor(apiBase), SIGNED_OUT);
		localStorage.removeItem(keyFor(apiBase));
	} catch {
		// Not persisting is the only sensible degradation.
	}
}

/** Calls `changed` when another tab of the page's site saves or forgets the conversation, or signs out (a cleared storage too). */
export function onConversationSaved(apiBase: string, changed: (signedOut: boolean) => void): void {
	addEventListener("storage", (event) => (event.key === null || event.key === keyFor(apiBase)) && changed(event.key === null || event.newValue === SIGNED_OUT));
}
