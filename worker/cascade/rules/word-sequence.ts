/** True when `needle` occurs in `haystack` as consecutive words. */
export function containsSequence(haystack: readonly string[], needle: readonly string[]): boolean {
	if (needle.length === 0) return false;
	for (let start = 0; start + needle.length <= haystack.length; start++) {
		if (needle.every((word, offset) => haystack[start + offset] === word)) return true;
	}
	return false;
}
