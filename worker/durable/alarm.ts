// A Durable Object has one alarm; objects that need it for several things set
// it for whichever is due first, and never push back one already due sooner.

/** The first of several times; null when none is set. */
export function earliest(...times: ReadonlyArray<number | null>): number | null {
	const set = times.filter((time): time is number => time !== null);
	return set.length ? Math.min(...set) : null;
}

/**
 * Moves an object's alarm to `at` unless it already rings sooner; an alarm running now reads as none.
 * One already past due is set again as it is: wrangler dev forgets alarms across a restart while storage
 * still lists them, and setting it again makes it ring.
 */
export async function alarmNoLaterThan(storage: DurableObjectStorage, at: number): Promise<void> {
	const current = await storage.getAlarm();
	if (current === null || current > at) await storage.setAlarm(at);
	else if (current < Date.now()) await storage.setAlarm(current);
}
