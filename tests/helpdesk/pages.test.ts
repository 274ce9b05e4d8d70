import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { html } from "../../helpdesk/html.ts";
import { customerMessage, deliver, type FakeWorker, handoffCreated, message, postForm, startFakeWorker, startTestInbox, type TestInbox } from "./support.ts";

let worker: FakeWorker;
let inbox: TestInbox;
beforeEach(async () => {
	// The worker's agent API, for resolving a ticket from the inbox.
	worker = await startFakeWorker(() => ({ status: 200, body: {} }));
	inbox = await startTestInbox({ workerUrl: worker.url });
});
afterEach(async () => {
	await inbox.dispose();
	await worker.close();
});

async function page(path: string): Promise<{ status: number; text: string; headers: Headers }> {
	const response = await fetch(`${inbox.url}${path}`);
	return { status: response.status, text: await response.text(), headers: response.headers };
}

const SCRIPT = "<script>alert(1)</script>";

describe("GET /", () => {
	it("lists tickets newest first with reason, priority, contact and status", async () => {
		await deliver(inbox, handoffCreated());
		await deliver(inbox, handoffCreated({ ticketId: "tkt_2", conversationId: "conv_2", reason: "negative_sentiment", priority: "urgent", customer: { id: "cus_2", email: null, name: null, verified: false } }));
		expect((await postForm(inbox, "/tickets/tkt_1/resolve")).status).toBe(303);
		const { status, text } = await page("/");

		expect(status).toBe(200);
		const list = text.slice(text.indexOf('<ul class="tickets">'), text.indexOf("</ul>"));
		const [newest, oldest] = list.split("<li>").slice(1);
		expect(newest).toContain("no contact yet");
		expect(newest).toContain("Customer seems upset");
		expect(newest).toContain("urgent priority");
		expect(newest).toContain("Open");
		expect(oldest).toContain("ada@example.com");
		expect(oldest).toContain("Customer asked for a person");
		expect(oldest).toContain("high priority");
		expect(oldest).toContain("Resolved");
	});

	it("says how tickets arrive while there are none", async () => {
		const { text } = await page("/");
		expect(text).toContain("No tickets yet");
		expect(text).toContain("<h2>No ticket selected</h2>");
	});

	it("has a language, landmarks and headings", async () => {
		const { text } = await page("/");
		expect(text).toContain('<html lang="en">');
		expect(text).toMatch(/<header[^>]*>[\s\S]*<h1>/);
		expect(text).toContain('<nav aria-labelledby="tickets-heading">');
		expect(text).toContain('<main id="main"');
	});
});

describe("GET /tickets/:ticketId", () => {
	it("shows the transcript with roles told apart, the AI's messages labelled AI", async () => {
		await deliver(inbox, handoffCreated());
		await deliver(inbox, customerMessage(4, "Still waiting."));
		await deliver(inbox, { type: "conversation.message.created", data: { ticketId: "tkt_1", conversationId: "conv_1", message: { ...message(5, "agent", "On it."), author: "Sam" } } });
		const { status, text } = await page("/tickets/tkt_1");

		expect(status).toBe(200);
		const transcript = text.slice(text.indexOf('<ol id="transcript"'), text.indexOf("</ol>"));
		expect(transcript.match(/class="msg msg-(\w+)" data-seq="(\d+)"/g)).toEqual([
			'class="msg msg-system" data-seq="1"',
			'class="msg msg-customer" data-seq="2"',
			'class="msg msg-assistant" data-seq="3"',
			'class="msg msg-customer" data-seq="4"',
			'class="msg msg-agent" data-seq="5"',
		]);
		expect(transcript).toContain('<span class="pill">AI</span>');
		expect(transcript).toContain("<strong>Sam</strong> <span>(support team)</span>");
		expect(transcript).toContain("Still waiting.");
	});

	it("shows under each of the AI's answers why it gave it, so the agent sees which were guesses", async () => {
		const answered = { ...message(3, "assistant", "Track it under Orders."), explanation: { tier: "matcher", intent: "order_status", confidence: 0.974, latencyMs: 4 } };
		const fellBack = { ...message(5, "assistant", "I'm not sure."), explanation: { tier: "fallback", intent: null, confidence: 0.2, latencyMs: 3001, llmFailure: "timeout" } };
		const ruled = { ...message(7, "system", "Passing you to a person."), explanation: { tier: "rule", intent: "legal_threat", confidence: 1, latencyMs: 1, rule: 'phrase "legal action"' } };
		const claude = { ...message(8, "assistant", "Our gnomes are handmade."), explanation: { tier: "llm", intent: null, confidence: 0.31, latencyMs: 640, firstTokenMs: 410 } };
		await deliver(inbox, handoffCreated({ transcript: [message(1, "system", "AI here."), message(2, "customer", "where is my order"), answered, message(4, "customer", "and the gnome?"), fellBack, message(6, "customer", "legal action!"), ruled, claude] }));
		const { text } = await page("/tickets/tkt_1");
		expect(text.match(/<p class="msg-why">[^<]*<\/p>/g)).toEqual([
			'<p class="msg-why">matcher · order_status · 97%</p>',
			'<p class="msg-why">fallback · Claude: timeout</p>',
			'<p class="msg-why">rule · legal_threat · phrase &quot;legal action&quot;</p>',
			'<p class="msg-why">llm</p>',
		]);
	});

	it("shows the summary, entities, page and a labelled reply form with the ticket actions", async () => {
		await deliver(inbox, handoffCreated());
		const { text } = await page("/tickets/tkt_1");

		expect(text).toContain("Ada asks where order 00482913 is.");
		expect(text).toContain("<dt>order_id</dt><dd>00482913</dd>");
		expect(text).toContain('<a href="https://shop.example/orders" rel="noreferrer noopener" target="_blank">My orders</a>');
		expect(text).toContain('<form method="post" action="/tickets/tkt_1/reply">');
		expect(text).toContain('<label for="reply-text">');
		expect(text).toContain('<textarea id="reply-text" name="text"');
		expect(text).toMatch(/action="\/tickets\/tkt_1\/resolve"><button[^>]*>Mark resolved</);
		expect(text).toMatch(/action="\/tickets\/tkt_1\/handback"><button[^>]*>Hand back to AI</);
	});

	it("escapes customer input everywhere it appears", async () => {
		await deliver(
			inbox,
			handoffCreated({
				ticketId: `t"><img src=x onerror=alert(1)>`,
				summary: SCRIPT,
				entities: [{ type: SCRIPT, value: SCRIPT }],
				customer: { id: "c", email: `${SCRIPT}@example.com`, name: SCRIPT, verified: false },
				page: { url: "https://shop.example/?q=<script>", title: SCRIPT },
				transcript: [message(1, "customer", `${SCRIPT} & "quotes"`), message(2, "assistant", "</textarea><script>alert(2)</script>")],
			}),
		);
		const { text } = await page(`/tickets/${encodeURIComponent(`t"><img src=x onerror=alert(1)>`)}`);

		expect(text).not.toContain("<script>alert");
		expect(text).not.toContain("<img");
		expect(text).toContain("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;");
		expect(text).toContain("&lt;/textarea&gt;&lt;script&gt;alert(2)&lt;/script&gt;");
		// The only script is the inbox's own.
		expect(text.match(/<script/g)).toEqual(["<script"]);
	});

	it("does not turn a javascript: page URL into a link", async () => {
		await deliver(inbox, handoffCreated({ page: { url: "javascript:alert(1)", title: "Orders" } }));
		const { text } = await page("/tickets/tkt_1");
		expect(text).toContain("Orders (javascript:alert(1))");
		expect(text).not.toContain('href="javascript:');
	});

	it("refreshes itself from the ticket's own address, with scripts only from the inbox itself", async () => {
		await deliver(inbox, handoffCreated());
		const { text, headers } = await page("/tickets/tkt_1");
		const script = await page("/inbox.js");

		expect(headers.get("content-security-policy")).toContain("script-src 'self';");
		expect(text).toContain('<script src="/inbox.js" defer></script>');
		expect(text).toContain('<body data-refresh="/tickets/tkt_1">');
		expect(script.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
		expect(script.text).toContain("setInterval(");
	});

	it("answers 404 with a page for an unknown ticket", async () => {
		const { status, text } = await page("/tickets/nope");
		expect(status).toBe(404);
		expect(text).toContain("Ticket not found");
	});
});

describe("html", () => {
	it("escapes interpolated values and nested arrays, and drops null, undefined and false", () => {
		const items = ["<a>", "b&c"].map((item) => html`<li>${item}</li>`);
		expect(html`<ul title="${`"x'`}">${items}${null}${undefined}${false}${0}</ul>`.value).toBe('<ul title="&quot;x&#39;"><li>&lt;a&gt;</li><li>b&amp;c</li>0</ul>');
	});
});
