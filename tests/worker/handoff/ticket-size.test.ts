// A ticket is one webhook body: however its messages are written, it stays a size a helpdesk and a Durable Object row take.
import { describe, expect, it } from "vitest";
import type { Message } from "../../../shared/protocol.ts";
import { siteConfig } from "../../../worker/config/site-config.ts";
import { handoffTicket } from "../../../worker/handoff/ticket.ts";

const message = (seq: number, text: string): Message => ({ seq, role: seq % 2 ? "customer" : "assistant", kind: "text", text, createdAt: new Date(0).toISOString() });

function ticketOf(messages: Message[]) {
	const input = {
		ticketId: "tkt_1",
		previousTicketId: null,
		conversationId: "Q5zjVILgOyaHGj4mKqwHgQ",
		reason: "customer_request" as const,
		messages,
		customer: { id: null, email: null, emailSource: null, name: null, verified: false },
		page: null,
		locale: "en",
		availability: { open: true, nextOpenAt: null },
		transcriptUrl: "https://frontdesk.test/v1/transcripts/Q5zjVILgOyaHGj4mKqwHgQ?expires=1&signature=x",
		replyUrl: "https://frontdesk.test/v1/agent/conversations/Q5zjVILgOyaHGj4mKqwHgQ/messages",
	};
	return handoffTicket(input, siteConfig);
}

describe("a ticket's size", () => {
	it("stays under 600 KB of JSON for 200 messages of 2,000 control characters, each six bytes in JSON, keeping the newest", () => {
		const messages = Array.from({ length: 200 }, (_, index) => message(index + 1, `${index + 1}:${"\u0001".repeat(1990)}`));
		const ticket = ticketOf(messages);
		const bytes = new TextEncoder().encode(JSON.stringify(ticket)).byteLength;
		expect(bytes).toBeLessThan(600 * 1024);
		expect(ticket.transcript.length).toBeGreaterThan(30);
		expect(ticket.transcript.length).toBeLessThan(200);
		// The newest, in order: the ones a person reads first.
		expect(ticket.transcript.at(-1)?.seq).toBe(200);
		expect(ticket.transcript.map((entry) => entry.seq)).toEqual(Array.from({ length: ticket.transcript.length }, (_, index) => 201 - ticket.transcript.length + index));
	});

	it("carries every message of an ordinary conversation", () => {
		const messages = Array.from({ length: 200 }, (_, index) => message(index + 1, "where is my order 00123842? It has not arrived yet."));
		expect(ticketOf(messages).transcript).toHaveLength(200);
	});
});
