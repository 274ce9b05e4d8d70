// "Yes" to the fallback, which offers a person: the customer asked for one, in the fewest words.
import { words } from "../../shared/words.ts";

// Whole messages, as words() leaves them: lowercase, accents folded ("sí" is "si", "plaît" is "plait").
const YES = [
	"yes",
	"yes please",
	"yeah",
	"yep",
	"sure",
	"ok",
	"okay",
	"please",
	"please do",
	"oui",
	"oui merci",
	"oui s il vous plait",
	"ja",
	"ja bitte",
	"ja gerne",
	"gerne",
	"si",
	"si por favor",
	"claro",
	"نعم",
];
const ACCEPTANCES = new Set([...YES, "connect me", "yes connect me"]);
const CONFIRMATIONS = new Set(YES);

export function isAcceptance(text: string): boolean {
	return ACCEPTANCES.has(words(text).join(" "));
}

/** A plain yes to a question ("Did you mean this?"): no "connect me", which asks for the person offered beside it. */
export function isConfirmation(text: string): boolean {
	return CONFIRMATIONS.has(words(text).join(" "));
}
