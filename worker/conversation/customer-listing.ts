// Listing the conversation in the customer directories (customer-directory.ts) under the addresses it holds, so that
// the site owner can find it by a customer's address; the listings themselves are kept by DirectoryListings.
import { CHECK_AFTER_DEADLINE_MS, customerKey, type ListingSource } from "../privacy/customer-directory.ts";
import type { DirectoryListings } from "../privacy/directory-listings.ts";
import type { ConversationRecordStore } from "./conversation-record.ts";
import type { ConversationLifecycle } from "./lifecycle.ts";

// Addresses a conversation is listed under, at most, of each side (see listUnder).
const MAX_LISTINGS = 10;

/** What listing a conversation reads and writes: the conversation, its listings, and its lifecycle for the deadline and the alarm. */
export interface ListingParts {
	record: ConversationRecordStore;
	listings: DirectoryListings;
	lifecycle: Pick<ConversationLifecycle, "deadline" | "sendWithRetry">;
}

/**
 * The site owner can now find the conversation by these addresses (CustomerDirectory), all sent in one go.
 * Up to MAX_LISTINGS addresses written in messages (a pasted list of addresses must not become a directory
 * call each), and as many of the customer's own, so that a long list never crowds out the address they left.
 */
export async function listUnder(parts: ListingParts, emails: readonly string[], source: ListingSource): Promise<void> {
	const keys = await Promise.all(emails.map(customerKey));
	// Erased while the keys were worked out: nothing may be stored any more.
	if (!parts.record.get()) return;
	for (const key of keys) if (parts.listings.has(key) || parts.listings.countLike(source) < MAX_LISTINGS) parts.listings.record(key, source);
	await sendPendingListings(parts);
}

/**
 * Sends what is not sent yet, with the alarm set to send it again (ConversationLifecycle.sendWithRetry): a listing
 * missing from its directory would hide the conversation from the site owner's lookup by address (an erasure request
 * among them).
 */
export async function sendPendingListings(parts: ListingParts): Promise<void> {
	const record = parts.record.get();
	if (!record || parts.listings.retryAt() === null) return;
	await parts.lifecycle.sendWithRetry(async () => {
		await parts.listings.sendPending(record.id, directoryCheckAt(parts));
		return parts.listings.retryAt() === null;
	});
}

/**
 * On waking: lists the address of a conversation stored before directories existed (marked "message",
 * the cautious guess, unless the site signed it), and sends again a listing that failed. One with any
 * listing had its address listed when it was recorded: hashing the address again on every wake of every
 * conversation would only find it there.
 */
export async function listRecordedAddress(parts: ListingParts): Promise<void> {
	const record = parts.record.get();
	if (record?.customerEmail && parts.listings.count() === 0) await listUnder(parts, [record.customerEmail], record.customerId === null ? "message" : "signed_in");
	else await sendPendingListings(parts);
}

/** When the directory should ask whether the conversation is still there: an hour after its retention deadline. */
function directoryCheckAt(parts: ListingParts): number {
	return parts.lifecycle.deadline() + CHECK_AFTER_DEADLINE_MS;
}
