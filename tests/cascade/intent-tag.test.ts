import { describe, expect, it } from "vitest";
import { intentTagReader, knownIntent } from "../../worker/cascade/llm/intent-tag.ts";

function read(deltas: string[]) {
	const shown: string[] = [];
	const reader = intentTagReader((text) => shown.push(text));
	const afterEach: string[] = [];
	for (const delta of deltas) {
		reader.push(delta);
		afterEach.push(shown.join(""));
	}
	const tagged = reader.finish();
	return { tagged, text: shown.join(""), afterEach };
}

describe("the intent tag reader", () => {
	it("takes the tag off the front and passes the reply on", () => {
		expect(read(["<intent>delivery_time</intent>\nIt takes", " 3 days."])).toMatchObject({ tagged: "delivery_time", text: "It takes 3 days." });
	});

	it("holds text back only while it could still be the tag", () => {
		const { afterEach } = read(["<in", "tent>x</intent>", " Hello", " there"]);
		expect(afterEach).toEqual(["", "", "Hello", "Hello there"]);
		expect(read(["Hi", " there"]).afterEach).toEqual(["Hi", "Hi there"]);
		expect(read(["<b>bold", "</b>"]).afterEach).toEqual(["<b>bold", "<b>bold</b>"]);
	});

	it("reads the tag in any case, after leading whitespace", () => {
		expect(read(["\n  <INTENT> Return_Policy </Intent>", "\n\nSure."])).toMatchObject({ tagged: "Return_Policy", text: "Sure." });
	});

	it("passes on a reply without a tag unchanged, and a short one only at the end", () => {
		expect(read(["Hello!"])).toMatchObject({ tagged: null, text: "Hello!" });
		expect(read(["<"])).toMatchObject({ tagged: null, text: "<" });
	});

	it("gives up on a tag that never closes, without showing the tag", () => {
		const long = read(["<intent>", "x".repeat(120), " and more"]);
		expect(long.tagged).toBeNull();
		expect(long.text).not.toContain("<intent>");
		expect(read(["<intent>order_st"])).toMatchObject({ tagged: null, text: "" });
	});

	it("knows only configured intent ids", () => {
		const ids = ["delivery_time", "return_policy"];
		expect(knownIntent("delivery_time", ids)).toBe("delivery_time");
		expect(knownIntent("Return_Policy", ids)).toBe("return_policy");
		expect(knownIntent("none", ids)).toBeNull();
		expect(knownIntent("order_status", ids)).toBeNull();
		expect(knownIntent(null, ids)).toBeNull();
	});
});
