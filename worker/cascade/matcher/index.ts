export { classify, DEFAULT_THRESHOLD, type IntentScore } from "./classify.ts";
export { compileMatcher, type Example } from "./compile.ts";
export type { MatcherModel } from "./model.ts";
