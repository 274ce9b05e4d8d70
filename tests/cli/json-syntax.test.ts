import { describe, expect, it } from "vitest";
import { jsonSyntaxMessage } from "../../cli/lib/json-syntax.ts";

/** The message for `text` as JSON.parse refuses it. */
function messageFor(text: string): string {
	try {
		JSON.parse(text);
	} catch (error) {
		return jsonSyntaxMessage("config.json", text, error as SyntaxError);
	}
	throw new Error(`${text} is valid JSON`);
}

describe("where a JSON file stops being JSON", () => {
	it("points at the line and column, counting from 1, with what was expected and what was found", () => {
		expect(messageFor('{\n  "a": 1\n  "b": 2\n}')).toBe('config.json:3:3: not valid JSON: comma expected, found "\\"b\\""');
		expect(messageFor('{\n  "a": 1.\n}')).toBe('config.json:2:8: not valid JSON: unexpected end of number, found "1."');
		expect(messageFor('{ "a": "unfinished }')).toMatch(/^config\.json:1:8: not valid JSON: unexpected end of string/);
	});

	it("names a comma after the last item, in a list or an object, wherever the closing bracket is", () => {
		expect(messageFor('[1, 2,]')).toBe('config.json:1:7: not valid JSON: a comma before "]": JSON allows none after the last item');
		expect(messageFor('{\n\t"a": 1,\n}')).toBe('config.json:3:1: not valid JSON: a comma before "}": JSON allows none after the last item');
	});

	it("names a word left without quotes, as a name or as text", () => {
		expect(messageFor('{ allowedOrigins: [] }')).toBe('config.json:1:3: not valid JSON: allowedOrigins without quotes: JSON writes names and text in double quotes ("allowedOrigins"), and true, false and null in lower case');
		expect(messageFor('{ "position": left }')).toMatch(/^config\.json:1:15: not valid JSON: left without quotes/);
		expect(messageFor('{ "enabled": True }')).toMatch(/^config\.json:1:14: not valid JSON: True without quotes: .*true, false and null in lower case$/);
	});

	it("names a name or text in single quotes", () => {
		expect(messageFor("{ 'title': \"Help\" }")).toBe(`config.json:1:3: not valid JSON: 'title' in single quotes: JSON writes names and text in double quotes ("title")`);
		expect(messageFor("{ \"title\": 'Help me' }")).toMatch(/^config\.json:1:12: not valid JSON: 'Help/);
	});

	it("names comments and an empty file, which JSON has no room for", () => {
		expect(messageFor('{\n  // the shop\n  "a": 1\n}')).toMatch(/^config\.json:2:3: not valid JSON: /);
		expect(messageFor("")).toBe("config.json:1:1: not valid JSON: value expected, found the end of the file");
	});
});
