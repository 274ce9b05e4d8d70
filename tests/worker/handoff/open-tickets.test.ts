// The agent API's list of open tickets: every conversation whose current ticket is not resolved, kept up to date
// by the conversations themselves through the hand-off, a hand-back, a takeover, a resolve and an erasure.
import { env } from "cloudflare:workers";
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it, onTestFinished, vi } from "vitest";
import type { OpenTicket, OpenTicketPage } from "../../../shared/agent-api.ts";
import { type ListedTicket, OpenTickets, openTicketsOf } from "../../../worker/handoff/open-tickets.ts";
import { call, errorOf, handedOffConversation, startConversation } from "../api-client.ts";
import { alarmOf, DAY_MS, lastActiveDaysAgo, RETENTION_DAYS } from "../privacy/support.ts";
import { everyOpenTicket } from "../../support/open-ticket-pages.ts";
import { AGENT, stubOf } from "./receiver.ts";

const webhookStatuses = (conversationId: string) =>
	runInDurableObject(stubOf(conversationId), (_, state) => state.storage.sql.exec<{ status: string }>("SELECT status FROM webhooks").toArray().map((row) => row.status));
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const listPage = async (after?: number): Promise<OpenTicketPage> => (await call(`/v1/agent/tickets${after === undefined ? "" : `?after=${after}`}`, { headers: AGENT })).json();

const allListed = () => everyOpenTicket(listPage);

/** The conversation's line once it satisfies `ready` (or as it is after 20 s): the conversation updates the list just after it answers. */
async function lineOf(conversationId: string, ready: (line: OpenTicket | undefined) => boolean): Promise<OpenTicket | undefined> {
	const deadline = Date.now() + 20_000;
	for (;;) {
		const line = (await allListed()).find((ticket) => ticket.conversationId === conversationId);
		if (ready(line) || Date.now() > deadline) return line;
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

const agentPost = (id: string, action: string, json?: unknown) => call(`/v1/agent/conversations/${id}/${action}`, { method: "POST", headers: AGENT, json });
const ticketIdOf = async (id: string) => ((await (await call(`/v1/agent/conversations/${id}/messages`, { headers: AGENT })).json()) as { ticketId: string }).ticketId;

/** Whether the list has the conversation's latest line (1), or it waits to be sent again (0). */
const lineSent = (conversationId: string) => runInDurableObject(stubOf(conversationId), (_, state) => state.storage.sql.exec<{ sent: number }>("SELECT sent FROM ticket_listing").one().sent);

/** The list's object refuses every line until the test ends, or until `recover()`; what it refused is logged, and the log checked. */
function listFails(): { recover(): void } {
	const error = vi.spyOn(console, "error").mockImplementation(() => {});
	const apply = vi.spyOn(OpenTickets.prototype, "apply").mockImplementation(() => {
		throw new Error("open tickets object failed");
	});
	onTestFinished(() => {
		apply.mockRestore();
		expect(error.mock.calls.some(([logged]) => String(logged).includes("not yet updated in the open-tickets list"))).toBe(true);
		error.mockRestore();
	});
	return { recover: () => apply.mockRestore() };
}

/** Runs the conversation's alarm until nothing is due but the end of its retention: its webhooks delivered, its line taken. */
async function nothingDueButRetention(conversationId: string): Promise<void> {
	await vi.waitFor(async () => {
		await runDurableObjectAlarm(stubOf(conversationId));
		expect(await alarmOf(conversationId)).toBeGreaterThan(Date.now() + DAY_MS);
	});
}

function line(conversationId: string, ticketId: string, at = "2026-12-04T10:00:00.000Z"): ListedTicket {
	return { conversationId, ticketId, reason: "customer_request", priority: "normal", handedOffAt: at, owner: "human", status: "handed_off", updatedAt: at };
}

describe("the open tickets", () => {
	it("list a conversation from its hand-off until it is resolved, and again, further on, once it is handed off anew", async () => {
		const conversation = await handedOffConversation();
		const ticketId = await ticketIdOf(conversation.id);
		const listed = await lineOf(conversation.id, Boolean);
		expect(listed).toEqual({
			seq: expect.any(Number),
			conversationId: conversation.id,
			ticketId,
			reason: "customer_request",
			priority: "normal",
			handedOffAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
			owner: "human",
			status: "handed_off",
			updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
		});

		// Handed back without a resolve, the ticket is still the team's to close: listed as the AI's, in the same place.
		expect((await agentPost(conversation.id, "handback")).status).toBe(200);
		const handedBack = await lineOf(conversation.id, (found) => found?.owner === "ai");
		expect(handedBack).toMatchObject({ seq: listed?.seq, ticketId, owner: "ai", status: "open" });

		// A reply takes it over again, on the same ticket.
		expect((await agentPost(conversation.id, "messages", { text: "Back with you.", agentName: "Alex" })).status).toBe(201);
		expect(await lineOf(conversation.id, (found) => found?.owner === "human")).toMatchObject({ seq: listed?.seq, ticketId, owner: "human", status: "handed_off" });

		expect((await agentPost(conversation.id, "resolve")).status).toBe(200);
		expect(await lineOf(conversation.id, (found) => found === undefined)).toBeUndefined();

		expect((await call(`/v1/conversations/${conversation.id}/handoff`, { method: "POST", headers: bearer(conversation.token) })).status).toBe(201);
		const again = await lineOf(conversation.id, Boolean);
		expect(again?.ticketId).not.toBe(ticketId);
		expect(again?.ticketId).toBe(await ticketIdOf(conversation.id));
		expect(again?.seq).toBeGreaterThan(listed?.seq ?? Number.POSITIVE_INFINITY);

		// A reply after a resolve takes the conversation over on the same ticket: listed again, further on.
		expect((await agentPost(conversation.id, "resolve")).status).toBe(200);
		await lineOf(conversation.id, (found) => found === undefined);
		expect((await agentPost(conversation.id, "messages", { text: "One more thing.", agentName: "Alex" })).status).toBe(201);
		const takenOver = await lineOf(conversation.id, Boolean);
		expect(takenOver).toMatchObject({ ticketId: again?.ticketId, owner: "human", status: "handed_off" });
		expect(takenOver?.seq).toBeGreaterThan(again?.seq ?? Number.POSITIVE_INFINITY);
	});

	it("leave out a conversation never handed off, and one erased, whose object then keeps nothing", async () => {
		const chat = await startConversation();
		const handedOff = await handedOffConversation();
		await lineOf(handedOff.id, Boolean);
		expect((await call(`/v1/conversations/${handedOff.id}`, { method: "DELETE", headers: bearer(handedOff.token) })).status).toBe(200);
		expect(await lineOf(handedOff.id, (found) => found === undefined)).toBeUndefined();
		expect((await allListed()).some((ticket) => ticket.conversationId === chat.id)).toBe(false);
		// Once the erasure's work is done, the object keeps nothing, its line included.
		await runDurableObjectAlarm(stubOf(handedOff.id));
		const left = await runInDurableObject(stubOf(handedOff.id), (_, state) => state.storage.sql.exec("SELECT name FROM sqlite_master WHERE name = 'ticket_listing'").toArray().length > 0 && state.storage.sql.exec("SELECT COUNT(*) AS n FROM ticket_listing").one().n);
		expect(left).toBe(0);
	});

	it("are told again by the conversation's alarm what the list failed to take, within a minute", async () => {
		const conversation = await handedOffConversation();
		await lineOf(conversation.id, Boolean);
		await nothingDueButRetention(conversation.id);
		const list = listFails();
		// A resolve queues no webhook: only the line needs the alarm.
		expect((await agentPost(conversation.id, "resolve")).status).toBe(200);
		await vi.waitFor(() => expect(vi.mocked(OpenTickets.prototype.apply)).toHaveBeenCalled());
		expect(await lineSent(conversation.id)).toBe(0);
		expect(await alarmOf(conversation.id)).toBeLessThanOrEqual(Date.now() + 60_000);
		// Still failing when the alarm rings: the line waits for the next one.
		expect(await runDurableObjectAlarm(stubOf(conversation.id))).toBe(true);
		expect(await lineSent(conversation.id)).toBe(0);
		expect(await alarmOf(conversation.id)).toBeLessThanOrEqual(Date.now() + 60_000);
		expect((await allListed()).some((ticket) => ticket.conversationId === conversation.id)).toBe(true);

		list.recover();
		expect(await runDurableObjectAlarm(stubOf(conversation.id))).toBe(true);
		expect(await lineSent(conversation.id)).toBe(1);
		expect((await allListed()).some((ticket) => ticket.conversationId === conversation.id)).toBe(false);
	});

	it("have the alarm set to send a line again before it is on its way, which a restart of the object would cut off", async () => {
		const conversation = await handedOffConversation();
		await lineOf(conversation.id, Boolean);
		await nothingDueButRetention(conversation.id);
		const apply = vi.spyOn(OpenTickets.prototype, "apply").mockImplementation(() => new Promise(() => {}));
		onTestFinished(() => apply.mockRestore());
		expect((await agentPost(conversation.id, "handback")).status).toBe(200);
		await vi.waitFor(() => expect(apply).toHaveBeenCalledWith(conversation.id, expect.any(Number), expect.objectContaining({ owner: "ai" })));
		expect(await alarmOf(conversation.id)).toBeLessThanOrEqual(Date.now() + 60_000);
		await runInDurableObject(stubOf(conversation.id), (_, state) => state.abort("restarted by the test")).catch(() => {});
		apply.mockRestore();
		expect(await runDurableObjectAlarm(stubOf(conversation.id))).toBe(true);
		expect((await allListed()).find((ticket) => ticket.conversationId === conversation.id)?.owner).toBe("ai");
	});

	it("leave the alarm where it was once the list has the line: it was set to send it again, and would wake the object for nothing", async () => {
		const conversation = await handedOffConversation();
		await lineOf(conversation.id, Boolean);
		await nothingDueButRetention(conversation.id);
		expect((await agentPost(conversation.id, "handback")).status).toBe(200);
		await lineOf(conversation.id, (found) => found?.owner === "ai");
		await vi.waitFor(async () => expect(await alarmOf(conversation.id)).toBeGreaterThan(Date.now() + DAY_MS), { timeout: 20_000 });
	});

	it("lose an erased conversation the list failed to hear of by the alarm, and the object keeps the line until then", async () => {
		const conversation = await handedOffConversation();
		await lineOf(conversation.id, Boolean);
		const list = listFails();
		expect((await call(`/v1/conversations/${conversation.id}`, { method: "DELETE", headers: bearer(conversation.token) })).status).toBe(200);
		expect(await lineSent(conversation.id)).toBe(0);
		// Its erasure notice delivered while the list still fails: the object is not wiped, or nothing would take the line out.
		await runDurableObjectAlarm(stubOf(conversation.id));
		expect(await webhookStatuses(conversation.id)).toEqual(["delivered"]);
		expect(await lineSent(conversation.id)).toBe(0);
		expect((await allListed()).some((ticket) => ticket.conversationId === conversation.id)).toBe(true);

		list.recover();
		await runDurableObjectAlarm(stubOf(conversation.id));
		expect((await allListed()).some((ticket) => ticket.conversationId === conversation.id)).toBe(false);
		expect(await runInDurableObject(stubOf(conversation.id), (_, state) => state.storage.sql.exec("SELECT COUNT(*) AS n FROM ticket_listing").one().n)).toBe(0);
	});

	it("lose a conversation deleted at the end of its retention", async () => {
		const conversation = await handedOffConversation();
		await lineOf(conversation.id, Boolean);
		await lastActiveDaysAgo(conversation.id, RETENTION_DAYS + 1);
		expect(await runDurableObjectAlarm(stubOf(conversation.id))).toBe(true);
		expect((await call(`/v1/agent/conversations/${conversation.id}/messages`, { headers: AGENT })).status).toBe(404);
		expect(await lineOf(conversation.id, (found) => found === undefined)).toBeUndefined();
	});

	it("list a conversation handed off before the list existed once its object next wakes", async () => {
		const conversation = await handedOffConversation();
		await lineOf(conversation.id, Boolean);
		// As a version without the list left it: no line on either side.
		await runInDurableObject(openTicketsOf(env), (_, state) => state.storage.sql.exec("DELETE FROM lines WHERE conversation_id = ?", conversation.id));
		await runInDurableObject(stubOf(conversation.id), (_, state) => state.storage.sql.exec("DELETE FROM ticket_listing"));
		await runInDurableObject(stubOf(conversation.id), (_, state) => state.abort("a new version is deployed")).catch(() => {});
		expect((await allListed()).some((ticket) => ticket.conversationId === conversation.id)).toBe(false);
		expect((await call(`/v1/conversations/${conversation.id}/messages`, { headers: bearer(conversation.token) })).status).toBe(200);
		expect((await lineOf(conversation.id, Boolean))?.ticketId).toBe(await ticketIdOf(conversation.id));
	});

	it("go by each conversation's latest news, page by page, and never give a seq twice", async () => {
		const id = `order-test-${crypto.randomUUID()}`;
		const list = openTicketsOf(env);
		await list.apply(id, 2, line(id, "tkt_second"));
		// Older news arriving late changes nothing.
		await list.apply(id, 1, line(id, "tkt_first"));
		const second = (await list.list(0)).tickets.find((ticket) => ticket.conversationId === id);
		expect(second?.ticketId).toBe("tkt_second");
		await list.apply(id, 3, null);
		await list.apply(id, 2, line(id, "tkt_second"));
		expect((await allListed()).some((ticket) => ticket.conversationId === id)).toBe(false);
		await list.apply(id, 4, line(id, "tkt_third"));
		const third = (await allListed()).find((ticket) => ticket.conversationId === id);
		expect(third?.seq).toBeGreaterThan(second?.seq ?? Number.POSITIVE_INFINITY);

		const many = Array.from({ length: 230 }, (_, index) => `page-test-${index}-${crypto.randomUUID()}`);
		for (const other of many) await list.apply(other, 1, line(other, `tkt_${other}`));
		const first = await listPage(0);
		expect(first.tickets).toHaveLength(200);
		expect(first.next).toBe(first.tickets[199].seq);
		const all = await allListed();
		expect(all.map((ticket) => ticket.seq)).toEqual([...all.map((ticket) => ticket.seq)].sort((a, b) => a - b));
		expect(new Set(all.map((ticket) => ticket.seq)).size).toBe(all.length);
		expect(many.every((other) => all.some((ticket) => ticket.conversationId === other))).toBe(true);
		expect((await listPage(all.at(-1)?.seq)).tickets).toEqual([]);
	});

	it("are the agent API's: a token, a well-formed after, GET only", async () => {
		expect((await call("/v1/agent/tickets")).status).toBe(401);
		const bad = await call("/v1/agent/tickets?after=-1", { headers: AGENT });
		expect(bad.status).toBe(400);
		expect(await errorOf(bad)).toEqual({ code: "invalid_request", message: "after: must be a ticket list seq: a whole number such as 0 or 42" });
		expect((await call("/v1/agent/tickets?afer=1", { headers: AGENT })).status).toBe(400);
		const post = await call("/v1/agent/tickets", { method: "POST", headers: AGENT });
		expect(post.status).toBe(405);
		expect(post.headers.get("Allow")).toContain("GET");
	});
});
