const encoder = new TextEncoder();

export function base64url(bytes: Uint8Array): string {
	return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function randomToken(byteLength: number): string {
	return base64url(crypto.getRandomValues(new Uint8Array(byteLength)));
}

/** 128 random bits: a conversation id cannot be guessed or enumerated. */
export const newConversationId = () => randomToken(16);
export const CONVERSATION_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

export async function sha256(text: string): Promise<string> {
	return base64url(new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(text))));
}

/** HMAC-SHA256 of `data` with `key`. */
export async function hmacSha256(key: string, data: string): Promise<Uint8Array> {
	const imported = await crypto.subtle.importKey("raw", encoder.encode(key), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
	return new Uint8Array(await crypto.subtle.sign("HMAC", imported, encoder.encode(data)));
}

/** Compares in time independent of where the strings differ, so a token cannot be guessed byte by byte. */
export function constantTimeEqual(a: string, b: string): boolean {
	const left = encoder.encode(a);
	const right = encoder.encode(b);
	return left.byteLength === right.byteLength && crypto.subtle.timingSafeEqual(left, right);
}
