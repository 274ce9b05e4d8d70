// Where a JSON file stops being JSON, as an editor would point at it. JSON.parse names the token it did not expect
// and quotes the text around it, but gives no line: in a site config of a few hundred lines, that is a search.
import { type ParseError, parse, printParseErrorCode } from "jsonc-parser";

/** "CloseBracketExpected" → "close bracket expected". */
const inWords = (error: ParseError) => printParseErrorCode(error.error).replace(/(\p{Ll})(\p{Lu})/gu, "$1 $2").toLowerCase();

function problem(text: string, error: ParseError): string {
	const found = text.slice(error.offset, error.offset + Math.max(1, error.length));
	if (found === "") return `${inWords(error)}, found the end of the file`;
	// The commonest slip in a hand-edited file, and what JSON.parse's message hides best.
	if ((found === "]" || found === "}") && text.slice(0, error.offset).trimEnd().endsWith(",")) return `a comma before "${found}": JSON allows none after the last item`;
	if (/^\p{L}[\p{L}\p{N}_]*$/u.test(found)) return `${found} without quotes: JSON writes names and text in double quotes ("${found}"), and true, false and null in lower case`;
	if (found.startsWith("'")) return `${found} in single quotes: JSON writes names and text in double quotes ("${found.replace(/^'|'$/g, "")}")`;
	return `${inWords(error)}, found ${JSON.stringify(found)}`;
}

/**
 * The message for a file whose text JSON.parse refused with `error`: "path:line:column: not valid JSON: …" (lines and
 * columns from 1), or JSON.parse's own words where the strict parser here finds no fault.
 */
export function jsonSyntaxMessage(path: string, text: string, error: SyntaxError): string {
	const errors: ParseError[] = [];
	parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
	const first = errors[0];
	if (!first) return `${path}: not valid JSON (${error.message})`;
	const lines = text.slice(0, first.offset).split("\n");
	return `${path}:${lines.length}:${(lines.at(-1) ?? "").length + 1}: not valid JSON: ${problem(text, first)}`;
}
