// What every answer to hostile input must look like, and the JSON endpoints to send it to.
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import type { ErrorBody, MessagePage } from "../../../shared/protocol.ts";
import { identityHash } from "../../../worker/http/identity.ts";
import { call, handedOffConversation, send, startConversation } from "../api-client.ts";

export const AGENT = { Authorization: "Bearer test-agent-token" };
const ADMIN = { Authorization: "Bearer test-admin-token" };
export const CUSTOMER_ID = "customer-0001";

/** Never a server error; an error is JSON that names its code and says what went wrong. */
export async function expectHandled(response: Response, request: string): Promise<void> {
	expect(response.status, request).toBeLessThan(500);
	if (response.status >= 400) await expectClientError(response, request);
	else await response.body?.cancel();
}

export async function expectClientError(response: Response, request: string): Promise<ErrorBody["error"]> {
	expect(response.status, request).toBeGreaterThanOrEqual(400);
	expect(response.status, request).toBeLessThan(500);
	expect(response.headers.get("Content-Type"), request).toMatch(/^application\/json\b/);
	const body: unknown = JSON.parse(await response.text());
	expect(body, request).toEqual({ error: { code: expect.stringMatching(/^[a-z_]+$/), message: expect.stringMatching(/\S/) } });
	return (body as ErrorBody).error;
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

export async function messagesOf(conversation: { id: string; token: string }, after = 0): Promise<MessagePage> {
	const response = await call(`/v1/conversations/${conversation.id}/messages?after=${after}`, { headers: bearer(conversation.token) });
	expect(response.status).toBe(200);
	return (await response.json()) as MessagePage;
}

export interface JsonEndpoint {
	name: string;
	path: string;
	headers: Record<string, string>;
	/** A body the endpoint accepts, with a string at the top level; its first field is where hostile values go. */
	valid: Record<string, unknown>;
	/** Every field is optional: an empty body is accepted as none of them. */
	optional?: true;
}

/** Every route that reads a JSON body, each with a conversation in the state that lets it accept `valid`. */
export async function jsonEndpoints(): Promise<JsonEndpoint[]> {
	const chat = await startConversation();
	expect((await send(chat, "Where is my order?")).status).toBe(201);
	const rated = await handedOffConversation();
	expect((await call(`/v1/agent/conversations/${rated.id}/resolve`, { method: "POST", headers: AGENT })).status).toBe(200);
	const answered = await handedOffConversation();
	const hash = await identityHash(env.FRONTDESK_IDENTITY_SECRET ?? "", { id: CUSTOMER_ID, name: "Sam" });
	return [
		{ name: "start a conversation", path: "/v1/conversations", headers: {}, valid: { locale: "en-GB", page: { url: "http://localhost:8787/cart", title: "Cart" } }, optional: true },
		{ name: "start a conversation as a known customer", path: "/v1/conversations", headers: {}, valid: { locale: "en", identity: { id: CUSTOMER_ID, name: "Sam", hash } }, optional: true },
		{ name: "send a message", path: `/v1/conversations/${chat.id}/messages`, headers: bearer(chat.token), valid: { text: "Where is my parcel?", clientMessageId: "hostile-body-0001" } },
		{ name: "leave an e-mail address", path: `/v1/conversations/${chat.id}/contact`, headers: bearer(chat.token), valid: { email: "sam@example.com" } },
		{ name: "rate a resolved conversation", path: `/v1/conversations/${rated.id}/rating`, headers: bearer(rated.token), valid: { comment: "Quick and kind.", rating: 5 } },
		{ name: "check an identity", path: "/v1/identity", headers: {}, valid: { id: CUSTOMER_ID, hash, name: "Sam" } },
		{ name: "reply as an agent", path: `/v1/agent/conversations/${answered.id}/messages`, headers: AGENT, valid: { text: "Hi, Alex here.", agentName: "Alex" } },
		{ name: "flag a customer message", path: `/v1/agent/conversations/${chat.id}/messages/2/flag`, headers: AGENT, valid: { intent: "order_status" } },
		{ name: "find a customer's conversations", path: "/v1/admin/customers/find", headers: ADMIN, valid: { email: "sam@example.com" } },
	];
}
