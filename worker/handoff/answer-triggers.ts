// The hand-offs an AI answer sets off by itself: the one its draft asks for, and repeated failure, counted in failed turns in a row.
import type { HandoffReason } from "../../shared/protocol.ts";
import type { SiteConfig } from "../../shared/site-config.ts";
import type { ReplyDraft } from "../replies/reply-pipeline.ts";

/** A reply that did not really help: the fallback, or Claude answering with no intent. */
function failedReply(draft: ReplyDraft): boolean {
	return draft.explanation.tier === "fallback" || (draft.explanation.tier === "llm" && draft.explanation.intent === null);
}

/** Failed AI turns in a row: a rejection marks the previous answer as failed, a failed reply adds itself. */
export function failuresAfter(previous: number, rejected: boolean, draft: ReplyDraft): number {
	const counted = rejected ? previous + 1 : previous;
	if (failedReply(draft)) return counted + 1;
	return rejected ? counted : 0;
}

/** The hand-off the answer itself asks for, where its trigger is on. */
export function askedHandoff(draft: ReplyDraft, triggers: SiteConfig["handoff"]["triggers"]): HandoffReason | null {
	if (draft.handoff === "sensitive" && triggers.sensitive) return "sensitive";
	if (draft.handoff === "customer_request" && triggers.customerRequest) return "customer_request";
	if (draft.handoff === "negative_sentiment") return "negative_sentiment";
	return null;
}
