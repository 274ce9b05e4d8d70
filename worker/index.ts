import { app } from "./app.ts";

export { Analytics } from "./analytics/analytics-object.ts";
export { Conversation } from "./conversation/conversation-object.ts";
export { OpenTickets } from "./handoff/open-tickets.ts";
export { WebhookEndpoint } from "./handoff/webhook-endpoint.ts";
export { Limiter } from "./limits/limiter-object.ts";
export { CustomerDirectory } from "./privacy/customer-directory.ts";
export default app;
