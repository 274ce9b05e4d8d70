import type { LlmIntent } from "../../../worker/cascade/llm/prompt.ts";
import { type ReplyRequest, streamReply } from "../../../worker/cascade/llm/stream-reply.ts";
import { siteConfig } from "../../../worker/config/site-config.ts";
import { baseURL } from "./messages-api.ts";

export const INTENTS: LlmIntent[] = [
	{ id: "delivery_time", description: "When an order will arrive", responseText: "Standard delivery takes 3–5 working days." },
	{ id: "return_policy", description: "How to return an item", responseText: "You can return unused items within 30 days." },
];

export function replyRequest(apiKey: string, overrides: Partial<ReplyRequest> = {}): ReplyRequest {
	const { model, maxTokens, firstTokenTimeoutMs, totalTimeoutMs } = siteConfig.cascade.llm;
	return { apiKey, baseURL, model, maxTokens, firstTokenTimeoutMs, totalTimeoutMs, assistantName: "Fern", intents: INTENTS, history: [], latest: "When will my parcel arrive?", ...overrides };
}

/** Asks for a reply and collects the deltas it streamed, with when each arrived. */
export async function collect(request: ReplyRequest) {
	const started = Date.now();
	const deltas: string[] = [];
	const arrivals: number[] = [];
	const outcome = await streamReply(request, (delta) => {
		deltas.push(delta);
		arrivals.push(Date.now() - started);
	});
	return { outcome, deltas, arrivals, elapsedMs: Date.now() - started };
}
