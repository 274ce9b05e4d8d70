import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { bodySendingTurns, jsonBodyBytes } from "../../worker/cascade/llm/body-sending-turns.ts";

describe("bodySendingTurns", () => {
	beforeEach(() => {
		vi.useFakeTimers();
	});
	afterEach(() => {
		vi.useRealTimers();
	});

	/** How many turns of the event loop pass before a body of this size counts as sent. */
	async function turnsFor(bodyBytes: number): Promise<number> {
		let sent = false;
		void bodySendingTurns(bodyBytes).then(() => {
			sent = true;
		});
		let turns = 0;
		while (!sent) {
			expect(turns).toBeLessThan(100);
			await vi.runOnlyPendingTimersAsync();
			turns++;
		}
		return turns;
	}

	it("waits a turn for each 8 KiB of the body begun, and one at least", async () => {
		expect(await turnsFor(0)).toBe(1);
		expect(await turnsFor(8192)).toBe(1);
		expect(await turnsFor(8193)).toBe(2);
		expect(await turnsFor(16_384)).toBe(2);
		expect(await turnsFor(40_000)).toBe(5);
	});
});

describe("jsonBodyBytes", () => {
	it("counts the bytes of the JSON as sent, not its characters", () => {
		expect(jsonBodyBytes({ text: "abc" })).toBe('{"text":"abc"}'.length);
		expect(jsonBodyBytes({ text: "café" })).toBe('{"text":"café"}'.length + 1);
		expect(jsonBodyBytes({ text: "3–5 days 📦" })).toBe('{"text":"3-5 days "}'.length + 2 + 4);
	});
});
