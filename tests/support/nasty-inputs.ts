// Hostile input, named and written down once: what a fuzzer would take long to
// stumble on. The hostile-input tests run every entry against the request
// schemas, the cascade and the HTTP API (inside workerd, so nothing here may
// need Node).

const MEGABYTE = 1024 * 1024;

export interface NastyText {
	name: string;
	text: string;
}

/**
 * Strings to put wherever a request carries text. Sent in a JSON body they
 * travel as JSON escapes, so the lone surrogates arrive as `\ud800` and the
 * like; the node tests hand them to the code as JavaScript strings.
 */
export const NASTY_TEXTS: readonly NastyText[] = [
	{ name: "one megabyte of one letter", text: "a".repeat(MEGABYTE) },
	{ name: "ten megabytes of one letter", text: "a".repeat(10 * MEGABYTE) },
	{ name: "a megabyte of emoji, every one a surrogate pair", text: "😀".repeat(MEGABYTE / 4) },
	{ name: "one word of 100 000 letters", text: "x".repeat(100_000) },
	// Backtracking bait: the shapes the entity, PII and rule patterns look for, repeated and spoiled at the end.
	{ name: "50 000 letters then a bang", text: `${"a".repeat(50_000)}!` },
	{ name: "card-number groups without end", text: "4111 ".repeat(10_000) },
	{ name: "phone-shaped digits and dashes", text: `+${"1-".repeat(20_000)}x` },
	{ name: "an e-mail local part 40 000 characters long", text: `${"a.".repeat(20_000)}@` },
	{ name: "an e-mail domain without end", text: `a@${"b.".repeat(20_000)}` },
	{ name: "25 000 at signs between letters", text: "a@".repeat(25_000) },
	{ name: "thousands groups after a currency sign", text: `$${"1,000".repeat(10_000)}0` },
	{ name: "date-shaped runs", text: "12/12/".repeat(10_000) },
	{ name: "an order number that never ends", text: `order #${"1-".repeat(20_000)}` },
	{ name: "a lone high surrogate", text: "before \ud800 after" },
	{ name: "a lone low surrogate", text: "before \udc00 after" },
	{ name: "a surrogate pair in the wrong order", text: "\udc00\ud800" },
	{ name: "an emoji cut in half at the end", text: "thanks \ud83d" },
	{ name: "one zero-width space", text: "\u200b" },
	{ name: "only zero-width and direction characters", text: "\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u202e" },
	{ name: "a family emoji joined by zero-width joiners", text: "👨‍👩‍👧‍👦 where is my order?" },
	{ name: "a zero-width non-joiner inside a Persian word", text: "می‌خواهم سفارشم را پیگیری کنم" },
	{ name: "zero-width spaces between the letters of a keyword", text: "r\u200be\u200bf\u200bu\u200bn\u200bd please" },
	{ name: "a right-to-left override", text: "my invoice \u202efdp.exe is wrong" },
	{ name: "bidi isolates and embeddings never closed", text: "\u2067\u2066\u202a\u202b\u202d order 12345" },
	{ name: "Arabic with Latin and digits", text: "أين طلبي رقم 48213؟ order #48213" },
	{ name: "10 000 combining marks on one letter", text: `a${"\u0301".repeat(10_000)}` },
	{ name: "a ligature NFKD expands eighteen-fold, 20 000 times", text: "\ufdfa".repeat(20_000) },
	{ name: "noncharacters and the last code point", text: "\ufffe\uffff\u{10ffff}" },
	{ name: "a byte order mark first", text: "\ufeffhello" },
	{ name: "NUL, bell, escape and delete", text: "a\u0000b\u0007c\u001b[31md\u007f" },
	{ name: "line and paragraph separators", text: "one\u2028two\u2029three\r\nfour" },
	{ name: "whitespace of every kind and nothing else", text: " \t\n\r\u00a0\u2003\u3000" },
	{ name: "a script tag", text: "<script>alert(document.cookie)</script>" },
	{ name: "an image with onerror", text: '<img src=x onerror="alert(1)">' },
	{ name: "closing tags and an SVG", text: "</textarea></script><svg/onload=alert(1)>" },
	{ name: "a markdown link to javascript:", text: "[track it](javascript:alert(1))" },
	{ name: "SQL", text: "'; DROP TABLE messages; --" },
	{ name: "replacement patterns and placeholders", text: "$& $1 $' $` {order_id|x} {{7*7}} ${7*7}" },
	{ name: "format specifiers", text: "%s%s%s%n%x" },
	{ name: "prototype property names", text: "__proto__ constructor prototype hasOwnProperty toString" },
	{ name: "JSON inside the string", text: '{"clientMessageId":"x","text":"y"}' },
];

export type BodyOutcome = "accepted" | 400 | 413 | 415;

export interface NastyBody {
	name: string;
	/** null sends no Content-Type header at all. */
	contentType: string | null;
	body: Uint8Array;
	/** What a careful API answers, given that the valid body it was built from is accepted. */
	expected: BodyOutcome;
}

const JSON_TYPE = "application/json";
const encoder = new TextEncoder();

function joined(...parts: Array<string | number[]>): Uint8Array {
	const chunks = parts.map((part) => (typeof part === "string" ? encoder.encode(part) : Uint8Array.from(part)));
	const bytes = new Uint8Array(chunks.reduce((length, chunk) => length + chunk.byteLength, 0));
	chunks.reduce((offset, chunk) => {
		bytes.set(chunk, offset);
		return offset + chunk.byteLength;
	}, 0);
	return bytes;
}

const nested = (depth: number, open: string, inner: string, close: string) => open.repeat(depth) + inner + close.repeat(depth);

function holdsNumber(value: unknown): boolean {
	if (typeof value === "number") return true;
	return typeof value === "object" && value !== null && Object.values(value).some(holdsNumber);
}

/** The valid body's JSON split just inside its first top-level string value, where broken bytes or escapes go. */
function splitInsideFirstString(valid: Record<string, unknown>): [string, string] {
	const json = JSON.stringify(valid);
	const key = Object.keys(valid).find((name) => typeof valid[name] === "string");
	if (key === undefined) throw new Error("nastyBodies needs a valid body with a string value at the top level");
	const at = json.indexOf(`${JSON.stringify(key)}:"`) + JSON.stringify(key).length + 2;
	return [json.slice(0, at), json.slice(at)];
}

function wrongContentTypes(json: string): NastyBody[] {
	return [
		{ name: "Content-Type text/plain", contentType: "text/plain", body: encoder.encode(json), expected: 415 },
		{ name: "no Content-Type at all", contentType: null, body: encoder.encode(json), expected: 415 },
		{ name: "form-encoded", contentType: "application/x-www-form-urlencoded", body: encoder.encode(`body=${encodeURIComponent(json)}`), expected: 415 },
		{
			name: "multipart form data",
			contentType: "multipart/form-data; boundary=nasty",
			body: encoder.encode(`--nasty\r\nContent-Disposition: form-data; name="body"\r\n\r\n${json}\r\n--nasty--\r\n`),
			expected: 415,
		},
		{ name: "Content-Type text/json", contentType: "text/json", body: encoder.encode(json), expected: 415 },
		{ name: "Content-Type application/json-patch+json", contentType: "application/json-patch+json", body: encoder.encode(json), expected: 415 },
		{ name: "two content types in one header", contentType: "application/json, text/plain", body: encoder.encode(json), expected: 415 },
		{ name: "Content-Type in capitals", contentType: "APPLICATION/JSON", body: encoder.encode(json), expected: "accepted" },
		{ name: "Content-Type with a charset", contentType: "application/json; charset=utf-8", body: encoder.encode(json), expected: "accepted" },
	];
}

function brokenEncodings(valid: Record<string, unknown>): NastyBody[] {
	const [before, after] = splitInsideFirstString(valid);
	const withBytes = (name: string, bytes: number[]): NastyBody => ({ name, contentType: JSON_TYPE, body: joined(before, bytes, after), expected: 400 });
	const withEscape = (name: string, escape: string): NastyBody => ({ name, contentType: JSON_TYPE, body: encoder.encode(before + escape + after), expected: 400 });
	return [
		withBytes("invalid UTF-8: a 0xFF byte inside a string", [0xff]),
		withBytes("invalid UTF-8: an overlong encoding of '/'", [0xc0, 0xaf]),
		withBytes("invalid UTF-8: a multi-byte sequence cut short", [0xe2, 0x82]),
		withBytes("invalid UTF-8: a surrogate encoded as UTF-8 (CESU-8)", [0xed, 0xa0, 0x80]),
		withBytes("invalid UTF-8: a five-byte sequence", [0xf8, 0x88, 0x80, 0x80, 0x80]),
		{ name: "UTF-16 with a byte order mark", contentType: JSON_TYPE, body: joined([0xff, 0xfe], ...[...JSON.stringify(valid)].map((char) => [char.charCodeAt(0), 0])), expected: 400 },
		withEscape("a lone high surrogate as a JSON escape", "\\ud800"),
		withEscape("a lone low surrogate as a JSON escape", "\\udc00"),
		withEscape("a surrogate pair reversed, as JSON escapes", "\\udc00\\ud800"),
	];
}

function malformedJson(json: string, optional: boolean): NastyBody[] {
	const raw = (name: string, body: string | Uint8Array, expected: BodyOutcome): NastyBody => ({ name, contentType: JSON_TYPE, body: typeof body === "string" ? encoder.encode(body) : body, expected });
	return [
		// Where every field is optional, no body is none of them, and one of only whitespace is none either.
		raw("an empty body", "", optional ? "accepted" : 400),
		raw("only whitespace", " \n\t ", optional ? "accepted" : 400),
		raw("null", "null", 400),
		raw("an array", "[]", 400),
		raw("a string", '"hello"', 400),
		raw("a number too large for a double", "1e999", 400),
		raw("NaN", "NaN", 400),
		raw("single quotes", json.replace(/"/g, "'"), 400),
		raw("a trailing comma", `${json.slice(0, -1)},}`, 400),
		raw("a comment", `// hi\n${json}`, 400),
		raw("two JSON documents", json + json, 400),
		raw("garbage after the JSON", `${json}x`, 400),
		raw("a NUL byte after the JSON", joined(json, [0]), 400),
		raw("a byte order mark before valid JSON", joined([0xef, 0xbb, 0xbf], json), "accepted"),
		raw("valid JSON padded with whitespace", `\n\t ${json} \r\n`, "accepted"),
	];
}

function hostileStructure(valid: Record<string, unknown>, json: string): NastyBody[] {
	const [firstKey] = Object.keys(valid);
	const firstKeyJson = JSON.stringify(firstKey);
	const withField = (field: string) => `{${field},${json.slice(1)}`;
	const raw = (name: string, body: string, expected: BodyOutcome): NastyBody => ({ name, contentType: JSON_TYPE, body: encoder.encode(body), expected });
	return [
		raw("arrays nested 10 000 deep", nested(10_000, "[", "", "]"), 400),
		raw("objects nested 10 000 deep", nested(10_000, '{"a":', "1", "}"), 400),
		raw("arrays nested as deep as the body limit allows", nested(32_000, "[", "", "]"), 400),
		raw("an extra field nested 10 000 deep", withField(`"deep":${nested(10_000, "[", "", "]")}`), 400),
		raw("the first field nested 10 000 deep", JSON.stringify({ ...valid, [firstKey]: null }).replace("null", nested(10_000, "[", "", "]")), 400),
		raw("a key given twice, the last one valid", withField(`${firstKeyJson}:[["not valid"]]`), "accepted"),
		raw("a key given twice, the last one not valid", `${json.slice(0, -1)},${firstKeyJson}:[["not valid"]]}`, 400),
		raw("numbers sent as strings", JSON.stringify(valid, (_, value) => (typeof value === "number" ? String(value) : value)), holdsNumber(valid) ? 400 : "accepted"),
		raw("an array of 20 000 numbers in place of the first field", JSON.stringify({ ...valid, [firstKey]: new Array(20_000).fill(0) }), 400),
		raw("an array of 100 000 numbers, past the body limit", withField(`"huge":${JSON.stringify(new Array(100_000).fill(0))}`), 413),
		raw("a __proto__ key", withField('"__proto__":{"polluted":true}'), 400),
		raw("a constructor.prototype key", withField('"constructor":{"prototype":{"polluted":true}}'), 400),
		raw("a key named toString", withField('"toString":"x"'), 400),
		raw("a megabyte body", withField(`"padding":${JSON.stringify("a".repeat(MEGABYTE))}`), 413),
		raw("a ten-megabyte body", withField(`"padding":${JSON.stringify("a".repeat(10 * MEGABYTE))}`), 413),
	];
}

/**
 * Ways to send a JSON body wrong, and a few odd ways to send it right, built
 * around `valid`, a body the endpoint accepts that has a string at the top level.
 */
export function nastyBodies(valid: Record<string, unknown>, optional = false): NastyBody[] {
	const json = JSON.stringify(valid);
	return [
		{ name: "the valid body itself", contentType: JSON_TYPE, body: encoder.encode(json), expected: "accepted" },
		...wrongContentTypes(json),
		...brokenEncodings(valid),
		...malformedJson(json, optional),
		...hostileStructure(valid, json),
	];
}
