// What each simulated customer types. A mix on purpose: questions the matcher answers, questions it
// declines so that they go to Claude (the stand-in), and in some conversations a request for a person
// midway, after which the customer keeps writing and the worker forwards to the helpdesk.

/** Answered by tier 1 with full confidence (checked against the demo store's matcher model). */
const MATCHED = [
	"Where is my order 00482913?",
	"How long does delivery take?",
	"What payment methods do you accept?",
	"I forgot my password",
	"How do I return something?",
	"I need an invoice for my last order",
	"Can I change my order?",
	"When will I get my money back?",
];

/** Below the matcher's threshold: these go to Claude. */
const UNMATCHED = [
	"Do the linen napkins shrink in a hot wash?",
	"Is the walnut serving board finished with oil or wax?",
	"Are your candles made with soy or paraffin?",
	"Could you gift wrap two bowls separately?",
	"Which glaze colours are dishwasher safe?",
	"Do you have the stoneware jug in a larger size?",
];

/** Matches the `contact_human` rule, whose action is a hand-off. */
const ASK_FOR_PERSON = ["I want to talk to a human", "Can I speak to a real person please?"];

export interface CustomerScript {
	index: number;
	texts: string[];
	/** Position of the request for a person, or null in a conversation that never asks. */
	asksForPersonAt: number | null;
}

/** Spreads `share` of the conversations evenly over the indexes, so any prefix of them holds about that share. */
function isPicked(index: number, share: number): boolean {
	return Math.floor((index + 1) * share) > Math.floor(index * share);
}

/**
 * Two questions for the matcher, then one for Claude, over and over. Each conversation starts at another
 * point of that cycle and of the pools, so that at any moment some customers wait for Claude and others
 * for the matcher, and a restart meets both.
 */
function question(conversation: number, position: number): string {
	const turn = conversation * 7 + position;
	if ((conversation + position) % 3 === 2) return UNMATCHED[turn % UNMATCHED.length];
	return MATCHED[turn % MATCHED.length];
}

export function customerScript(index: number, messages: number, askForPersonShare: number): CustomerScript {
	const asksForPersonAt = isPicked(index, askForPersonShare) ? Math.floor(messages / 2) : null;
	const texts = Array.from({ length: messages }, (_, position) => (position === asksForPersonAt ? ASK_FOR_PERSON[index % ASK_FOR_PERSON.length] : question(index, position)));
	return { index, texts, asksForPersonAt };
}
