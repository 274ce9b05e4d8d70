import { describe, expect, it } from "vitest";
import { oneAtATime } from "../../scripts/one-at-a-time.ts";

/**
 * `npm start`'s rebuild in small: a build reads the saved config as it starts and makes it live when the test ends it,
 * as a slow compile would. Counts the builds, and how many ran at once.
 */
function builds() {
	const state = { saved: 1, live: 0, started: 0, mostAtOnce: 0 };
	const running: Array<() => void> = [];
	const build = () =>
		new Promise<void>((resolve) => {
			const read = state.saved;
			state.started++;
			running.push(() => {
				state.live = read;
				resolve();
			});
			state.mostAtOnce = Math.max(state.mostAtOnce, running.length);
		});
	/** Ends the newest build still running, as a faster one would, and lets what follows it start. */
	const endNewest = async () => {
		running.pop()?.();
		await new Promise((resolve) => setTimeout(resolve, 0));
	};
	const endAll = async () => {
		while (running.length > 0) await endNewest();
	};
	return { state, build, endNewest, endAll };
}

describe("npm start's rebuilds, one at a time", () => {
	it("leaves the last save's config live, though the build of an earlier save is the slower", async () => {
		const { state, build, endAll } = builds();
		const rebuild = oneAtATime(build);
		rebuild();
		state.saved = 2;
		rebuild();
		await endAll();
		expect(state.live).toBe(2);
		expect(state.mostAtOnce).toBe(1);
	});

	it("builds once more after a build that saves came during, however many", async () => {
		const { state, build, endNewest } = builds();
		const rebuild = oneAtATime(build);
		rebuild();
		rebuild();
		rebuild();
		rebuild();
		expect(state.started).toBe(1);
		await endNewest();
		expect(state.started).toBe(2);
		await endNewest();
		expect(state.started).toBe(2);
		// Idle again: the next save builds at once.
		rebuild();
		expect(state.started).toBe(3);
	});

	it("builds again for a save made while that one more build runs", async () => {
		const { state, build, endNewest, endAll } = builds();
		const rebuild = oneAtATime(build);
		rebuild();
		rebuild();
		await endNewest();
		// The second build may have read the file before this save.
		state.saved = 3;
		rebuild();
		await endAll();
		expect(state.started).toBe(3);
		expect(state.live).toBe(3);
	});
});
