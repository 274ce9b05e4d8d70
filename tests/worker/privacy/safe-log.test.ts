// What the worker logs never carries a customer's personal data or a secret.
import { afterEach, describe, expect, it, vi } from "vitest";
import { logError, redactForLog } from "../../../worker/privacy/safe-log.ts";
import { call, startConversation } from "../api-client.ts";

afterEach(() => {
	vi.restoreAllMocks();
});

describe("logging", () => {
	it("masks e-mail addresses, phone numbers, cards and national ids, and cuts tokens and secrets", () => {
		const token = "Zk3xQ9_pL2mN8vB4cR7tY1wE5sA0dF6gH-jK3lM9nO2";
		const line = redactForLog(
			`failed for sam@example.com, +44 20 7946 0958, card 4111 1111 1111 1111, SSN 123-45-6789, token ${token}, Authorization: Bearer abc.def, whsec_c2VjcmV0c2VjcmV0 and sk-ant-api03-secret`,
		);
		expect(line).toBe("failed for [email], [phone], card [card], SSN [national_id], token [secret], Authorization: [secret] [secret] and [secret]");
	});

	it("logs an error's message and stack masked", () => {
		const printed = vi.spyOn(console, "error").mockImplementation(() => {});
		logError("reply pipeline failed", new SyntaxError(`Unexpected token in "write to sam@example.com"`));
		expect(printed).toHaveBeenCalledTimes(1);
		const [line] = printed.mock.calls[0] as [string];
		expect(JSON.parse(line)).toEqual({ message: "reply pipeline failed", error: expect.stringMatching(/^SyntaxError: Unexpected token in "write to \[email\]"/) });
		expect(line).not.toContain("sam@example.com");
	});

	it("prints no token, text or address while conversations are started, erased and exported", async () => {
		const lines: string[] = [];
		for (const level of ["log", "info", "warn", "error", "debug"] as const) {
			vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(" ")));
		}
		const conversation = await startConversation();
		const auth = { Authorization: `Bearer ${conversation.token}` };
		await call(`/v1/conversations/${conversation.id}/messages`, { method: "POST", headers: auth, json: { clientMessageId: "m1", text: "I'm sam@example.com" } });
		await call(`/v1/conversations/${conversation.id}/export`, { headers: auth });
		await call(`/v1/conversations/${conversation.id}`, { method: "DELETE", headers: auth });
		expect(lines).toContain(JSON.stringify({ message: "conversation erased", conversationId: conversation.id, reason: "customer_request" }));
		expect(lines.join("\n")).not.toMatch(new RegExp(`sam@example\\.com|${conversation.token}`));
	});
});
