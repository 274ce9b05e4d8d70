import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { UNTHROTTLED_LIMITS } from "./tests/support/unthrottled-limits.ts";
import { widgetJsx } from "./vite.config.ts";
import { TEST_WEBHOOK_SECRET } from "./tests/support/webhook-receiver.ts";

// Offline by construction: no metrics, no request.cf lookups.
process.env.WRANGLER_SEND_METRICS = "false";
process.env.CLOUDFLARE_CF_FETCH_ENABLED = "false";

// `npm run fuzz` sets it: property tests then draw fresh examples, this many times as many (tests/support/property-runs.ts).
const fuzzFactor = Number(process.env.FRONTDESK_FUZZ ?? 0);
if (!Number.isInteger(fuzzFactor) || fuzzFactor < 0) throw new Error(`FRONTDESK_FUZZ must be a whole number, not ${process.env.FRONTDESK_FUZZ}`);

/** Tests inside workerd, against the real worker and Durable Objects, with the Messages API stand-in at hand. */
function workersProject(name: string, include: string[], bindings: Record<string, string> = {}) {
	return {
		plugins: [
			cloudflareTest(({ inject }) => ({
				wrangler: { configPath: "./wrangler.toml" },
				// The Messages API stand-in and the webhook receiver that the global setups start.
				miniflare: {
					bindings: {
						ANTHROPIC_BASE_URL: `http://127.0.0.1:${inject("messagesApiPort")}`,
						FRONTDESK_WEBHOOK_URL: `http://127.0.0.1:${inject("webhookReceiverPort")}/hooks`,
						FRONTDESK_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
						FRONTDESK_AGENT_TOKEN: "test-agent-token",
						FRONTDESK_ADMIN_TOKEN: "test-admin-token",
						FRONTDESK_IDENTITY_SECRET: "test-identity-secret",
						...bindings,
					},
				},
			})),
		],
		// The first request in an isolate loads the SDK and the matcher model, which takes seconds on a busy machine.
		test: { name, include, globalSetup: ["tests/support/messages-api-global-setup.ts", "tests/support/webhook-receiver-global-setup.ts"], testTimeout: 20_000, provide: { fuzzFactor } },
	};
}

export default defineConfig({
	test: {
		projects: [
			workersProject("worker", ["tests/worker/**/*.test.ts"], { FRONTDESK_LIMITS: UNTHROTTLED_LIMITS }),
			// Tier 2 switched on: its own workerd instance, so the key never reaches the tests above.
			workersProject("worker-llm", ["tests/worker-llm/**/*.test.ts"], { ANTHROPIC_API_KEY: "sk-ant-worker-llm-tests", FRONTDESK_LIMITS: UNTHROTTLED_LIMITS }),
			// The site config's default limits, with tier 2 on so that the Claude ceilings can be reached.
			workersProject("worker-limits", ["tests/worker-limits/**/*.test.ts"], { ANTHROPIC_API_KEY: "sk-ant-worker-limits-tests" }),
			{
				oxc: widgetJsx,
				test: { name: "widget", environment: "happy-dom", setupFiles: ["tests/widget/english-strings.ts", "tests/widget/browser-globals.ts"], include: ["tests/widget/**/*.test.{ts,tsx}"] },
			},
			{
				// The CLI tests start a process per command, several per test: seconds each on a busy two-core machine.
				test: { name: "node", environment: "node", provide: { fuzzFactor }, testTimeout: 30_000, include: ["tests/shared/**/*.test.ts", "tests/scripts/**/*.test.ts", "tests/cascade/**/*.test.ts", "tests/replies/**/*.test.ts", "tests/text/**/*.test.ts", "tests/cli/**/*.test.ts", "tests/helpdesk/**/*.test.ts", "tests/support/**/*.test.ts", "tests/docs/**/*.test.ts"] },
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
