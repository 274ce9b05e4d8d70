// A signed, expiring link to a conversation's full transcript, for the ticket. The key is derived from
// the first webhook secret, so whoever can verify our webhooks is who we trust with the link.
import { base64url, constantTimeEqual, hmacSha256 } from "../crypto/secrets.ts";
import { DAY_MS } from "../time/durations.ts";

export const TRANSCRIPT_LINK_DAYS = 7;
const TRANSCRIPT_LINK_TTL_MS = TRANSCRIPT_LINK_DAYS * DAY_MS;

async function signature(secret: string, conversationId: string, expires: number): Promise<string> {
	return base64url(await hmacSha256(`frontdesk-transcript-link:${secret}`, `${conversationId}.${expires}`));
}

export async function transcriptLink(origin: string, secret: string, conversationId: string, now: number): Promise<string> {
	const expires = Math.floor((now + TRANSCRIPT_LINK_TTL_MS) / 1000);
	return `${origin}/v1/transcripts/${conversationId}?expires=${expires}&signature=${await signature(secret, conversationId, expires)}`;
}

export async function verifyTranscriptLink(secret: string, conversationId: string, expires: number, given: string, now: number): Promise<boolean> {
	if (!Number.isInteger(expires) || expires * 1000 < now) return false;
	return constantTimeEqual(await signature(secret, conversationId, expires), given);
}
