// The inbox's tickets and the webhook ids already processed, kept in memory and
// written to one JSON file after every change, so a restart keeps both.
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { Handoff, InboxEvent, TranscriptMessage } from "./events.ts";

export type TicketStatus = "open" | "resolved" | "handed_back";

export interface Ticket extends Handoff {
	status: TicketStatus;
	/** The customer's latest rating once the conversation was resolved. */
	rating?: { stars: number; comment: string | null };
	receivedAt: string;
	updatedAt: string;
}

interface StoredState {
	tickets: Ticket[];
	processedWebhookIds: string[];
}

/** Redeliveries come within hours; remembering more ids than this only grows the file. */
const MAX_REMEMBERED_WEBHOOK_IDS = 10_000;

export type RecordOutcome = "applied" | "duplicate" | "unknown_ticket";

export class TicketStore {
	readonly file: string;
	// Map order is arrival order, which list() reverses for newest first.
	private readonly tickets: Map<string, Ticket>;
	private readonly processedWebhookIds: Set<string>;
	private saving: Promise<void> = Promise.resolve();

	private constructor(file: string, state: StoredState) {
		this.file = file;
		this.tickets = new Map(state.tickets.map((ticket) => [ticket.ticketId, ticket]));
		this.processedWebhookIds = new Set(state.processedWebhookIds);
	}

	static async open(file: string): Promise<TicketStore> {
		return new TicketStore(file, await load(file));
	}

	list(): Ticket[] {
		return [...this.tickets.values()].reverse();
	}

	get(ticketId: string): Ticket | undefined {
		return this.tickets.get(ticketId);
	}

	/**
	 * Applies a webhook event once per webhook id. An event about a ticket the inbox never saw is
	 * not remembered, so a redelivery after its handoff has arrived still applies.
	 */
	record(webhookId: string, event: InboxEvent): RecordOutcome {
		if (this.processedWebhookIds.has(webhookId)) return "duplicate";
		if (!this.apply(event)) return "unknown_ticket";
		this.processedWebhookIds.add(webhookId);
		if (this.processedWebhookIds.size > MAX_REMEMBERED_WEBHOOK_IDS) {
			this.processedWebhookIds.delete(this.processedWebhookIds.values().next().value as string);
		}
		return "applied";
	}

	addMessage(ticketId: string, message: TranscriptMessage): void {
		this.update(ticketId, (ticket) => ({ transcript: mergeMessages(ticket.transcript, [message]) }));
	}

	setStatus(ticketId: string, status: TicketStatus): void {
		this.update(ticketId, () => ({ status }));
	}

	/** Writes the current state; writes are queued so an older snapshot never lands after a newer one. */
	save(): Promise<void> {
		const state: StoredState = { tickets: [...this.tickets.values()], processedWebhookIds: [...this.processedWebhookIds] };
		const json = `${JSON.stringify(state, null, "\t")}\n`;
		this.saving = this.saving.catch(() => {}).then(() => writeAtomically(this.file, json));
		return this.saving;
	}

	private apply(event: InboxEvent): boolean {
		switch (event.type) {
			case "handoff.created":
				this.upsertHandoff(event.data);
				return true;
			case "conversation.message.created":
				return this.update(event.data.ticketId, (ticket) => ({ transcript: mergeMessages(ticket.transcript, [event.data.message]) }));
			case "conversation.contact.updated":
				// The fields the event carries replace the stored ones; any it leaves out keep their value.
				return this.update(event.data.ticketId, (ticket) => ({ customer: { ...ticket.customer, ...event.data.customer } }));
			case "conversation.rated":
				return this.update(event.data.ticketId, () => ({ rating: { stars: event.data.rating, comment: event.data.comment ?? null } }));
			case "conversation.erased":
				this.forget(event.data.conversationId);
				return true;
		}
	}

	/** The customer's conversation was erased at Frontdesk: the inbox keeps no copy either. */
	private forget(conversationId: string): void {
		for (const [ticketId, ticket] of this.tickets) if (ticket.conversationId === conversationId) this.tickets.delete(ticketId);
	}

	/** A second handoff of the same ticket refreshes its details and reopens it, keeping the messages already shown. */
	private upsertHandoff(handoff: Handoff): void {
		const now = new Date().toISOString();
		const existing = this.tickets.get(handoff.ticketId);
		this.tickets.set(handoff.ticketId, {
			...handoff,
			transcript: mergeMessages(existing?.transcript ?? [], handoff.transcript),
			status: "open",
			receivedAt: existing?.receivedAt ?? now,
			updatedAt: now,
		});
	}

	private update(ticketId: string, change: (ticket: Ticket) => Partial<Ticket>): boolean {
		const ticket = this.tickets.get(ticketId);
		if (!ticket) return false;
		this.tickets.set(ticketId, { ...ticket, ...change(ticket), updatedAt: new Date().toISOString() });
		return true;
	}
}

/** Adds messages not seen yet (by seq) and keeps the transcript in seq order, whatever order they arrive in. */
function mergeMessages(transcript: TranscriptMessage[], more: TranscriptMessage[]): TranscriptMessage[] {
	const bySeq = new Map(transcript.map((message) => [message.seq, message]));
	for (const message of more) if (!bySeq.has(message.seq)) bySeq.set(message.seq, message);
	return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

async function load(file: string): Promise<StoredState> {
	let text: string;
	try {
		text = await readFile(file, "utf8");
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === "ENOENT") return { tickets: [], processedWebhookIds: [] };
		throw error;
	}
	try {
		return JSON.parse(text) as StoredState;
	} catch {
		// Starting empty would overwrite the tickets on the next save.
		throw new Error(`${file} is not valid JSON; move it away to start with an empty inbox.`);
	}
}

/** Writes beside the file and renames, so a crash mid-write never leaves half a file behind. */
async function writeAtomically(file: string, contents: string): Promise<void> {
	await mkdir(dirname(file), { recursive: true });
	const temporary = `${file}.${process.pid}.tmp`;
	await writeFile(temporary, contents);
	await rename(temporary, file);
}
