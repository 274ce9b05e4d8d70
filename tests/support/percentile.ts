/** Nearest-rank percentile (p in 0–100) of unsorted values; NaN when there are none, so an empty row reads as no data. */
export function percentile(values: readonly number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}
