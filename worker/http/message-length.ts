import { ApiError } from "../../shared/api-error.ts";

/**
 * Refuses a message of more than `maxLength` characters with 413 message_too_long. Code points: an emoji is
 * one, not the two UTF-16 units of `length`. Not grapheme clusters, which would let one "character" carry any
 * number of combining marks, and the limit would no longer bound a message's size.
 */
export function assertMessageLength(text: string, maxLength: number, what: string): void {
	const length = [...text].length;
	if (length > maxLength) throw new ApiError(413, "message_too_long", `${what} can be at most ${maxLength} characters; this one has ${length}.`);
}
