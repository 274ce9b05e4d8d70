/** One counter per window: how many calls were allowed in it and when it started. */
export interface WindowCount {
	startedAt: number;
	count: number;
}

export interface WindowRule {
	/** Names the counter, e.g. "messages/minute". */
	key: string;
	limit: number;
	windowMs: number;
}

/** Allowed, with when each rule's window that counted the call started (what a give-back must find), or refused. */
export type Allowance = { ok: true; windows: number[] } | { ok: false; retryAfterSeconds: number };

/**
 * Fixed windows: cheap and predictable for a customer told "try again in N
 * seconds". A call is allowed only if every rule has room, and only then
 * counted against all of them, so a refused call never uses up an allowance.
 */
export function takeAllowance(counts: Map<string, WindowCount>, rules: WindowRule[], now: number): Allowance {
	const current = currentCounts(counts, rules, now);
	const waits = rules.flatMap((rule, index) => (current[index].count >= rule.limit ? [current[index].startedAt + rule.windowMs - now] : []));
	if (waits.length) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(Math.max(...waits) / 1000)) };
	rules.forEach((rule, index) => counts.set(rule.key, { startedAt: current[index].startedAt, count: current[index].count + 1 }));
	return { ok: true, windows: current.map((count) => count.startedAt) };
}

/** Whether a call would be allowed now, counting nothing. */
export function hasRoom(counts: Map<string, WindowCount>, rules: WindowRule[], now: number): boolean {
	const current = currentCounts(counts, rules, now);
	return rules.every((rule, index) => current[index].count < rule.limit);
}

/** Each rule's count in its window running now: a new, empty one where the last has ended. */
function currentCounts(counts: Map<string, WindowCount>, rules: WindowRule[], now: number): WindowCount[] {
	return rules.map((rule) => {
		const count = counts.get(rule.key);
		return count && now - count.startedAt < rule.windowMs ? count : { startedAt: now, count: 0 };
	});
}

/** Uncounts one call allowed by `takeAllowance` from the windows that counted it; a window since replaced keeps its count. */
export function giveBackAllowance(counts: Map<string, WindowCount>, rules: WindowRule[], windows: readonly number[]): void {
	rules.forEach((rule, index) => {
		const count = counts.get(rule.key);
		if (count && count.startedAt === windows[index] && count.count > 0) counts.set(rule.key, { ...count, count: count.count - 1 });
	});
}
