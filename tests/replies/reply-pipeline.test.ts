import { describe, expect, it } from "vitest";
import { compiledSite } from "../../worker/config/compiled-site.ts";
import { draftReply, type ReplyInput } from "../../worker/replies/reply-pipeline.ts";

function input(text: string, reserveLlmCall: ReplyInput["reserveLlmCall"]): ReplyInput {
	return {
		text,
		entities: [],
		receivedAt: Date.now(),
		history: [],
		upset: false,
		// Never reached: each reservation below is refused, or its draft stopped first.
		llm: { apiKey: "sk-ant-unused", baseURL: "http://127.0.0.1:9" },
		reserveLlmCall,
		onDelta: () => {},
		secrets: [],
	};
}

// The conversation stores a Claude-bound message only once the request is out (conversation-object.ts, #answer),
// and knows to wait by the reservation. Asked for after an await, it would store first, and every reply to Claude
// would wait for storage: slower, with nothing else to show it.
describe("the Claude call is asked for before the draft's first await", () => {
	it("for a message tier 1 cannot answer", async () => {
		let asked = false;
		const drafting = draftReply(
			compiledSite,
			input("Do you also make custom wedding gift boxes?", () => {
				asked = true;
				return Promise.resolve(false);
			}),
		);
		expect(asked).toBe(true);
		expect((await drafting).explanation).toMatchObject({ tier: "fallback", llmFailure: "over_budget" });
	});

	it("and never for one tier 1 answers", async () => {
		let asked = false;
		const draft = await draftReply(
			compiledSite,
			input("How long does delivery take?", () => {
				asked = true;
				return Promise.resolve(false);
			}),
		);
		expect(draft.explanation.tier).toBe("matcher");
		expect(asked).toBe(false);
	});
});

describe("a draft stopped while its Claude call is reserved", () => {
	it("calls no one, reports no call, and says it is no answer to give", async () => {
		const stop = new AbortController();
		let reserve: (reserved: boolean) => void = () => {};
		const drafting = draftReply(compiledSite, {
			...input("Do you also make custom wedding gift boxes?", () => new Promise((resolve) => (reserve = resolve))),
			signal: stop.signal,
		});
		stop.abort();
		reserve(true);
		const draft = await drafting;
		// Called, the unreachable address above would have failed as "network", with the call's usage reported.
		expect(draft).toMatchObject({ stopped: true, explanation: { tier: "fallback", llmFailure: "cancelled" } });
		expect(draft.claudeUsage).toBeUndefined();
	});
});
