// `npm start`: the worker with the demo store and the widget on http://localhost:8787, and the local
// helpdesk inbox on http://localhost:8788 receiving its hand-off webhooks (PORT and INBOX_PORT move them).
// Offline, no API key needed.
import { spawn } from "node:child_process";
import { watch } from "node:fs";
import { fileURLToPath } from "node:url";
import { buildSite } from "./build-site.ts";
import { ensureDevVars } from "./dev-vars.mjs";
import { localPorts } from "./local-ports.ts";
import { oneAtATime } from "./one-at-a-time.ts";

const ports = await localPorts(process.env).catch((error) => {
	console.error(error.message);
	process.exit(1);
});
const INBOX = `http://127.0.0.1:${ports.inbox}`;
const vars = ensureDevVars(fileURLToPath(new URL("../.dev.vars", import.meta.url)), INBOX);
// .dev.vars keeps the address it was first written with, or the owner's own: say where hand-offs go when not here.
if (vars.FRONTDESK_WEBHOOK_URL !== `${INBOX}/webhooks`) {
	console.log(`Hand-off webhooks go to FRONTDESK_WEBHOOK_URL in .dev.vars, ${vars.FRONTDESK_WEBHOOK_URL}, not to this inbox (${INBOX}/webhooks).`);
}
const env = { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" };

const children = {
	"The worker (wrangler dev)": spawn("wrangler", ["dev", "--port", String(ports.worker), "--log-level", "info"], { stdio: "inherit", env }),
	"The helpdesk inbox": spawn(process.execPath, [fileURLToPath(new URL("../helpdesk/main.ts", import.meta.url))], {
		stdio: "inherit",
		env: { ...env, HELPDESK_PORT: String(ports.inbox), FRONTDESK_URL: `http://localhost:${ports.worker}`, FRONTDESK_WEBHOOK_SECRET: vars.FRONTDESK_WEBHOOK_SECRET, FRONTDESK_AGENT_TOKEN: vars.FRONTDESK_AGENT_TOKEN },
	}),
};
let stopRequested = false;
for (const signal of ["SIGINT", "SIGTERM"]) {
	process.on(signal, () => {
		stopRequested = true;
		Object.values(children).forEach((child) => child.kill(signal));
	});
}
// Either one gone leaves half a Frontdesk: both stop, saying which went and how, where a quiet exit left the owner guessing.
for (const [name, child] of Object.entries(children)) {
	child.on("exit", (code, signal) => {
		if (!stopRequested) console.error(`${name} stopped (${signal ? `killed by ${signal}` : `exit code ${code}`}), so npm start stops too.`);
		Object.values(children).forEach((other) => other.kill("SIGTERM"));
		process.exit(stopRequested ? 0 : code || 1);
	});
}

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
