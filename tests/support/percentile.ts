import { percentile as nearestRank } from "../../cli/lib/metrics.ts";

/** Nearest-rank percentile (p in 0–100) of unsorted values, as `frontdesk eval` ranks; NaN when there are none, so an empty row reads as no data. */
export function percentile(values: readonly number[], p: number): number {
	if (values.length === 0) return NaN;
	return nearestRank([...values].sort((a, b) => a - b), p / 100);
}
