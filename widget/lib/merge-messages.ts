import type { Message } from "../../shared/protocol.ts";

/** Adds messages to a list ordered by seq, keeping one copy of each seq. */
export function mergeMessages(current: readonly Message[], incoming: readonly Message[]): Message[] {
	const bySeq = new Map(current.map((message) => [message.seq, message]));
	for (const message of incoming) bySeq.set(message.seq, message);
	return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}
