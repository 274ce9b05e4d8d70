import type { Env } from "../env.ts";
import { logError } from "../privacy/safe-log.ts";
import { giveBackClaudeCall, type ReservedCall, reserveClaudeCall, stillCounted } from "./claude-budget.ts";

/**
 * One Claude call this isolate reserved in the budget ahead of need. Budget shards live where they were first
 * used, which can be another continent: a customer's message then reaches Claude without waiting a round trip
 * to one, and the next call is reserved once the reply is written. Every call made is still counted first, in
 * the minute and day it is made in; at worst, one reserved call per isolate is lost when the isolate is evicted.
 */
let ahead: ReservedCall | null = null;
let reserving = false;
/** Every shard asked had no room for a call reserved ahead until then: each start would otherwise ask them all again. */
let noRoomAheadUntil = 0;

/** Whether a call reserved ahead still counts: taking one then waits for no shard. */
export function hasCallReservedAhead(): boolean {
	return ahead !== null && stillCounted(ahead, Date.now());
}

/**
 * A place in the site's Claude budget for a call about to be made: the one reserved ahead if it still counts,
 * else one reserved now, waited for until `notAfter` at most; null when the budget has none. `waitUntil` keeps
 * the object alive while one that no longer counts is given back.
 */
export async function takeClaudeCall(env: Env, notAfter: number, waitUntil: (promise: Promise<unknown>) => void): Promise<ReservedCall | null> {
	const reserved = ahead;
	ahead = null;
	if (reserved && stillCounted(reserved, Date.now())) return reserved;
	if (reserved) waitUntil(giveBack(env, reserved));
	const reservation = await reserveClaudeCall(env, notAfter);
	return reservation.ok ? reservation.call : null;
}

/** A call taken and then not made (its reply was stopped, or its time was up, before Claude was asked) is given back. */
export function giveBackUnmadeCall(env: Env, call: ReservedCall, waitUntil: (promise: Promise<unknown>) => void): void {
	waitUntil(giveBack(env, call));
}

/**
 * Reserves the next call, unless one that still counts is reserved, or one is being reserved, or the shards
 * had no room for one when last asked; one that no longer counts is given back. Called as a conversation
 * starts (the widget starts it as the customer types, seconds before their message), and once a reply that
 * took a call is written, not before: the reservation then neither delays that reply nor competes with it
 * for the CPU. Nothing here hands a promise to another request: the workers runtime does not let one wait
 * on another's.
 */
export async function reserveClaudeCallAhead(env: Env): Promise<void> {
	const now = Date.now();
	if (reserving || now < noRoomAheadUntil || hasCallReservedAhead()) return;
	const stale = ahead;
	ahead = null;
	reserving = true;
	try {
		const [reservation] = await Promise.all([reserveClaudeCall(env, Infinity, "ahead"), stale && giveBack(env, stale)]);
		if (reservation.ok) ahead = reservation.call;
		else noRoomAheadUntil = Date.now() + reservation.retryAfterSeconds * 1000;
	} catch (error) {
		logError("Claude call not reserved ahead", error);
	} finally {
		reserving = false;
	}
}

async function giveBack(env: Env, call: ReservedCall): Promise<void> {
	try {
		await giveBackClaudeCall(env, call);
	} catch (error) {
		logError("reserved Claude call not given back", error);
	}
}
