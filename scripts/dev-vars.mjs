// Local secrets for `npm start`, kept in .dev.vars (git-ignored, read by wrangler dev) so they stay the
// same across restarts: the worker signs with them and the local helpdesk inbox verifies with them.
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";

function readDevVars(path) {
	if (!existsSync(path)) return {};
	return Object.fromEntries(
		readFileSync(path, "utf8")
			.split("\n")
			.map((line) => /^\s*([A-Z0-9_]+)\s*=\s*"?(.*?)"?\s*$/.exec(line))
			.filter(Boolean)
			.map((match) => [match[1], match[2]]),
	);
}

/** Adds whatever local setting is missing, pointing webhooks at the local inbox; keeps what the owner set. */
export function ensureDevVars(path, inboxUrl) {
	const vars = readDevVars(path);
	const missing = {
		FRONTDESK_WEBHOOK_URL: `${inboxUrl}/webhooks`,
		FRONTDESK_WEBHOOK_SECRET: `whsec_${randomBytes(24).toString("base64")}`,
		FRONTDESK_AGENT_TOKEN: randomBytes(24).toString("base64url"),
		// The KPI dashboard at /v1/admin asks for it.
		FRONTDESK_ADMIN_TOKEN: randomBytes(24).toString("base64url"),
	};
	const added = Object.entries(missing).filter(([name]) => !vars[name]);
	if (added.length) {
		const existing = existsSync(path) ? readFileSync(path, "utf8") : "";
		const lines = added.map(([name, value]) => `${name}=${value}`).join("\n");
		writeFileSync(path, `${existing}${existing && !existing.endsWith("\n") ? "\n" : ""}${lines}\n`);
	}
	return readDevVars(path);
}
