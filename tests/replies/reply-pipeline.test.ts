import { afterEach, describe, expect, it, vi } from "vitest";
import { compiledSite } from "../../worker/config/compiled-site.ts";
import { type CountedLlmCall, draftReply, type ReplyInput } from "../../worker/replies/reply-pipeline.ts";

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

// The conversation stores a Claude-bound message only once the request is out (answering.ts, answer()),
// and knows to wait by the reservation. Asked for after an await, it would store first, and every reply to Claude
// would wait for storage: slower, with nothing else to show it.
/** The draft for `text`, started, every Claude call refused; `asked()` says whether it asked for one yet. */
function drafting(text: string) {
	let asked = false;
	const draft = draftReply(
		compiledSite,
		input(text, () => {
			asked = true;
			return Promise.resolve(null);
		}),
	);
	return { draft, asked: () => asked };
}

describe("the Claude call is asked for before the draft's first await", () => {
	it("for a message tier 1 cannot answer", async () => {
		const started = drafting("Do you also make custom wedding gift boxes?");
		expect(started.asked()).toBe(true);
		expect((await started.draft).explanation).toMatchObject({ tier: "fallback", llmFailure: "over_budget" });
	});

	it("and never for one tier 1 answers", async () => {
		const started = drafting("How long does delivery take?");
		expect((await started.draft).explanation.tier).toBe("matcher");
		expect(started.asked()).toBe(false);
	});

	it("nor for a question whether it is an AI, which the disclosure answers, Claude or not", async () => {
		const started = drafting("wait, are you a bot?");
		expect(await started.draft).toMatchObject({ text: compiledSite.config.assistant.disclosure, explanation: { tier: "rule", intent: null }, handoff: null });
		expect(started.asked()).toBe(false);
	});
});

/** A reservation the test settles, and whether the call it counted was given back. */
function heldReservation() {
	let reserve: (call: CountedLlmCall | null) => void = () => {};
	const call = { givenBack: false, giveBack: () => (call.givenBack = true) };
	const reserveLlmCall = () => new Promise<CountedLlmCall | null>((resolve) => (reserve = resolve));
	return { reserveLlmCall, call, grant: () => reserve(call) };
}

describe("a Claude call reserved and then not made", () => {
	afterEach(() => vi.useRealTimers());

	it("when the draft is stopped meanwhile: no one is called, no call reported, the call is given back, and the draft is no answer to give", async () => {
		const stop = new AbortController();
		const held = heldReservation();
		const drafting = draftReply(compiledSite, { ...input("Do you also make custom wedding gift boxes?", held.reserveLlmCall), signal: stop.signal });
		stop.abort();
		held.grant();
		const draft = await drafting;
		// Called, the unreachable address above would have failed as "network", with the call's usage reported.
		expect(draft).toMatchObject({ stopped: true, explanation: { tier: "fallback", llmFailure: "cancelled" } });
		expect(draft.claudeUsage).toBeUndefined();
		expect(held.call.givenBack).toBe(true);
	});

	it("but a call made is never given back, even one that failed", async () => {
		const held = heldReservation();
		const drafting = draftReply(compiledSite, input("Do you also make custom wedding gift boxes?", held.reserveLlmCall));
		held.grant();
		expect((await drafting).explanation).toMatchObject({ tier: "fallback", llmFailure: "network" });
		expect(held.call.givenBack).toBe(false);
	});

	it("when the reservation comes after the customer's time for a first token: the fallback is given, and the call given back once it comes", async () => {
		vi.useFakeTimers();
		const held = heldReservation();
		const drafting = draftReply(compiledSite, input("Do you also make custom wedding gift boxes?", held.reserveLlmCall));
		await vi.advanceTimersByTimeAsync(compiledSite.config.cascade.llm.firstTokenTimeoutMs);
		expect((await drafting).explanation).toMatchObject({ tier: "fallback", llmFailure: "timeout" });
		expect(held.call.givenBack).toBe(false);
		held.grant();
		await vi.waitFor(() => expect(held.call.givenBack).toBe(true));
	});
});
