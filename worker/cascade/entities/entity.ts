import type { MessageEntity } from "../../../shared/protocol.ts";
import type { valueListSchema } from "../../../shared/site-config.ts";
import type { z } from "zod";

/** What the extractors find: the entities a customer message carries on the wire. */
export type Entity = MessageEntity;

/** A site-defined closed set of values, e.g. `{ type: "account_type", values: ["free", "premium"] }`. */
export type ValueList = z.output<typeof valueListSchema>;

// A message names a few things; "$1 $1 $1 …" would otherwise store hundreds of entities with it, returned
// by every read of the conversation and put on its ticket.
export const MAX_ENTITIES_PER_MESSAGE = 20;

// Only a message's start is scanned: entities live in what a person types, and
// the bound keeps every pattern's cost fixed whatever the input's size.
export const MAX_ENTITY_SCAN_CHARS = 4000;
