// "Yes" to the fallback, which offers a person: the customer asked for one, in the fewest words.
import { words } from "../../shared/words.ts";

// Whole messages, as words() leaves them: lowercase, accents folded ("sí" is "si", "plaît" is "plait").
const ACCEPTANCES = new Set([
	"yes",
	"yes please",
	"yeah",
	"yep",
	"sure",
	"ok",
	"okay",
	"please",
	"please do",
	"connect me",
	"yes connect me",
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
]);

export function isAcceptance(text: string): boolean {
	return ACCEPTANCES.has(words(text).join(" "));
}
