// `npm start`: the worker with the demo store and the widget on http://localhost:8787, and the local
// helpdesk inbox on http://localhost:8788 receiving its hand-off webhooks. Offline, no API key needed.
import { spawn } from "node:child_process";
import { watch } from "node:fs";
import { fileURLToPath } from "node:url";
import { buildSite } from "./build-site.ts";
import { ensureDevVars } from "./dev-vars.mjs";
import { oneAtATime } from "./one-at-a-time.ts";

const INBOX = "http://127.0.0.1:8788";
const vars = ensureDevVars(fileURLToPath(new URL("../.dev.vars", import.meta.url)), INBOX);
const env = { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" };

const children = [
	spawn("wrangler", ["dev", "--port", "8787", "--log-level", "info"], { stdio: "inherit", env }),
	spawn(process.execPath, [fileURLToPath(new URL("../helpdesk/main.ts", import.meta.url))], {
		stdio: "inherit",
		env: { ...env, HELPDESK_PORT: "8788", FRONTDESK_URL: "http://localhost:8787", FRONTDESK_WEBHOOK_SECRET: vars.FRONTDESK_WEBHOOK_SECRET, FRONTDESK_AGENT_TOKEN: vars.FRONTDESK_AGENT_TOKEN },
	}),
];
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => children.forEach((child) => child.kill(signal)));
for (const child of children) child.on("exit", (code) => {
	children.forEach((other) => other.kill("SIGTERM"));
	process.exit(code ?? 0);
});

// The site config, rebuilt on each save: wrangler dev reloads the worker once the config is valid and its
// matcher compiled; a config saved with a mistake is named here, and the worker keeps the last good one.
const CONFIG = "frontdesk.config.json";
const root = fileURLToPath(new URL("../", import.meta.url));
// A build that takes longer than the next save's must not write its older config last.
const rebuild = oneAtATime(async () => {
	const site = await buildSite(`${root}${CONFIG}`, `${root}worker/generated/`);
	if (site.ok) console.log([...site.warnings, `${CONFIG}: valid, ${site.intents} intents; the worker reloads with it.`].join("\n"));
	else console.error(`${site.message}\nThe worker goes on with the last valid ${CONFIG} until this is fixed.`);
});
let settled = null;
watch(root, (_event, name) => {
	if (name !== CONFIG) return;
	// Editors write a file in several steps: one rebuild once they are done.
	clearTimeout(settled);
	settled = setTimeout(rebuild, 200);
});
