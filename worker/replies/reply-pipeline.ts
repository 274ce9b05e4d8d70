import type { ReplyExplanation } from "../../shared/protocol.ts";
import type { SiteConfig } from "../../shared/site-config.ts";
import { matchKeywordRule } from "./keyword-rules.ts";

export interface ReplyDraft {
	text: string;
	explanation: ReplyExplanation;
}

/**
 * Decides the assistant's answer to one customer message. This is the seam
 * where the intent cascade plugs in: each tier either answers or passes, and
 * the honest fallback (which offers a human) answers what no tier could.
 */
export async function draftReply(text: string, config: SiteConfig): Promise<ReplyDraft> {
	const started = Date.now();
	const explain = (tier: ReplyExplanation["tier"], intent: string | null, confidence: number): ReplyExplanation => ({
		tier,
		intent,
		confidence,
		latencyMs: Date.now() - started,
	});

	const rule = matchKeywordRule(text, config.intents);
	if (rule) return { text: rule.response.text, explanation: explain("rule", rule.id, 1) };
	return { text: config.assistant.fallback, explanation: explain("fallback", null, 0) };
}
