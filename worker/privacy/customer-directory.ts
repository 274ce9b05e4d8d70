// Which conversations recorded an e-mail address, so that the site owner can answer a customer who writes
// in ("what do you keep about me?", "erase it") without knowing any conversation's id. One object per
// address, named by the SHA-256 of the address (customerKey): no object holds the address itself, and no
// single object sits on every conversation's path. An entry goes when its conversation is erased on request,
// and otherwise once the object finds the conversation gone: it asks each one an hour after its retention
// would end, and when it is still there (something happened in it since), again after its new deadline.
import { DurableObject } from "cloudflare:workers";
import type { EmailSource } from "../../shared/webhook-events.ts";
import { sha256 } from "../crypto/secrets.ts";
import type { Env } from "../env.ts";
import { alarmNoLaterThan } from "../durable/alarm.ts";
import { logError } from "./safe-log.ts";

/** How the conversation came to record the address (the webhooks' `customer.emailSource`). */
export type ListingSource = EmailSource;

export interface Listing {
	conversationId: string;
	source: ListingSource;
	listedAt: string;
}

interface StoredListing {
	source: ListingSource;
	listedAt: number;
	checkAt: number;
}

// A conversation deletes itself by its own alarm at its deadline: asked then, it could still be there.
export const CHECK_AFTER_DEADLINE_MS = 60 * 60 * 1000;
// A conversation that did not answer the check (a restart, an overloaded object) is asked again this much later.
const RETRY_MS = 60 * 60 * 1000;

export class CustomerDirectory extends DurableObject<Env> {
	/** `checkAt`: when to ask whether the conversation is still there, an hour after its retention deadline as the conversation knows it. */
	async add(conversationId: string, source: ListingSource, checkAt: number): Promise<void> {
		const { kv } = this.ctx.storage;
		const earlier = kv.get<StoredListing>(conversationId);
		// The customer's own address (signed in, left in the form) outranks one only seen in a message, which may arrive after it.
		const kept = earlier && earlier.source !== "message" ? earlier.source : source;
		kv.put<StoredListing>(conversationId, { source: kept, listedAt: earlier?.listedAt ?? Date.now(), checkAt: Math.max(checkAt, earlier?.checkAt ?? 0) });
		await alarmNoLaterThan(this.ctx.storage, checkAt);
	}

	/** An object left with no entry keeps nothing, not even that the address was seen. */
	async remove(conversationId: string): Promise<void> {
		this.ctx.storage.kv.delete(conversationId);
		if (this.#entries().length === 0) await this.#forgetAll();
	}

	/** Oldest first. */
	list(): Listing[] {
		return this.#entries()
			.sort(([, a], [, b]) => a.listedAt - b.listedAt)
			.map(([conversationId, { source, listedAt }]) => ({ conversationId, source, listedAt: new Date(listedAt).toISOString() }));
	}

	async alarm(): Promise<void> {
		const { kv } = this.ctx.storage;
		const now = Date.now();
		for (const [conversationId] of this.#entries().filter(([, entry]) => entry.checkAt <= now)) {
			const checkAt = await this.#nextCheck(conversationId, now);
			// Read again after the wait: an erasure may have removed the entry meanwhile, and must stay removed.
			const listing = kv.get<StoredListing>(conversationId);
			if (!listing) continue;
			if (checkAt === null) kv.delete(conversationId);
			else kv.put<StoredListing>(conversationId, { ...listing, checkAt });
		}
		const next = Math.min(...this.#entries().map(([, entry]) => entry.checkAt));
		if (Number.isFinite(next)) await this.ctx.storage.setAlarm(next);
		else await this.#forgetAll();
	}

	/** Null once the conversation is gone; never sooner than RETRY_MS, even for one still there past its deadline (its own alarm failed). */
	async #nextCheck(conversationId: string, now: number): Promise<number | null> {
		try {
			const summary = await this.env.CONVERSATIONS.get(this.env.CONVERSATIONS.idFromName(conversationId)).summary();
			return summary === null ? null : Math.max(Date.parse(summary.retention.deleteAfter) + CHECK_AFTER_DEADLINE_MS, now + RETRY_MS);
		} catch (error) {
			logError("a listed conversation did not answer the directory's check; it is asked again later", error);
			return now + RETRY_MS;
		}
	}

	#entries(): Array<[string, StoredListing]> {
		return [...this.ctx.storage.kv.list<StoredListing>()];
	}

	async #forgetAll(): Promise<void> {
		await this.ctx.storage.deleteAlarm();
		await this.ctx.storage.deleteAll();
	}
}

/** A domain as DNS has it: browsers' e-mail fields send "bücher.de" as "xn--bcher-kva.de", and a customer types either. */
function asciiDomain(domain: string): string {
	try {
		return new URL(`http://${domain}`).hostname;
	} catch {
		return domain;
	}
}

/**
 * The name of an address's directory: its SHA-256, of the address as people mean it ("Sam@Example.com " is
 * "sam@example.com"; the same letters typed composed or decomposed, or the domain in Unicode or punycode, are
 * the same address).
 */
export function customerKey(email: string): Promise<string> {
	const address = email.normalize("NFC").trim().toLowerCase();
	const at = address.lastIndexOf("@");
	return sha256(`${address.slice(0, at + 1)}${asciiDomain(address.slice(at + 1))}`);
}

export function directoryOf(env: Env, key: string): DurableObjectStub<CustomerDirectory> {
	return env.CUSTOMER_DIRECTORIES.get(env.CUSTOMER_DIRECTORIES.idFromName(key));
}
