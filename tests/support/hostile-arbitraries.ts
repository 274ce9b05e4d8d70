// fast-check generators of hostile text and JSON, shared by the node and the
// workerd property tests.
import fc from "fast-check";

const LONE_SURROGATE_PIECES = ["\ud800", "\udbff", "\udc00", "\udfff", "\ud83d"];

// Pieces that have broken text handling before: joiners and direction marks, combining
// marks and ligatures that grow under normalisation, markup, replacement patterns, and
// digits in the shapes the entity and PII patterns look for.
const WELL_FORMED_PIECES = [
	"\u200b",
	"\u200c",
	"\u200d",
	"\u2060",
	"\ufeff",
	"\u200e",
	"\u200f",
	"\u202a",
	"\u202e",
	"\u2066",
	"\u2069",
	"😀",
	"👨‍👩‍👧‍👦",
	"🇪🇸",
	"\u0301",
	"\ufdfa",
	"İ",
	"ß",
	"ﬁ",
	"\u0000",
	"\u001b",
	"\u2028",
	"\n",
	"\r\n",
	"\t",
	" ",
	"\u00a0",
	"<script>",
	"<img src=x onerror=alert(1)>",
	"</",
	"&amp;",
	'"',
	"\\",
	"'",
	"`",
	"$&",
	"$1",
	"{order_id|x}",
	"__proto__",
	"constructor",
	"@",
	".",
	",",
	"-",
	"+",
	"(",
	")",
	"#",
	"$",
	"€",
	"!",
	"?",
	"1",
	"00",
	"123",
	"1,000",
	"45.99",
	"4111 1111 1111 1111",
	"4111111111111111",
	"123-45-6789",
	"+44 20 7946 0958",
	"(555) 123-4567",
	"12/05/2024",
	"sam@example.com",
	"order",
	"invoice",
	"refund",
	"premium",
	"lawyer",
	"STILL NOTHING",
	"a",
	"Z",
];

const wellFormedUnit = fc.constantFrom(...WELL_FORMED_PIECES);
const loneSurrogate = fc.constantFrom(...LONE_SURROGATE_PIECES);

/** Valid Unicode: printable graphemes, any code point, or a mix of the pieces above. */
export function wellFormedText(maxLength = 120): fc.Arbitrary<string> {
	return fc.oneof(
		fc.string({ unit: "grapheme", maxLength }),
		fc.string({ unit: "binary", maxLength }),
		fc.string({ unit: fc.oneof(wellFormedUnit, fc.string({ unit: "binary", minLength: 1, maxLength: 3 })), maxLength: Math.ceil(maxLength / 4) }),
	);
}

/** Any JavaScript string, lone surrogates included. */
export function hostileText(maxLength = 120): fc.Arbitrary<string> {
	return fc.oneof(
		wellFormedText(maxLength),
		fc.string({ unit: fc.oneof(wellFormedUnit, loneSurrogate, fc.string({ unit: "binary", minLength: 1, maxLength: 3 })), maxLength: Math.ceil(maxLength / 4) }),
	);
}

/** A well-formed string with one lone surrogate put somewhere in it; an odd number of surrogate halves can never all pair up. */
export function textWithLoneSurrogate(maxLength = 120): fc.Arbitrary<string> {
	return fc
		.tuple(wellFormedText(maxLength), loneSurrogate, fc.nat())
		.map(([text, surrogate, at]) => {
			const position = at % (text.length + 1);
			return text.slice(0, position) + surrogate + text.slice(position);
		});
}

/** Well-formed text with at least one visible character, laced with joiners and direction marks. */
export function visibleText(maxLength = 120): fc.Arbitrary<string> {
	return fc
		.tuple(wellFormedText(maxLength), fc.string({ unit: "grapheme", minLength: 1, maxLength: 8 }), wellFormedText(maxLength))
		.filter(([, visible]) => /[^\s\p{Cc}\p{Cf}]/u.test(visible))
		.map(([before, visible, after]) => before + visible + after);
}

/** Keys a request might carry: the real field names, prototype names, or anything at all. */
function hostileKey(fieldNames: readonly string[] = []): fc.Arbitrary<string> {
	return fc.oneof(fc.constantFrom(...fieldNames, "__proto__", "constructor", "prototype", "toString", "hasOwnProperty"), hostileText(12));
}

/** Any JSON value, with hostile strings as keys and values. */
export function hostileJson(fieldNames: readonly string[] = []): fc.Arbitrary<unknown> {
	return fc.anything({
		key: hostileKey(fieldNames),
		values: [hostileText(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null)],
		maxDepth: 3,
		maxKeys: 6,
	});
}

/** Any JavaScript value at all, including ones JSON cannot hold: what a schema may be handed by mistake. */
export function anyValue(fieldNames: readonly string[] = []): fc.Arbitrary<unknown> {
	return fc.anything({
		key: hostileKey(fieldNames),
		maxDepth: 3,
		maxKeys: 6,
		withBigInt: true,
		withBoxedValues: true,
		withDate: true,
		withMap: true,
		withSet: true,
		withNullPrototype: true,
		withObjectString: true,
		withSparseArray: true,
		withTypedArray: true,
	});
}
