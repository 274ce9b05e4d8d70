// How many examples a property test draws, and from which seed.
import { inject } from "vitest";

declare module "vitest" {
	export interface ProvidedContext {
		/** 0 for `npm test`; how many times more examples `npm run fuzz` draws. */
		fuzzFactor: number;
	}
}

// `npm test` draws the same examples on every run, so a build goes red only when the code changed, and then
// replays exactly. `npm run fuzz` draws new ones, many more, to find what those miss; each failure it finds
// belongs in a plain test.
const REPLAYED_SEED = 20_261_201;

export function runs(numRuns: number): { numRuns: number; seed?: number } {
	const fuzzFactor = inject("fuzzFactor");
	return fuzzFactor > 0 ? { numRuns: numRuns * fuzzFactor } : { numRuns, seed: REPLAYED_SEED };
}
