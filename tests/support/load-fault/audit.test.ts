import { describe, expect, it } from "vitest";
import type { Message } from "../../../shared/protocol.ts";
import { auditConversation } from "./audit.ts";
import type { SentMessage } from "./customer.ts";

const createdAt = "2026-12-01T00:00:00.000Z";
const conversation = { id: "c1", token: "t1" };

function sent(clientMessageId: string, text: string, streamCut: boolean): SentMessage {
	return { clientMessageId, text, firstAttemptAt: 0, storedAt: 10, attemptMs: streamCut ? null : 10, endToEndMs: streamCut ? null : 10, retries: [] };
}

const customer = (seq: number, clientMessageId: string, text: string): Message => ({ seq, role: "customer", kind: "text", text, createdAt, clientMessageId });
const handoffNotice = (seq: number, replyTo: number): Message => ({ seq, role: "system", kind: "handoff_requested", text: "A person will reply.", createdAt, replyTo });

describe("the load-and-fault audit", () => {
	const question = "Are your candles made with soy?";
	const askForPerson = "I want to talk to a human";
	const stored = [customer(1, "m0", question), customer(2, "m1", askForPerson), handoffNotice(3, 2)];

	it("leaves to the person who took over an answer the restart cut off", () => {
		const audit = auditConversation({ conversation, startRetries: [], rejections: [], messages: [sent("m0", question, true), sent("m1", askForPerson, false)] }, stored);
		expect(audit.unanswered).toEqual([]);
		expect(audit.leftToPerson).toEqual(["m0"]);
	});

	it("still counts as unanswered a message whose stream ran to its end without an answer", () => {
		const audit = auditConversation({ conversation, startRetries: [], rejections: [], messages: [sent("m0", question, false), sent("m1", askForPerson, false)] }, stored);
		expect(audit.unanswered).toEqual(["m0"]);
		expect(audit.leftToPerson).toEqual([]);
	});
});
