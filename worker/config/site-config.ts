import rawConfig from "../generated/site-config.json";
import { parseSiteConfig } from "../../shared/site-config.ts";

/**
 * The site owner's config as `npm run build` (or `npm start`, on each save) last found it valid: a copy of
 * frontdesk.config.json (see scripts/build-site.ts), validated again when the worker loads.
 */
export const siteConfig = parseSiteConfig(rawConfig);
