import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { KeyCounter } from "../../worker/cascade/matcher/key-counter.ts";
import { runs } from "../support/property-runs.ts";

/** What a Map counts: the same keys in the order first seen, and their counts. */
function mapCounts(keys: readonly number[]): [number, number][] {
	const counts = new Map<number, number>();
	for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
	return [...counts];
}

function taken(counter: KeyCounter): [number, number][] {
	const { keys, counts } = counter.take();
	return [...keys].map((key, index) => [key, counts[index]]);
}

const MAX_KEY = 2 ** 30 - 1;

describe("counting feature keys", () => {
	it("counts as a Map does, in the order first seen, whatever the keys", () => {
		// Keys from a narrow range repeat often; from the whole range they collide in the table only by chance.
		const keys = fc.oneof(fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 300 }), fc.array(fc.integer({ min: 0, max: MAX_KEY }), { maxLength: 300 }));
		const counter = new KeyCounter();
		fc.assert(
			fc.property(keys, (added) => {
				for (const key of added) counter.add(key);
				expect(taken(counter)).toEqual(mapCounts(added));
			}),
			runs(200),
		);
	});

	it("starts afresh after each take: nothing of one message is counted in the next", () => {
		const counter = new KeyCounter();
		for (const key of [7, 7, 9]) counter.add(key);
		counter.take();
		for (const key of [9, 3]) counter.add(key);
		expect(taken(counter)).toEqual([
			[9, 1],
			[3, 1],
		]);
		expect(taken(counter)).toEqual([]);
	});

	it("keeps every count and their order while its tables grow, and after", () => {
		// Keys that differ only in their top bits: in a table indexed by low bits they would all share one slot.
		const keys = Array.from({ length: 5_000 }, (_, index) => ((index * 7919) % 5_000) * 2 ** 17);
		// Each key twice as it first comes, so counts above one are carried over when the tables grow.
		const added = [...keys.flatMap((key) => [key, key]), ...keys.slice(0, 1_000)];
		const counter = new KeyCounter();
		for (const key of added) counter.add(key);
		expect(taken(counter)).toEqual(mapCounts(added));
		for (const key of [1, 2, 1]) counter.add(key);
		expect(taken(counter)).toEqual([
			[1, 2],
			[2, 1],
		]);
	});
});
