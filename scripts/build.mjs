// `npm run build`: validates the site config (a bad one stops here, naming the field), compiles the
// matcher from its example utterances into a model the worker bundles, works out the tables a new
// conversation is given, writes the JSON Schemas of the webhooks (for integrators) and of the site config (for the
// site owner's editor), and builds the widget into public/.
import { mkdir, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { build } from "vite";
import { z } from "zod";
import { siteConfigJsonSchema } from "../shared/site-config.ts";
import { webhookEventSchema } from "../shared/webhook-events.ts";
import { ar } from "../widget/i18n/ar.ts";
import { de } from "../widget/i18n/de.ts";
import { en } from "../widget/i18n/en.ts";
import { es } from "../widget/i18n/es.ts";
import { fr } from "../widget/i18n/fr.ts";
import { buildSite } from "./build-site.ts";
import { writeConversationSchema } from "./conversation-schema.ts";

const root = new URL("../", import.meta.url);

const site = await buildSite(fileURLToPath(new URL("frontdesk.config.json", root)), fileURLToPath(new URL("worker/generated/", root)));
if (!site.ok) {
	console.error(site.message);
	process.exit(1);
}
for (const warning of site.warnings) console.warn(warning);

await writeConversationSchema(fileURLToPath(new URL("worker/generated/", root)));

await writeFile(new URL("docs/webhooks.schema.json", root), `${JSON.stringify(z.toJSONSchema(webhookEventSchema, { target: "draft-2020-12" }), null, "\t")}\n`);
await writeFile(new URL("docs/site-config.schema.json", root), `${JSON.stringify(siteConfigJsonSchema(), null, "\t")}\n`);

// No locale ships inside the widget: each is fetched as JSON, only the one a visitor needs.
await mkdir(new URL("public/i18n/", root), { recursive: true });
for (const [locale, strings] of Object.entries({ en, es, fr, de, ar })) await writeFile(new URL(`public/i18n/${locale}.json`, root), JSON.stringify(strings));

await build({ logLevel: "warn" });
console.log(`frontdesk.config.json: valid, ${site.intents} intents; matcher compiled into worker/generated/, widget built into public/.`);
