// A customer telling the bot its answer missed counts as a failed turn, like a fallback.
import { words } from "../../shared/words.ts";
import { containsSequence } from "../cascade/rules/word-sequence.ts";

const REJECTIONS = [
	"not what i asked",
	"not what i meant",
	"not what i m asking",
	"doesn t help",
	"didn t help",
	"does not help",
	"did not help",
	"not helpful",
	"wrong answer",
	"you don t understand",
	"you didn t understand",
	"that s not it",
	"that s wrong",
	"that isn t right",
	"that doesn t answer",
	"didn t answer my question",
	"that s not my question",
].map(words);

export function isRejection(text: string): boolean {
	const message = words(text);
	return REJECTIONS.some((phrase) => containsSequence(message, phrase));
}
