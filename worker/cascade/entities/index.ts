export { extractEntities } from "./extract.ts";
export { MAX_ENTITY_SCAN_CHARS, type Entity, type ValueList } from "./entity.ts";
