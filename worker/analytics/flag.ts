// The agent API's flag: "this customer message should have matched that intent".
import { z } from "zod";
import { ApiError } from "../../shared/api-error.ts";
import { INTENT_ID } from "../../shared/site-config.ts";

/** The same id rule as the site config's intents; the intent may be one the owner has yet to add. */
export const flagSchema = z.strictObject({
	intent: z.string().regex(INTENT_ID, "must be an intent id: snake_case").max(64),
});

/** A message's seq from the path; anything else names no message. */
export function messageSeq(value: string): number {
	if (!/^[1-9]\d{0,8}$/.test(value)) throw new ApiError(404, "not_found", "This conversation has no customer message with this seq.");
	return Number(value);
}
