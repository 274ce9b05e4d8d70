// A signed, expiring link to a conversation's full transcript, for the ticket. The key is derived from
// the first webhook secret, so whoever can verify our webhooks is who we trust with the link.
const encoder = new TextEncoder();
export const TRANSCRIPT_LINK_TTL_MS = 7 * 24 * 3600 * 1000;

function base64url(bytes: ArrayBuffer): string {
	return btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

async function signature(secret: string, conversationId: string, expires: number): Promise<string> {
	const key = await crypto.subtle.importKey("raw", encoder.encode(`frontdesk-transcript-link:${secret}`), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
	return base64url(await crypto.subtle.sign("HMAC", key, encoder.encode(`${conversationId}.${expires}`)));
}

export async function transcriptLink(origin: string, secret: string, conversationId: string, now: number): Promise<string> {
	const expires = Math.floor((now + TRANSCRIPT_LINK_TTL_MS) / 1000);
	return `${origin}/v1/transcripts/${conversationId}?expires=${expires}&signature=${await signature(secret, conversationId, expires)}`;
}

export async function verifyTranscriptLink(secret: string, conversationId: string, expires: number, given: string, now: number): Promise<boolean> {
	if (!Number.isInteger(expires) || expires * 1000 < now) return false;
	const expected = encoder.encode(await signature(secret, conversationId, expires));
	const actual = encoder.encode(given);
	return expected.byteLength === actual.byteLength && crypto.subtle.timingSafeEqual(expected, actual);
}
