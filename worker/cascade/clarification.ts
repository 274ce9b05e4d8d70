// When the matcher cannot tell which of a few intents a message means ("order": to track, change or cancel?), the
// customer is asked to choose, with a button for each, rather than given a guess or only the fallback.
import type { Intent } from "../../shared/site-config.ts";
import type { IntentScore } from "./matcher/index.ts";

// Each choice holds this share of the matcher's probability, and the choices together this much: below, the
// message is no near miss between a few intents but unlike all of them, and choices would be noise.
const MIN_SHARE = 0.15;
const MIN_TOGETHER = 0.6;
/** A quick reply's length at most (the site config's). */
const MAX_BUTTON = 40;

/** The text of an intent's button: its first example short enough, which the matcher knows as it (the customer sends it). */
function buttonText(intent: Intent): string | undefined {
	const example = intent.examples.find((text) => text.length <= MAX_BUTTON);
	return example && example[0].toUpperCase() + example.slice(1);
}

/**
 * The intents to offer, as buttons, for a message the matcher declined: two or three of its best, each with an answer
 * of its own (a sensitive intent or a hand-off goes to a person, not to a button). Empty when it is not torn between a few.
 */
export function clarifyingChoices(scores: readonly IntentScore[], intents: ReadonlyMap<string, Intent>): { intent: Intent; button: string }[] {
	const choices = scores.flatMap(({ intent: id, probability }) => {
		const intent = intents.get(id);
		const button = intent && intent.response && !intent.sensitive && intent.action !== "handoff" ? buttonText(intent) : undefined;
		return intent && button && probability >= MIN_SHARE ? [{ intent, button, probability }] : [];
	});
	const together = choices.reduce((sum, choice) => sum + choice.probability, 0);
	return choices.length >= 2 && together >= MIN_TOGETHER ? choices.map(({ intent, button }) => ({ intent, button })) : [];
}
