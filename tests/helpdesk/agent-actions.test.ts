import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { deliver, type FakeAnswer, type FakeWorker, getWithHost, handoffCreated, postForm, startFakeWorker, startTestInbox, storedTickets, type TestInbox } from "./support.ts";

const AGENT_TOKEN = "agent-token-7f3a";

let worker: FakeWorker;
let inbox: TestInbox;
let answer: FakeAnswer;

beforeEach(async () => {
	answer = { status: 200, body: {} };
	worker = await startFakeWorker(() => answer);
	inbox = await startTestInbox({ workerUrl: worker.url, agentToken: AGENT_TOKEN });
	await deliver(inbox, handoffCreated({ ticketId: "tkt/1", conversationId: "conv_1" }));
});
afterEach(async () => {
	await inbox.dispose();
	await worker.close();
});

const TICKET = `/tickets/${encodeURIComponent("tkt/1")}`;

function agentMessage(seq: number, text: string) {
	// As the worker answers: its stored message, with the agent's name as `author`.
	return { message: { seq, role: "agent", kind: "text", text, createdAt: "2026-11-20T09:05:00.000Z", author: "Alex from Support" } };
}

describe("the reply form", () => {
	it("sends the reply through the worker's agent API, stores it and redirects back to the ticket", async () => {
		answer = { status: 201, body: agentMessage(4, "Your parcel left our warehouse today.") };
		const response = await postForm(inbox, `${TICKET}/reply`, { text: "Your parcel left our warehouse today." });

		expect(response.status).toBe(303);
		expect(response.headers.get("location")).toBe(TICKET);
		expect(worker.requests).toHaveLength(1);
		const [request] = worker.requests;
		expect(request.method).toBe("POST");
		expect(request.path).toBe("/v1/agent/conversations/conv_1/messages");
		expect(request.headers.authorization).toBe(`Bearer ${AGENT_TOKEN}`);
		expect(request.headers["content-type"]).toBe("application/json");
		expect(request.body).toEqual({ text: "Your parcel left our warehouse today.", agentName: "Alex from Support", clientMessageId: expect.stringMatching(/^inbox-/), ticketId: "tkt/1" });

		const [ticket] = await storedTickets(inbox);
		expect(ticket.transcript.at(-1)).toEqual({ seq: 4, role: "agent", text: "Your parcel left our warehouse today.", createdAt: "2026-11-20T09:05:00.000Z", author: "Alex from Support" });
	});

	it("sends a reply whose answer was lost once more with the same clientMessageId, which the worker answers with the stored reply", async () => {
		let attempts = 0;
		await worker.close();
		worker = await startFakeWorker(() => (++attempts === 1 ? "drop" : { status: 200, body: agentMessage(4, "Checking now.") }));
		await inbox.dispose();
		inbox = await startTestInbox({ workerUrl: worker.url, agentToken: AGENT_TOKEN });
		await deliver(inbox, handoffCreated({ ticketId: "tkt/1", conversationId: "conv_1" }));
		expect((await postForm(inbox, `${TICKET}/reply`, { text: "Checking now." })).status).toBe(303);
		const [first, second] = worker.requests.map((request) => (request.body as { clientMessageId: string }).clientMessageId);
		expect(worker.requests).toHaveLength(2);
		expect(second).toBe(first);
		expect((await storedTickets(inbox))[0].transcript.filter((message) => message.text === "Checking now.")).toHaveLength(1);
	});

	it("opens a resolved or handed-back ticket again with a reply, as the worker gives the conversation back to a person", async () => {
		for (const action of ["resolve", "handback"]) {
			answer = { status: 200, body: {} };
			await postForm(inbox, `${TICKET}/${action}`);
			expect((await storedTickets(inbox))[0].status).not.toBe("open");
			answer = { status: 201, body: agentMessage(5, "One more thing") };
			expect((await postForm(inbox, `${TICKET}/reply`, { text: "One more thing" })).status).toBe(303);
			expect((await storedTickets(inbox))[0].status).toBe("open");
		}
	});

	it("sends the token added last while the worker's agent token is rotated, where the whole list would open nothing", async () => {
		await inbox.dispose();
		inbox = await startTestInbox({ workerUrl: worker.url, agentToken: `old-token-1, ${AGENT_TOKEN}` });
		await deliver(inbox, handoffCreated({ ticketId: "tkt/1", conversationId: "conv_1" }));
		answer = { status: 201, body: agentMessage(4, "Hi") };
		await postForm(inbox, `${TICKET}/reply`, { text: "Hi" });
		expect(worker.requests[0].headers.authorization).toBe(`Bearer ${AGENT_TOKEN}`);
	});

	it("signs replies with the configured agent name", async () => {
		await inbox.dispose();
		inbox = await startTestInbox({ workerUrl: worker.url, agentToken: AGENT_TOKEN, agentName: "Sam (Billing)" });
		await deliver(inbox, handoffCreated({ ticketId: "tkt/1" }));
		answer = { status: 201, body: agentMessage(4, "Hi") };
		await postForm(inbox, `${TICKET}/reply`, { text: "Hi" });
		expect(worker.requests[0].body).toMatchObject({ text: "Hi", agentName: "Sam (Billing)" });
	});

	it("shows the worker's error, keeps the typed reply and stores nothing", async () => {
		answer = { status: 409, body: { error: { code: "not_handed_off", message: "This conversation is back with the AI." } } };
		const response = await postForm(inbox, `${TICKET}/reply`, { text: "Are you <still> there?" });

		expect(response.status).toBe(502);
		const page = await response.text();
		expect(page).toContain('role="alert"');
		expect(page).toContain("This conversation is back with the AI.");
		expect(page).toContain("not_handed_off");
		expect(page).toContain(">Are you &lt;still&gt; there?</textarea>");
		expect((await storedTickets(inbox))[0].transcript).toHaveLength(3);
	});

	it("says so when the worker cannot be reached", async () => {
		await worker.close();
		const response = await postForm(inbox, `${TICKET}/reply`, { text: "Hello" });
		expect(response.status).toBe(502);
		expect(await response.text()).toContain(`Could not reach Frontdesk at ${worker.url}`);
	});

	it("does not send an empty reply", async () => {
		const response = await postForm(inbox, `${TICKET}/reply`, { text: "   " });
		expect(response.status).toBe(400);
		expect(worker.requests).toEqual([]);
	});

	it("refuses a post from another site, which would otherwise answer customers with the agent token", async () => {
		const response = await postForm(inbox, `${TICKET}/reply`, { text: "phish" }, { "Sec-Fetch-Site": "cross-site" });
		expect(response.status).toBe(403);
		const fromOrigin = await postForm(inbox, `${TICKET}/resolve`, {}, { "Sec-Fetch-Site": undefined, Origin: "https://evil.example" });
		expect(fromOrigin.status).toBe(403);
		expect(worker.requests).toEqual([]);
	});

	it("accepts a post whose Origin is the inbox itself, from browsers without Sec-Fetch-Site", async () => {
		const response = await postForm(inbox, `${TICKET}/resolve`, {}, { "Sec-Fetch-Site": undefined, Origin: inbox.url });
		expect(response.status).toBe(303);
		expect(worker.requests).toHaveLength(1);
	});
});

describe("ticket actions", () => {
	it.each([
		["resolve", "resolved"],
		["handback", "handed_back"],
	] as const)("%s calls the worker with the agent token and the ticket it acts on, then updates the ticket", async (action, status) => {
		const response = await postForm(inbox, `${TICKET}/${action}`);

		expect(response.status).toBe(303);
		expect(worker.requests).toMatchObject([{ method: "POST", path: `/v1/agent/conversations/conv_1/${action}`, body: { ticketId: "tkt/1" } }]);
		expect(worker.requests[0].headers.authorization).toBe(`Bearer ${AGENT_TOKEN}`);
		expect((await storedTickets(inbox))[0].status).toBe(status);
	});

	it("keeps the ticket open when the worker refuses", async () => {
		answer = { status: 404, body: { error: { code: "not_found", message: "No conversation has this id." } } };
		const response = await postForm(inbox, `${TICKET}/resolve`);
		expect(response.status).toBe(502);
		expect(await response.text()).toContain("No conversation has this id.");
		expect((await storedTickets(inbox))[0].status).toBe("open");
	});
});

describe("request guards", () => {
	it("answers only on loopback host names, against DNS rebinding", async () => {
		expect(await getWithHost(inbox, "/api/tickets", `localhost:${inbox.port}`)).toBe(200);
		expect(await getWithHost(inbox, "/api/tickets", "attacker.example")).toBe(421);
	});

	it("answers 405 to the wrong method and 404 to unknown paths", async () => {
		expect((await fetch(`${inbox.url}/webhooks`)).status).toBe(405);
		expect((await fetch(`${inbox.url}${TICKET}/reply`)).status).toBe(405);
		expect((await fetch(`${inbox.url}/nowhere`)).status).toBe(404);
	});
});
