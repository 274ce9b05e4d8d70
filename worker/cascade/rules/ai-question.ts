// Tier 1's one built-in rule: a customer who asks whether they are talking to a machine gets the plain
// answer, whatever the site's intents are and whether Claude is on. Without it, "are you a bot?" went to the
// matcher, which has no intent for it and can guess one ("how old are you" → delivery times), or got the
// fallback, which answers nothing.
import { words } from "../../../shared/words.ts";

// A long message asks this near its start if at all; reading only that much bounds the pattern's cost.
const MAX_CHARS = 1000;

// Written as words() leaves them: lowercase, accents and hamzas folded, punctuation gone ("you're" → "you re",
// "êtes-vous" → "etes vous", "أنت" → "انت").
const ASKING = [
	"are you",
	"are u",
	"r u",
	"you are",
	"you re",
	// "You're" as it is often typed: "i think your a bot".
	"your",
	"ur",
	"am i (?:talking|chatting|speaking|writing) (?:to|with)",
	"is (?:this|that)",
	"bist du",
	"sind sie",
	"ist das",
	"(?:spreche|rede|schreibe|chatte) ich (?:gerade )?mit",
	"es tu",
	"etes vous",
	"tu es",
	"vous etes",
	"c est",
	"est ce que (?:tu es|vous etes|c est|je parle (?:a|avec))",
	"je (?:parle|discute) (?:a|avec)",
	"eres",
	"es usted",
	"(?:estoy hablando|hablo|estoy chateando) con",
	"esto es",
	"هل انت",
	"هل (?:اتحدث|اتكلم) مع",
];
const QUALIFIERS = "(?:(?:a|an|just|only|really|actually|ein|eine|einem|einer|einen|nur|wirklich|un|une|juste|vraiment|una|uno|solo|realmente) )*";
// A machine, or the person the customer hopes for. "Real" alone only of "you" (below): "is this real?" asks about an
// e-mail or a product as often as about the chat. Not "automated": "is this automated?" asks about a payment as often.
const WHAT = [
	"bot",
	"robot",
	"chatbot",
	"chat bot",
	"ai",
	"a i",
	"artificial intelligence",
	"machine",
	"computer",
	"gpt",
	"chatgpt",
	"language model",
	"human",
	"human being",
	"person",
	"real person",
	"real human",
	"live person",
	"roboter",
	"ki",
	"kunstliche intelligenz",
	"mensch",
	"menschen",
	"maschine",
	"ia",
	"intelligence artificielle",
	"humain",
	"humaine",
	"personne",
	"vraie personne",
	"personne reelle",
	"ordinateur",
	"inteligencia artificial",
	"humano",
	"humana",
	"persona",
	"persona real",
	"maquina",
	"روبوت",
	"بوت",
	"انسان",
	"ذكاء اصطناعي",
	"شخص",
	"شخص حقيقي",
	"الة",
];
// What may follow it in the same clause: nothing, or an "or …" ("are you a bot or a person").
const CLAUSE_END = "(?:$| (?:or|oder|ou|o|right|too|lol)(?: |$))";
const AI_QUESTION = new RegExp(`(?:^| )(?:(?:${ASKING.join("|")}) ${QUALIFIERS}(?:${WHAT.join("|")})|(?:are you|are u|r u|bist du|sind sie|es tu|eres) (?:real|echt|reel))${CLAUSE_END}`);

/** The explanation's `rule` for the answer to such a question: the site's AI disclosure. */
export const AI_QUESTION_RULE = "built-in: asked whether it is an AI";

/** Whether the message asks if the customer is talking to an AI (or to a person), in the widget's languages: English, German, French, Spanish or Arabic. */
export function isAiQuestion(text: string): boolean {
	return text
		.slice(0, MAX_CHARS)
		.split(/[?!;,\n¿¡؟،]+|\.(?=\s|$)/)
		.some((clause) => AI_QUESTION.test(words(clause).join(" ")));
}
