// Words that say nothing of what a message is about: function words, and what people type in a chat to
// acknowledge, agree or greet, in the widget's languages (en, de, fr, es), as shared/words.ts folds them
// ("qué" → "que", "don't" → "don" "t"). A message of nothing else ("why", "i see", "yes please") gives the
// matcher no topic to go on, however its scores come out: one intent's examples happen to hold "why" or
// "see", and it won with a confidence the calibration, fitted on whole questions, never learned to doubt.
const SMALL_WORDS = new Set(
	[
		// English
		"a an the i im ive id me my mine myself you youre your yours u ur we us our it its he she they them their this that these those there here",
		"is are am was were be been being do does did doing done have has had can could would should will shall may might must",
		"don doesn didn isn aren wasn weren cant won wouldn couldn shouldn m s t d ll re ve",
		"what whats why how when where who whom which whose and or but so if then than to of in on at by for from with about as into not just only also too very really",
		"yes yeah yep yup ya no nope nah ok okay okey k kk sure fine right alright well oh ah ahh hmm hm hmmm uh um umm huh wow lol haha hehe",
		"please pls plz thanks thank thx ty cool nice great good perfect awesome see got understood again more else something anything any some all one",
		"hi hello hey hiya bye goodbye cheers",
		// German
		"ich du er es wir ihr mein meine dein ist sind bin war warum wie wann wo wer welche und oder aber nicht ja nein gut danke bitte hallo tschuss",
		"der die das ein eine zu mit von auf fur im dem den des doch mal noch schon auch nur sehr genau toll klar super",
		// French
		"je tu il elle nous vous ils on le la les un une des de du et ou mais pas ne oui non merci bonjour salut svp stp ce cet cette est suis sont",
		"quoi pourquoi comment quand qui que quel quelle l j c qu n tres bien bon daccord",
		// Spanish
		"yo el ella usted ustedes lo los las unos unas del y o pero si gracias hola vale bueno por porque como cuando donde quien soy esta estoy muy mas claro perfecto adios",
	]
		.join(" ")
		.split(" "),
);

/** The words of `words` (shared/words.ts's) that say what a message is about, each once, in order. */
export function topicWords(words: readonly string[]): string[] {
	return [...new Set(words.filter((word) => !SMALL_WORDS.has(word)))];
}
