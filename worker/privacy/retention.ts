// How long personal data is kept: `privacy.retentionDays` after the last
// activity of the conversation it belongs to.
import { siteConfig } from "../config/site-config.ts";
import { DAY_MS } from "../time/durations.ts";

export const RETENTION_DAYS = siteConfig.privacy.retentionDays;

/** When data last touched at `lastActivityAt` (ISO) must be gone, in ms since the epoch. */
export function retentionDeadline(lastActivityAt: string): number {
	return Date.parse(lastActivityAt) + RETENTION_DAYS * DAY_MS;
}

/** Data last touched at or before this instant (ISO) is due for deletion at `now`. */
export function retentionCutoff(now: number): string {
	return new Date(now - RETENTION_DAYS * DAY_MS).toISOString();
}
