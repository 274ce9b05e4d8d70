// A reply Claude had to stop at max_tokens ends mid-sentence, often mid-word.

// Where a sentence ends: its mark and any closing quotes or brackets, then a space or the end of the text
// (a dot inside "12.50" or "shop.example" ends nothing). Chinese and Japanese marks need no space after them.
const SENTENCE_END = /[.!?…]["'”’»)\]]*(?=\s|$)|[。！？][」』）]*/gu;

/** The text up to the end of its last complete sentence; empty when no sentence was finished. */
export function completeSentences(text: string): string {
	let end = 0;
	for (const match of text.matchAll(SENTENCE_END)) end = match.index + match[0].length;
	return text.slice(0, end);
}
