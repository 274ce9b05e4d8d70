// Whether the words just before a position name a kind of thing ("order",
// "invoice"), tolerating one typo because customers type fast.

const CONTEXT_WORDS = 4;
const CONTEXT_CHARS = 80;

/** Optimal string alignment distance ≤ 1: one insertion, deletion, substitution or swap. */
function withinOneEdit(word: string, keyword: string): boolean {
	if (Math.abs(word.length - keyword.length) > 1) return false;
	const previous2: number[] = [];
	let previous = Array.from({ length: keyword.length + 1 }, (_, index) => index);
	for (let i = 1; i <= word.length; i++) {
		const current = [i];
		for (let j = 1; j <= keyword.length; j++) {
			const cost = word[i - 1] === keyword[j - 1] ? 0 : 1;
			let best = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
			if (i > 1 && j > 1 && word[i - 1] === keyword[j - 2] && word[i - 2] === keyword[j - 1]) best = Math.min(best, previous2[j - 2] + 1);
			current.push(best);
		}
		previous2.splice(0, previous2.length, ...previous);
		previous = current;
	}
	return previous[keyword.length] <= 1;
}

/**
 * "order", "orders", "theorder", "ordedr" all name an order. Keywords under four letters must match exactly,
 * and a typo in a four-letter one must keep its first letter: "biull" is a bill, "will" and "till" are not.
 */
function namesKeyword(word: string, keyword: string): boolean {
	if (word === keyword || word === `${keyword}s`) return true;
	if (keyword.length < 4) return false;
	return word.includes(keyword) || ((keyword.length >= 5 || word[0] === keyword[0]) && withinOneEdit(word, keyword));
}

/** The lowercased words before `position`, nearest first, within the same clause ("order no. 5" keeps its dot). */
function wordsBefore(text: string, position: number): string[] {
	const clause = text.slice(Math.max(0, position - CONTEXT_CHARS), position).split(/[;!?\n]/).pop() ?? "";
	return (clause.toLowerCase().match(/[\p{L}]+/gu) ?? []).slice(-CONTEXT_WORDS).reverse();
}

/** Which of the keyword groups the nearest preceding word names, if any. */
export function nearestContext<Kind extends string>(text: string, position: number, groups: Record<Kind, readonly string[]>): Kind | null {
	const kinds = Object.keys(groups) as Kind[];
	for (const word of wordsBefore(text, position)) {
		const kind = kinds.find((candidate) => groups[candidate].some((keyword) => namesKeyword(word, keyword)));
		if (kind) return kind;
	}
	return null;
}

/**
 * As nearestContext, among the words after the last match of `lastBoundary` (a pattern that matches only its
 * last occurrence) before `position`: a number between a keyword and the position is what the keyword named,
 * as in "order 12345, my number is 0612345678".
 */
export function nearestContextSince<Kind extends string>(text: string, position: number, groups: Record<Kind, readonly string[]>, lastBoundary: RegExp): Kind | null {
	const window = text.slice(Math.max(0, position - CONTEXT_CHARS), position);
	const last = lastBoundary.exec(window);
	const clause = last ? window.slice(last.index + last[0].length) : window;
	return nearestContext(clause, clause.length, groups);
}
