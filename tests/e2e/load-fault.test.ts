// The load-and-fault benchmark (bench/load-fault.ts) in small: its own `wrangler dev`, restarted once
// midway, while Claude's stand-in fails or stalls a share of calls and the webhook receiver flaps.
// Nothing may be lost, stored twice, reordered or left unanswered, and every hand-off gives exactly
// one ticket; and the faults must really have happened, or the zeros would prove nothing.
import { expect, it } from "vitest";
import { runLoadFault } from "../support/load-fault/run.ts";

it("loses, repeats and reorders nothing under Claude failures, a flapping helpdesk and a restart", async () => {
	const result = await runLoadFault({
		conversations: 20,
		messagesPerConversation: 5,
		askForPersonShare: 0.4,
		llm: { failShare: 0.3, stallShare: 0.1, firstTokenDelayMs: 100 },
		// Down often enough that some deliveries meet it in a run of a few seconds.
		webhookFlapping: { upMs: 1_500, downMs: 1_000 },
		restartAfterShare: 0.5,
		loadBoundMs: 30_000,
		drainBoundMs: 8_000,
	});

	expect(result.problems).toEqual([]);
	expect(result.mustBeZero).toEqual({
		lostMessages: 0,
		duplicatedMessages: 0,
		outOfOrderMessages: 0,
		unexpectedMessages: 0,
		messagesWithoutAnswer: 0,
		conversationsWithoutAnswer: 0,
		lostTickets: 0,
		duplicatedTickets: 0,
		unexpectedTickets: 0,
		lostForwardedMessages: 0,
		duplicatedForwardedMessages: 0,
		unverifiedWebhooks: 0,
		unreadableConversations: 0,
		failuresOutsideRestart: 0,
		rejectedRequests: 0,
	});
	expect(result.load).toMatchObject({ messagesStored: 100, unsentMessages: 0, unstartedConversations: 0 });
	expect(result.conversations.handedOff).toBeGreaterThanOrEqual(result.conversations.askedForPerson);
	expect(result.conversations.forwardedMessages).toBeGreaterThan(0);
	expect(result.llm.failed).toBeGreaterThan(0);
	expect(result.replies.llm).toBeGreaterThan(0);
	expect(result.webhooks.refusedByFlapping).toBeGreaterThan(0);
	expect(result.restart).not.toBeNull();
	expect(result.retries.filter((retry) => retry.duringRestart).reduce((total, retry) => total + retry.count, 0)).toBeGreaterThan(0);
}, 120_000);
