/** Where tier 2 finds Claude; without an API key it is disabled and the cascade goes straight to the fallback. */
export interface LlmSettings {
	apiKey: string;
	baseURL?: string;
}

/** The settings from the worker's environment, or null when no API key is configured. The model comes from the site config. */
export function llmSettings(env: { ANTHROPIC_API_KEY?: string; ANTHROPIC_BASE_URL?: string }): LlmSettings | null {
	const apiKey = env.ANTHROPIC_API_KEY?.trim();
	if (!apiKey) return null;
	return { apiKey, baseURL: env.ANTHROPIC_BASE_URL?.trim() || undefined };
}
