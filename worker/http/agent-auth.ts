import { bearerAuth } from "./bearer-auth.ts";

/** The agent API is for the site's helpdesk only: its bearer token is FRONTDESK_AGENT_TOKEN. */
export const agentAuth = bearerAuth("agent", "FRONTDESK_AGENT_TOKEN");
