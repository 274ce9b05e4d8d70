// A customer message as its answer reads it: its text and entities, who sent it, and what came before it.
import type { Message, MessageEntity } from "../../shared/protocol.ts";
import type { ConversationTurn } from "../cascade/llm/prompt.ts";
import { compiledSite } from "../config/compiled-site.ts";
import type { MessageStore } from "./message-store.ts";

const { config } = compiledSite;

/** What the request says about whoever sent a message, beyond its body. */
export interface Sender {
	/** Where Cloudflare places them (`request.cf.timezone`): "yesterday" in their message counts from their day. */
	timeZone?: string;
	/** Their address (`CF-Connecting-IP`): a Claude call made for their message counts against its share of the budget. */
	clientIp?: string;
	/** False once that share (`limits.ipClaudeCallsPerHour`) is spent: their message gets no Claude call. */
	claudeRoom?: boolean;
}

/** A customer message as its answer reads it, before it is stored or after. */
export interface Question {
	text: string;
	entities: MessageEntity[];
	/** When it arrived (ms since the epoch): latencies count from there, so an answer given after a restart counts the whole wait. */
	receivedAt: number;
	/** The message before it. */
	previous: Message | undefined;
	/** The conversation before it that Claude is given, oldest first. */
	history: ConversationTurn[];
	/** Who sent it, for a message answered as it arrives; an answer owed since a restart has no request to read it from. */
	sender?: Sender;
}

function asTurn(message: Message): ConversationTurn | null {
	if (message.role === "system" || message.kind !== "text") return null;
	return { role: message.role, text: message.text };
}

/** What an answer reads of the messages before `seq`, or before every stored one when null. */
export function readBefore(messages: MessageStore, seq: number | null): Pick<Question, "previous" | "history"> {
	const { historyMessages } = config.cascade.llm;
	// Two more than the history: a stored message itself, and the one before it even when Claude is given no history.
	const earlier = messages.recent(historyMessages + 2).filter((message) => seq === null || message.seq < seq);
	return { previous: earlier.at(-1), history: earlier.slice(Math.max(0, earlier.length - historyMessages)).flatMap((message) => asTurn(message) ?? []) };
}

/** The intent the message before suggested on its own ("Did you mean…?"), which a yes to it picks. */
export function suggestedIntent(previous: Message | undefined): string | undefined {
	const choices = previous?.explanation?.tier === "fallback" ? previous.explanation.choices : undefined;
	return choices?.length === 1 ? choices[0] : undefined;
}
