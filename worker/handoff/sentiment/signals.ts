// How a message is typed rather than what it says: capitals, runs of "!" and
// "?", swearing masked with asterisks. All of these read the raw text, which
// the caller has already cut to a bounded length.

const LETTER_WORD = /\p{L}{2,}/gu;
/** Fewer capitalised words in a row than this is an acronym or two ("DHL", "USB-C"), not shouting. */
const SHOUTED_RUN = 3;

/** Several words in capitals in a row ("STILL NOTHING ARRIVED"); numbers and one-letter words don't break a run. */
export function isShouting(text: string): boolean {
	let run = 0;
	for (const [word] of text.matchAll(LETTER_WORD)) {
		const upper = word.toUpperCase();
		// Scripts without case (Chinese, Arabic) can't shout in capitals.
		if (upper === word.toLowerCase()) continue;
		run = word === upper ? run + 1 : 0;
		if (run === SHOUTED_RUN) return true;
	}
	return false;
}

const BANG_RUN = /!{2,}/g;
/** More "!" than this add nothing: "!!!!!!!!" is no angrier than "!!!!". */
const MAX_BANGS = 4;

/** How many "!" stand in runs of two or more ("Thanks!" is punctuation, "Thanks!!!" is emphasis), capped. */
export function repeatedBangs(text: string): number {
	let bangs = 0;
	for (const [run] of text.matchAll(BANG_RUN)) {
		bangs += run.length;
		if (bangs >= MAX_BANGS) return MAX_BANGS;
	}
	return bangs;
}

/** "?!" or "!?": an exasperated question ("Where is my order?!"). */
export function hasInterrobang(text: string): boolean {
	return /\?!|!\?/.test(text);
}

/** "??" and longer: the customer asking impatiently. */
export function hasRepeatedQuestion(text: string): boolean {
	return text.includes("??");
}

// "f***", "f*cking", "sh*t": the letters after the mask are capped so a match stays short.
const MASKED_SWEARING = /(?<![\p{L}\p{N}])(?:f|sh)[*#@$]+\p{L}{0,6}/giu;

/** Swear words written with symbols standing in for letters, which words() would drop. */
export function maskedSwearing(text: string): string[] {
	return Array.from(text.matchAll(MASKED_SWEARING), ([match]) => match);
}
