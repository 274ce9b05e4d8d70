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

/**
 * Replaces every run of whole groups that `accept`s; runs that overlap become one placeholder. Candidates
 * are deliberately greedy ("qty 2 4111 1111 1111 1111" is one), so the personal number may sit next to
 * unrelated digits, and some of those, with part of it, may pass the check by chance: masking only one
 * of two overlapping runs could leave the rest of the number readable. Each group starts at most a few
 * runs, so the work grows with the candidate's length, which the caller need not cap.
 */
export function replaceGroupRuns(
	candidate: string,
	separator: RegExp,
	range: DigitRange,
	accept: (run: string) => boolean,
	placeholder: string,
): { text: string; count: number } {
	const groups = groupsOf(candidate, separator);
	const digits = groups.map((group) => countDigits(candidate, group.start, group.end));
	const masked: Array<{ first: number; last: number }> = [];
	for (let first = 0; first < groups.length; first++) {
		let longest = -1;
		let total = 0;
		for (let last = first; last < groups.length && total + digits[last] <= range.max; last++) {
			total += digits[last];
			if (total >= range.min && accept(candidate.slice(groups[first].start, groups[last].end))) longest = last;
		}
		if (longest < 0) continue;
		const open = masked.at(-1);
		if (open && first <= open.last) open.last = Math.max(open.last, longest);
		else masked.push({ first, last: longest });
	}
	let text = "";
	let copiedUpTo = 0;
	for (const { first, last } of masked) {
		text += candidate.slice(copiedUpTo, groups[first].start) + placeholder;
		copiedUpTo = groups[last].end;
	}
	return { text: text + candidate.slice(copiedUpTo), count: masked.length };
}
