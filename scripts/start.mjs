// `npm start`: the worker, the demo store page and the widget on http://localhost:8787, offline.
import { spawn } from "node:child_process";

const child = spawn("wrangler", ["dev", "--port", "8787", "--log-level", "info"], {
	stdio: "inherit",
	env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 0));
