// Validates the site config, then builds the widget into public/. A bad config stops here, naming the field.
import { fileURLToPath } from "node:url";
import { build } from "vite";
import { readSiteConfigFile } from "./site-config-file.ts";

try {
	await readSiteConfigFile(fileURLToPath(new URL("../frontdesk.config.json", import.meta.url)));
} catch (error) {
	console.error(error.message);
	process.exit(1);
}

await build({ logLevel: "warn" });
