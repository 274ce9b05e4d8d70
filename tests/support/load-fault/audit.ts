// What the worker stored, checked against what each customer sent: nothing acknowledged is missing,
// nothing is stored twice or out of order, and every customer message got an answer — a reply, the
// fallback or the hand-off notice — unless a person already owned the conversation, in which case the
// worker forwards it to the helpdesk instead and stays quiet.
import type { Message, MessagePage, ReplyTier } from "../../../shared/protocol.ts";
import type { ProcessedWebhook } from "../webhook-receiver.ts";
import type { ConversationKey, CustomerRecord } from "./customer.ts";

export interface ConversationAudit {
	conversationId: string;
	lost: string[];
	/** Extra copies: a clientMessageId stored n times counts n − 1. */
	duplicated: number;
	/** Customer messages stored before one the customer sent earlier, and seqs that did not increase. */
	outOfOrder: number;
	/** Customer messages the customer never sent. */
	unexpected: number;
	unanswered: string[];
	/**
	 * Messages whose answer a restart cut off (the customer's stream ended after the message was stored)
	 * and that a person took over before the owed answer came: the person answers them, from the ticket.
	 */
	leftToPerson: string[];
	/** Seq of the first hand-off notice, or null when the conversation stayed with the AI. */
	handedOffAt: number | null;
	/** Seqs of the customer messages stored after the hand-off, which go to the helpdesk instead of being answered. */
	forwarded: number[];
	tiers: ReplyTier[];
	/** Why each fallback was sent: the Claude failure it stands in for, or "no Claude failure". */
	fallbackCauses: string[];
}

const HANDOFF_CREATED = "handoff.created";
const MESSAGE_FORWARDED = "conversation.message.created";

/** Every stored message, page by page; null when the worker would not answer. */
export async function readBack(url: string, conversation: ConversationKey): Promise<Message[] | null> {
	const messages: Message[] = [];
	for (;;) {
		const after = messages.at(-1)?.seq ?? 0;
		const response = await fetch(`${url}/v1/conversations/${conversation.id}/messages?after=${after}`, { headers: { Authorization: `Bearer ${conversation.token}` } });
		if (!response.ok) return null;
		const page = (await response.json()) as MessagePage;
		messages.push(...page.messages);
		if (page.messages.length === 0 || page.messages.at(-1)!.seq >= page.lastSeq) return messages;
	}
}

function seqRegressions(messages: Message[]): number {
	return messages.filter((message, index) => index > 0 && message.seq <= messages[index - 1].seq).length;
}

/** Stored customer messages that come after one the customer sent later. */
function sendOrderInversions(customerMessages: Message[], sentPosition: Map<string, number>): number {
	let latest = -1;
	let inversions = 0;
	for (const message of customerMessages) {
		const position = sentPosition.get(message.clientMessageId ?? "");
		if (position === undefined) continue;
		if (position < latest) inversions++;
		latest = Math.max(latest, position);
	}
	return inversions;
}

function isAnswer(message: Message): boolean {
	return message.role === "assistant" || message.kind === "handoff_requested";
}

export function auditConversation(record: CustomerRecord & { conversation: ConversationKey }, stored: Message[]): ConversationAudit {
	const customerMessages = stored.filter((message) => message.role === "customer");
	const copies = new Map<string, Message[]>();
	for (const message of customerMessages) copies.set(message.clientMessageId ?? "", [...(copies.get(message.clientMessageId ?? "") ?? []), message]);
	const sentPosition = new Map(record.messages.map((message, position) => [message.clientMessageId, position]));
	const answered = new Set(stored.filter(isAnswer).map((message) => message.replyTo));
	const handedOffAt = stored.find((message) => message.kind === "handoff_requested")?.seq ?? null;
	const firstCopies = [...copies.values()].map((same) => same[0]);
	const afterHandoff = (message: Message) => handedOffAt !== null && message.seq > handedOffAt;
	const cutOff = new Set(record.messages.filter((sent) => sent.storedAt !== null && sent.attemptMs === null).map((sent) => sent.clientMessageId));
	const leftToPerson = (message: Message) => handedOffAt !== null && message.seq < handedOffAt && cutOff.has(message.clientMessageId ?? "");
	const withoutAnswer = firstCopies.filter((message) => !answered.has(message.seq) && !afterHandoff(message));
	const idOf = (message: Message) => message.clientMessageId ?? `seq ${message.seq}`;
	return {
		conversationId: record.conversation.id,
		lost: record.messages.filter((sent) => sent.storedAt !== null && copies.get(sent.clientMessageId)?.[0]?.text !== sent.text).map((sent) => sent.clientMessageId),
		duplicated: [...copies.values()].reduce((extra, same) => extra + same.length - 1, 0),
		outOfOrder: seqRegressions(stored) + sendOrderInversions(customerMessages, sentPosition),
		unexpected: firstCopies.filter((message) => !sentPosition.has(message.clientMessageId ?? "")).length,
		unanswered: withoutAnswer.filter((message) => !leftToPerson(message)).map(idOf),
		leftToPerson: withoutAnswer.filter(leftToPerson).map(idOf),
		handedOffAt,
		forwarded: firstCopies.filter((message) => !answered.has(message.seq) && afterHandoff(message)).map((message) => message.seq),
		tiers: stored.flatMap((message) => (message.role === "assistant" && message.explanation ? [message.explanation.tier] : [])),
		fallbackCauses: stored.flatMap((message) => (message.explanation?.tier === "fallback" ? [message.explanation.llmFailure ?? "no Claude failure"] : [])),
	};
}

export interface ExpectedWebhook {
	conversationId: string;
	type: typeof HANDOFF_CREATED | typeof MESSAGE_FORWARDED;
	/** For a forwarded message, its seq. */
	seq?: number;
}

/** What the helpdesk must end up with: a ticket per handed-off conversation and every message forwarded after it. */
export function expectedWebhooks(audits: ConversationAudit[]): ExpectedWebhook[] {
	return audits.flatMap((audit) =>
		audit.handedOffAt === null
			? []
			: [{ conversationId: audit.conversationId, type: HANDOFF_CREATED } as ExpectedWebhook, ...audit.forwarded.map((seq): ExpectedWebhook => ({ conversationId: audit.conversationId, type: MESSAGE_FORWARDED, seq }))],
	);
}

function forwardedSeq(webhook: ProcessedWebhook): number | undefined {
	return (webhook.data.message as { seq?: number } | undefined)?.seq;
}

export function isProcessed(expected: ExpectedWebhook, processed: ProcessedWebhook[]): boolean {
	return processed.some((webhook) => webhook.data.conversationId === expected.conversationId && webhook.type === expected.type && (expected.seq === undefined || forwardedSeq(webhook) === expected.seq));
}

export interface TicketCounts {
	/** Handed-off conversations for which the helpdesk processed more than one ticket (a redelivery keeps its webhook id, so it is not one). */
	duplicated: number;
	/** Tickets for conversations that were never handed off. */
	unexpected: number;
	/** Messages the helpdesk processed twice under different webhook ids. */
	duplicatedForwards: number;
}

export function ticketCounts(audits: ConversationAudit[], processed: ProcessedWebhook[]): TicketCounts {
	const handedOff = new Set(audits.filter((audit) => audit.handedOffAt !== null).map((audit) => audit.conversationId));
	const tickets = new Map<string, number>();
	const forwards = new Map<string, number>();
	for (const webhook of processed) {
		const id = webhook.data.conversationId ?? "";
		if (webhook.type === HANDOFF_CREATED) tickets.set(id, (tickets.get(id) ?? 0) + 1);
		if (webhook.type === MESSAGE_FORWARDED) forwards.set(`${id}/${forwardedSeq(webhook)}`, (forwards.get(`${id}/${forwardedSeq(webhook)}`) ?? 0) + 1);
	}
	return {
		duplicated: [...tickets].filter(([id, count]) => handedOff.has(id) && count > 1).length,
		unexpected: [...tickets.keys()].filter((id) => !handedOff.has(id)).length,
		duplicatedForwards: [...forwards.values()].filter((count) => count > 1).length,
	};
}
