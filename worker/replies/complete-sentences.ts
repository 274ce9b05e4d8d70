// A reply Claude had to stop at max_tokens ends mid-sentence, often mid-word.

// Where a sentence ends: its mark and any closing quotes or brackets, then a space (a dot inside "12.50" or
// "shop.example" ends nothing, nor one the cut came right after: "The fee is 12." may have been "12.50").
// Chinese and Japanese marks are never part of a number, and need no space after them.
const SENTENCE_END = /[.!?…]["'”’»)\]]*(?=\s)|[。！？][」』）]*/gu;

/** The text up to the end of its last complete sentence; empty when no sentence was finished. */
export function completeSentences(text: string): string {
	let end = 0;
	for (const match of text.matchAll(SENTENCE_END)) end = match.index + match[0].length;
	return text.slice(0, end);
}
