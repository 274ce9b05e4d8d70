// Frontdesk.identify({ id, email, name, hash }) is trusted only when hash = hex HMAC-SHA256, with the site's
// FRONTDESK_IDENTITY_SECRET, of the id, e-mail and name on three lines (an empty line for one not given),
// computed on the site's server. The e-mail and name are signed too: a visitor with an account of their own
// could otherwise pair their own id and hash with anyone's address, and reach the helpdesk as that person, verified.
import { ApiError } from "../../shared/api-error.ts";
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

/** Without the secret no identity can be verified: said so, rather than blamed on the hash the site computed. */
export function identitySecretOf(secret: string | undefined): string {
	if (!secret) throw new ApiError(401, "unauthorized", "Identity verification is off: FRONTDESK_IDENTITY_SECRET is not set on the worker, so no identity can be verified.");
	return secret;
}

export async function isVerifiedIdentity(secret: string, identity: SignedIdentity & { hash: string }): Promise<boolean> {
	return constantTimeEqual(await identityHash(secret, identity), identity.hash.toLowerCase());
}
