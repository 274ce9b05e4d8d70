import { describe, expect, it } from "vitest";
import type { MessageEntity } from "../../shared/protocol.ts";
import { renderResponse } from "../../worker/replies/render-response.ts";

const TEMPLATE = "You can follow {order_id|your order} under Orders.";
const order = (value: string, start: number): MessageEntity => ({ type: "order_id", value, start, end: start + value.length });

describe("rendering an answer's placeholders", () => {
	it("names the one order the message mentions, however often", () => {
		expect(renderResponse(TEMPLATE, [order("12345", 6)])).toBe("You can follow order 12345 under Orders.");
		expect(renderResponse(TEMPLATE, [order("12345", 6), order("12345", 30)])).toBe("You can follow order 12345 under Orders.");
		expect(renderResponse(TEMPLATE, [{ ...order("#12345", 6), normalized: "12345" }, order("12345", 30)])).toBe("You can follow order #12345 under Orders.");
	});

	it("uses the fallback wording when the message has no order, or two different ones", () => {
		expect(renderResponse(TEMPLATE, [])).toBe("You can follow your order under Orders.");
		expect(renderResponse(TEMPLATE, [order("12345", 6), order("54321", 30)])).toBe("You can follow your order under Orders.");
	});
});
