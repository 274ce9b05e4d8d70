export { classify, DEFAULT_THRESHOLD, type Classification, type ClassifyOptions, type IntentScore } from "./classify.ts";
export { compileMatcher, type CompileOptions, type Example } from "./compile.ts";
export { MODEL_FORMAT, type MatcherModel } from "./model.ts";
