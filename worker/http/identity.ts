// Frontdesk.identify({ id, hash }) is trusted only when hash = hex HMAC-SHA256 of the id with the
// site's FRONTDESK_IDENTITY_SECRET, computed on the site's server: a visitor cannot claim another id.
import { constantTimeEqual } from "../conversation/secrets.ts";

const encoder = new TextEncoder();

export async function identityHash(secret: string, id: string): Promise<string> {
	const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
	const signature = new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(id)));
	return [...signature].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

export async function isVerifiedIdentity(secret: string | undefined, identity: { id: string; hash: string }): Promise<boolean> {
	if (!secret) return false;
	return constantTimeEqual(await identityHash(secret, identity.id), identity.hash.toLowerCase());
}
