// How long personal data is kept: `privacy.retentionDays` after the last
// activity of the conversation it belongs to.
import { siteConfig } from "../config/site-config.ts";

const DAY_MS = 86_400_000;

export const RETENTION_DAYS = siteConfig.privacy.retentionDays;

/** When data last touched at `lastActivityAt` (ISO) must be gone, in ms since the epoch. */
export function retentionDeadline(lastActivityAt: string, days: number = RETENTION_DAYS): number {
	return Date.parse(lastActivityAt) + days * DAY_MS;
}

/** Data last touched at or before this instant (ISO) is due for deletion at `now`. */
export function retentionCutoff(now: number, days: number = RETENTION_DAYS): string {
	return new Date(now - days * DAY_MS).toISOString();
}

/** One alarm serves several purposes, so it rings for whichever is due first; null when none is. */
export function earliest(...times: ReadonlyArray<number | null>): number | null {
	const set = times.filter((time): time is number => time !== null);
	return set.length ? Math.min(...set) : null;
}

/** Moves an object's alarm to `at` unless it already rings sooner; an alarm running now reads as none. */
export async function alarmNoLaterThan(storage: DurableObjectStorage, at: number): Promise<void> {
	const current = await storage.getAlarm();
	if (current === null || current > at) await storage.setAlarm(at);
}
