import { app } from "./app.ts";

export { Conversation } from "./conversation/conversation-object.ts";
export default app;
