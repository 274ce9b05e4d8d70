import { describe, expect, it } from "vitest";
import { DEFAULT_CLAUDE_MODEL } from "../../../shared/site-config.ts";
import { llmSettings } from "../../../worker/cascade/llm/settings.ts";

describe("tier 2 settings from the environment", () => {
	it("are null, so tier 2 is off, without an API key", () => {
		expect(llmSettings({})).toBeNull();
		expect(llmSettings({ ANTHROPIC_API_KEY: "" })).toBeNull();
		expect(llmSettings({ ANTHROPIC_API_KEY: "   ", ANTHROPIC_BASE_URL: "http://127.0.0.1:1" })).toBeNull();
	});

	it("use the key, and the SDK's own address unless one is given; the model defaults to a current fast one", () => {
		expect(llmSettings({ ANTHROPIC_API_KEY: " sk-ant-123 " })).toEqual({ apiKey: "sk-ant-123", baseURL: undefined });
		expect(llmSettings({ ANTHROPIC_API_KEY: "sk-ant-123", ANTHROPIC_BASE_URL: "http://127.0.0.1:9" })).toEqual({ apiKey: "sk-ant-123", baseURL: "http://127.0.0.1:9" });
		expect(DEFAULT_CLAUDE_MODEL).toMatch(/^claude-haiku-/);
	});
});
