/** A fresh id per typed message; resending reuses it, which is what makes a resend idempotent. */
export function newClientMessageId(): string {
	return `m-${crypto.randomUUID()}`;
}
