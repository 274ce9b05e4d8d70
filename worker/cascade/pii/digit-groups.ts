interface Span {
	start: number;
	end: number;
}

export interface DigitRange {
	min: number;
	max: number;
}

function countDigits(text: string, start: number, end: number): number {
	let digits = 0;
	for (let i = start; i < end; i++) {
		const code = text.charCodeAt(i);
		if (code >= 48 && code <= 57) digits++;
	}
	return digits;
}

/** Offsets of the groups in `text`, split where `separator` matches. */
function groupsOf(text: string, separator: RegExp): Span[] {
	const groups: Span[] = [];
	let start = 0;
	for (const match of text.matchAll(separator)) {
		if (match.index > start) groups.push({ start, end: match.index });
		start = match.index + match[0].length;
	}
	if (start < text.length) groups.push({ start, end: text.length });
	return groups;
}

/** Every run of consecutive whole groups with a digit count in `range`, longest first. */
function runsOf(text: string, groups: Span[], range: DigitRange): Span[] {
	const runs: Span[] = [];
	const digits = groups.map((group) => countDigits(text, group.start, group.end));
	for (let first = 0; first < groups.length; first++) {
		let total = 0;
		for (let last = first; last < groups.length && total + digits[last] <= range.max; last++) {
			total += digits[last];
			if (total >= range.min) runs.push({ start: groups[first].start, end: groups[last].end });
		}
	}
	return runs.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
}

/**
 * Replaces the longest run of whole groups in a candidate that `accept`s, then
 * looks again on either side of it. Candidates are deliberately greedy ("qty 2
 * 4111 1111 1111 1111" is one), so the personal number may sit next to
 * unrelated digits inside one.
 */
export function replaceGroupRuns(
	candidate: string,
	separator: RegExp,
	range: DigitRange,
	accept: (run: string) => boolean,
	placeholder: string,
): { text: string; count: number } {
	const run = runsOf(candidate, groupsOf(candidate, separator), range).find((span) => accept(candidate.slice(span.start, span.end)));
	if (!run) return { text: candidate, count: 0 };
	const before = replaceGroupRuns(candidate.slice(0, run.start), separator, range, accept, placeholder);
	const after = replaceGroupRuns(candidate.slice(run.end), separator, range, accept, placeholder);
	return { text: before.text + placeholder + after.text, count: before.count + 1 + after.count };
}
