declare global {
	namespace Cloudflare {
		interface Env {
			/** The Messages API stand-in, bound in vitest.config.ts. */
			ANTHROPIC_BASE_URL: string;
		}
	}
}

export {};
