import type { Env } from "../env.ts";
import { isHttpUrl } from "./http-url.ts";

/**
 * The worker's own origin, as tickets' links name it: FRONTDESK_PUBLIC_URL's when it is set (and a URL), else the
 * request's. The request's comes from its Host header, which a proxy that passes it on, or a route that matches
 * many hosts, lets anyone choose: a ticket's replyTo would then send the helpdesk's agent token to that host.
 */
export function publicOrigin(env: Pick<Env, "FRONTDESK_PUBLIC_URL">, requestUrl: string): string {
	const configured = env.FRONTDESK_PUBLIC_URL;
	return configured && isHttpUrl(configured) ? new URL(configured).origin : new URL(requestUrl).origin;
}
