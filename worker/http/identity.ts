// Frontdesk.identify({ id, email, name, hash }) is trusted only when hash = hex HMAC-SHA256, with the site's
// FRONTDESK_IDENTITY_SECRET, of the id, e-mail and name on three lines (an empty line for one not given),
// computed on the site's server. The e-mail and name are signed too: a visitor with an account of their own
// could otherwise pair their own id and hash with anyone's address, and reach the helpdesk as that person, verified.
import { constantTimeEqual, hmacSha256 } from "../crypto/secrets.ts";

export interface SignedIdentity {
	id: string;
	email?: string;
	name?: string;
}

export async function identityHash(secret: string, identity: SignedIdentity): Promise<string> {
	const signature = await hmacSha256(secret, [identity.id, identity.email ?? "", identity.name ?? ""].join("\n"));
	return [...signature].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

export async function isVerifiedIdentity(secret: string | undefined, identity: SignedIdentity & { hash: string }): Promise<boolean> {
	if (!secret) return false;
	return constantTimeEqual(await identityHash(secret, identity), identity.hash.toLowerCase());
}
