import { Webhook } from "standardwebhooks";

export interface SignedHeaders {
	"webhook-id": string;
	"webhook-timestamp": string;
	"webhook-signature": string;
}

/**
 * Standard Webhooks headers: `v1,<base64 HMAC-SHA256 of id.timestamp.body>` per secret. FRONTDESK_WEBHOOK_SECRET
 * may list several (listedSecrets): each signs, so a receiver can rotate to a new secret while the old one still verifies.
 */
export function signWebhook(secrets: readonly string[], id: string, at: Date, body: string): SignedHeaders {
	const signatures = secrets.map((secret) => new Webhook(secret).sign(id, at, body));
	return { "webhook-id": id, "webhook-timestamp": String(Math.floor(at.getTime() / 1000)), "webhook-signature": signatures.join(" ") };
}
