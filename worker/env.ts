import type { Analytics } from "./analytics/analytics-object.ts";
import type { Conversation } from "./conversation/conversation-object.ts";
import type { OpenTickets } from "./handoff/open-tickets.ts";
import type { WebhookEndpoint } from "./handoff/webhook-endpoint.ts";
import type { Limiter } from "./limits/limiter-object.ts";
import type { CustomerDirectory } from "./privacy/customer-directory.ts";

export interface Env {
	CONVERSATIONS: DurableObjectNamespace<Conversation>;
	WEBHOOK_ENDPOINTS: DurableObjectNamespace<WebhookEndpoint>;
	/** One per UTC day: the events and KPIs of the conversations started that day. */
	ANALYTICS: DurableObjectNamespace<Analytics>;
	/** Rate-limit counters: one per client network (an IPv4 address, an IPv6 /64), and a few shards of the site's Claude budget. */
	LIMITERS: DurableObjectNamespace<Limiter>;
	/** One per customer e-mail address: the conversations that recorded it, for the site owner's lookup and erasure. */
	CUSTOMER_DIRECTORIES: DurableObjectNamespace<CustomerDirectory>;
	/** One for the deployment: the conversations whose ticket is not resolved, for the agent API's list. */
	OPEN_TICKETS: DurableObjectNamespace<OpenTickets>;
	ASSETS: Fetcher;
	/** Turns on tier 2 (Claude). Locally in .dev.vars, in production with `wrangler secret put`. */
	ANTHROPIC_API_KEY?: string;
	/** Another address for the Messages API, such as a local stand-in in tests. */
	ANTHROPIC_BASE_URL?: string;
	/** Where hand-off tickets go; without it tickets are kept and readable through the agent API, but not sent. */
	FRONTDESK_WEBHOOK_URL?: string;
	/** One or more `whsec_…` secrets (space- or comma-separated) that sign every webhook. */
	FRONTDESK_WEBHOOK_SECRET?: string;
	/** Verifies Frontdesk.identify() hashes: HMAC-SHA256 of the customer id, e-mail address and name on three lines, computed by the site's server. */
	FRONTDESK_IDENTITY_SECRET?: string;
	/** Bearer token of the agent API, for the helpdesk's replies. */
	FRONTDESK_AGENT_TOKEN?: string;
	/** Bearer token of the admin API (KPIs, export), entered in the dashboard at /v1/admin. */
	FRONTDESK_ADMIN_TOKEN?: string;
	/** The worker's public address (https://support.shop.example), for the links in tickets; unset, each request's own. */
	FRONTDESK_PUBLIC_URL?: string;
	/** JSON overriding some of the site config's `limits` in one environment, e.g. a staging load test. */
	FRONTDESK_LIMITS?: string;
}
