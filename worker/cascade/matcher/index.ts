export { type Classification, classify, DEFAULT_THRESHOLD } from "./classify.ts";
export { compileMatcher, type Example } from "./compile.ts";
export type { MatcherModel } from "./model.ts";
