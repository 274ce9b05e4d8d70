import rawConfig from "../../frontdesk.config.json";
import { parseSiteConfig } from "../../shared/site-config.ts";

/** The site owner's config, validated when the worker loads; `npm run build` has already rejected a bad one. */
export const siteConfig = parseSiteConfig(rawConfig);
