export { extractEntities } from "./extract.ts";
export { MAX_ENTITY_SCAN_CHARS, PATTERN_ENTITY_TYPES, type Entity, type ValueList } from "./entity.ts";
