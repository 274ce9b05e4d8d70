import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

// Offline by construction: no metrics, no request.cf lookups.
process.env.WRANGLER_SEND_METRICS = "false";
process.env.CLOUDFLARE_CF_FETCH_ENABLED = "false";

const preactJsx = { jsx: { runtime: "automatic" as const, importSource: "preact" } };

export default defineConfig({
	test: {
		projects: [
			{
				plugins: [
					cloudflareTest(({ inject }) => ({
						wrangler: { configPath: "./wrangler.toml" },
						// The Messages API stand-in that tests/support/messages-api-global-setup.ts starts.
						miniflare: { bindings: { ANTHROPIC_BASE_URL: `http://127.0.0.1:${inject("messagesApiPort")}` } },
					})),
				],
				test: { name: "worker", include: ["tests/worker/**/*.test.ts"], globalSetup: ["tests/support/messages-api-global-setup.ts"] },
			},
			{
				oxc: preactJsx,
				test: { name: "widget", environment: "happy-dom", include: ["tests/widget/**/*.test.{ts,tsx}"] },
			},
			{
				test: { name: "node", environment: "node", include: ["tests/shared/**/*.test.ts", "tests/scripts/**/*.test.ts", "tests/cascade/**/*.test.ts", "tests/cli/**/*.test.ts"] },
			},
			{
				test: {
					name: "e2e",
					environment: "node",
					include: ["tests/e2e/**/*.test.ts"],
					globalSetup: ["tests/e2e/start-worker.ts"],
					testTimeout: 60_000,
					hookTimeout: 60_000,
					fileParallelism: false,
				},
			},
		],
	},
});
