// Everything the cascade derives from the site config, built once per isolate.
import matcherModel from "../generated/matcher-model.json";
import type { SiteConfig } from "../../shared/site-config.ts";
import { instructions, sayable, type LlmIntent } from "../cascade/llm/prompt.ts";
import type { MatcherModel } from "../cascade/matcher/index.ts";
import { createTier1, type Tier1 } from "../cascade/tier1.ts";
import { instructionFragments } from "../replies/output-guard/leak-check.ts";
import { linkDomains } from "../replies/output-guard/link-domains.ts";
import { MARKDOWN_LINK } from "../../shared/formatting.ts";
import { renderResponse } from "../replies/render-response.ts";
import { siteConfig } from "./site-config.ts";

export interface CompiledSite {
	config: SiteConfig;
	tier1: Tier1;
	/** What Claude is told about the site: every intent with the owner's answer, the only facts it may use. */
	llmIntents: LlmIntent[];
	/** Where Claude's replies may link. */
	linkDomains: string[];
	/** Pieces of Claude's instructions that must never show up in a reply. */
	instructionFragments: ReadonlySet<string>;
}

/**
 * The owner's answer as Claude may repeat it: Claude sees no entities, so
 * placeholders take their fallback wording, and the instructions ask for
 * plain text, so **bold** loses its stars and a link is written out.
 */
function plainAnswer(template: string): string {
	return renderResponse(template, [])
		.replace(/\*\*([^*]+)\*\*/g, "$1")
		.replace(MARKDOWN_LINK, "$1 ($2)");
}

export function compileSite(config: SiteConfig, model: MatcherModel): CompiledSite {
	return {
		config,
		tier1: createTier1(config, model),
		llmIntents: config.intents.map((intent) => ({ id: intent.id, description: intent.description, responseText: intent.response ? plainAnswer(intent.response.text) : "A person from the team handles this." })),
		linkDomains: linkDomains(config),
		instructionFragments: new Set(instructionFragments(instructions(config.assistant.name), sayable(config.assistant.name))),
	};
}

export const compiledSite = compileSite(siteConfig, matcherModel as MatcherModel);
