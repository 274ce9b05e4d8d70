/**
 * At most `max` UTF-16 units of `text`, never ending in the first half of a surrogate pair (an emoji, a rare CJK
 * character): half a character is not text. JSON carries it as a lone `\ud83d` that strict parsers, Postgres and
 * Python's UTF-8 encoder refuse, so a ticket holding one could fail at every helpdesk that stores it. A text that
 * already ends in such halves loses them too, so the cut of a text is the same whatever followed the cut.
 */
export function cutToLength(text: string, max: number): string {
	return (text.length > max ? text.slice(0, max) : text).replace(/[\ud800-\udbff]+$/, "");
}
