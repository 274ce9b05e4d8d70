// When the matcher cannot tell which of a few intents a message means ("order": to track, change or cancel?), the
// customer is asked to choose, with a button for each, rather than given a guess or only the fallback. When it leans
// to one intent but not enough to answer, that one is suggested ("Did you mean…?"), with a button of its own.
import type { Intent } from "../../shared/site-config.ts";
import { isLoneWord, messageFeatures } from "./matcher/features.ts";
import type { Classification } from "./matcher/index.ts";

// Each choice holds this share of the matcher's probability, and the choices together this much: below, the
// message is no near miss between a few intents but unlike all of them, and choices would be noise.
const MIN_SHARE = 0.15;
const MIN_TOGETHER = 0.6;
// And the matcher knows this share of the message at least. A site with a handful of intents spreads any message it
// cannot read over a few of them ("how long does shipping take", to a bike shop with no word of shipping: warranty,
// repairs or sizing?), which is no choice between them; "order" is known whole.
const MIN_KNOWN = 0.7;
// The confidence at which one intent is suggested on its own. With 10 examples an intent, the declined messages that
// reach it are that intent's in 69-80 % of cases (Banking77, CLINC150, Bitext: npm run bench); out-of-scope ones that
// reach it get a suggestion the customer can pass over, not a wrong answer. The confidence already weighs how much of the
// message the matcher knows (calibration.ts), so a suggestion asks nothing of MIN_KNOWN.
const SUGGESTION_FLOOR = 0.5;
/** A quick reply's length at most (the site config's). */
const MAX_BUTTON = 40;

/**
 * The text of an intent's button, which the customer sends: its first example short enough and no lone word, which the
 * matcher knows as it (a lone word, "refund", it may decline, and the customer would be asked again).
 */
function buttonText(intent: Offerable): string | undefined {
	const example = intent.examples.find((text) => text.length <= MAX_BUTTON && !isLoneWord(messageFeatures(text)));
	return example && example[0].toUpperCase() + example.slice(1);
}

/** What the clarifier reads of an intent. */
export type Offerable = Pick<Intent, "id" | "examples" | "sensitive" | "action"> & { response?: unknown };

/** An intent a button may send the customer to: one with an answer of its own, not a person. */
const answersItself = (intent: Offerable) => intent.response !== undefined && !intent.sensitive && intent.action !== "handoff";

/** An intent offered, by its id, and the words on its button. */
export type ClarifyingChoice = { intent: string; button: string };

/** What the clarifier reads of the matcher's classification of a message it declined, asked with its scores. */
export type Declined = Pick<Classification, "scores" | "confidence" | "knownShare">;

/**
 * For the site's intents, the choices to offer, as buttons, for a message the matcher declined: two or three of its
 * best, each with an answer of its own (a sensitive intent or a hand-off goes to a person, not to a button), or the best
 * alone when the matcher leaned to it. Empty when it is neither torn between a few nor leaning to one. Each intent's
 * button is worked out once, here, not for every message.
 */
export function createClarifier(intents: readonly Offerable[]): (declined: Declined) => ClarifyingChoice[] {
	const byId = new Map(intents.map((intent) => [intent.id, { intent, button: buttonText(intent) }]));
	return ({ scores = [], confidence, knownShare = 0 }) => {
		const likely = scores.flatMap(({ intent: id, probability }) => {
			const known = byId.get(id);
			return known && probability >= MIN_SHARE ? [{ ...known, probability }] : [];
		});
		// The customer may mean the one that goes to a person: the fallback, which offers one, says it best.
		if (likely.some(({ intent }) => !answersItself(intent))) return [];
		const choices = likely.flatMap(({ intent, button, probability }) => (button ? [{ intent, button, probability }] : []));
		const together = choices.reduce((sum, choice) => sum + choice.probability, 0);
		if (choices.length >= 2 && together >= MIN_TOGETHER && knownShare >= MIN_KNOWN) return choices.map(({ intent, button }) => ({ intent: intent.id, button }));
		const best = scores[0] && byId.get(scores[0].intent);
		return best?.button && answersItself(best.intent) && confidence >= SUGGESTION_FLOOR ? [{ intent: best.intent.id, button: best.button }] : [];
	};
}
