import { describe, expect, it } from "vitest";
import { cutToLength } from "../../worker/text/cut.ts";

describe("cutting a text to a length", () => {
	it("keeps a text that fits and cuts a longer one at the length", () => {
		expect(cutToLength("hello", 5)).toBe("hello");
		expect(cutToLength("hello world", 5)).toBe("hello");
	});

	it("never ends in half of an emoji", () => {
		// "ab😀": the emoji is two UTF-16 units; a cut after three would keep only the first.
		expect(cutToLength("ab😀cd", 3)).toBe("ab");
		expect(cutToLength("ab😀cd", 4)).toBe("ab😀");
		expect(cutToLength("ab😀", 3)).toBe("ab");
	});

	it("cuts the same whatever followed the length", () => {
		const lone = "a\ud800\ud800";
		expect(cutToLength(lone, 2)).toBe("a");
		expect(cutToLength(`${lone}\u200b`, 2)).toBe("a");
	});
});
