import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { passesLuhn } from "../../worker/cascade/pii/luhn.ts";
import { MAX_MASKED_CHARS, maskPersonalData } from "../../worker/cascade/pii/mask-personal-data.ts";
import { runs } from "../support/property-runs.ts";

const masked = (text: string) => maskPersonalData(text).text;

describe("the Luhn check", () => {
	it("passes real test card numbers and fails a changed digit", () => {
		for (const number of ["4111111111111111", "5555555555554444", "378282246310005", "6011111111111117"]) expect(passesLuhn(number)).toBe(true);
		for (const number of ["4111111111111112", "1234567812345678", "9876543210123456"]) expect(passesLuhn(number)).toBe(false);
	});
});

describe("masking personal data", () => {
	it("masks Luhn-valid card numbers however they are grouped", () => {
		expect(masked("My card is 4111 1111 1111 1111, exp 12/27")).toBe("My card is [card], exp 12/27");
		expect(masked("4242-4242-4242-4242")).toBe("[card]");
		expect(masked("5555555555554444.")).toBe("[card].");
		expect(masked("amex 3782 822463 10005")).toBe("amex [card]");
		expect(masked("qty 2 4111 1111 1111 1111")).toBe("qty 2 [card]");
		// Far along a row of numbers, and where unrelated digits with part of the card pass the Luhn check by chance.
		expect(masked("ref 900 800 700 600 500 400 300 4111 1111 1111 1111")).toBe("ref 900 800 700 600 500 400 300 [card]");
		expect(masked("ref 123 456 789 012 345 678 901 4111 1111 1111 1111")).toBe("ref 123 456 789 [card]");
		expect(masked("1234 4111 1111 1111 1111 987 ".repeat(50)).replace(/\D/g, "")).not.toContain("4111111111111111");
	});

	it("leaves lists of numbers a person needs alone: phone and order numbers, times, dates", () => {
		for (const text of ["orders 10023, 10024, 10025", "Open 09:00-17:30, 10:00-16:00, 11:00-15:00", "from 01/15/2024 - 02/15/2024", "ids 1234/5678/9012/3456"]) {
			expect(maskPersonalData(text, ["card"]).text).toBe(text);
		}
		expect(masked("Call me on 555-123-4567, 555-987-6543")).toBe("Call me on [phone], [phone]");
	});

	it("masks card numbers split by whatever people type between the groups, or touching letters", () => {
		for (const card of ["4111  1111  1111  1111", "4111.1111.1111.1111", "4111\n1111\n1111\n1111", "4111–1111–1111–1111", "4111_1111_1111_1111", "4111 - 1111 - 1111 - 1111", "4111/1111/1111/1111", "4111,1111,1111,1111", "4111|1111|1111|1111", "4111;1111;1111;1111", "4111:1111:1111:1111", "4111~1111~1111~1111", "4111'1111'1111'1111"]) {
			expect(masked(`card: ${card}`)).toBe("card: [card]");
		}
		// Groups of any size, down to one digit at a time.
		expect(masked("my card 4111 1111 1111 11 11, or 4 0 1 2 8 8 8 8 8 8 8 8 1 8 8 1")).toBe("my card [card], or [card]");
		expect(masked("4111-11-11-1111-1111")).toBe("[card]");
		expect(masked("Visa4111111111111111")).toBe("Visa[card]");
		expect(masked("4111111111111111exp 12/27")).toBe("[card]exp 12/27");
	});

	it("leaves digit strings that fail the Luhn check, such as order numbers, alone", () => {
		for (const text of [
			"card 4111 1111 1111 1112 please",
			"order 1234567812345678",
			"order #100234, ORD-2024-0001234, invoice 2024-000123, order 100-2003-4005",
			"tracking 1Z999AA10123456784",
			"Ticket 55512345678",
		]) {
			expect(maskPersonalData(text)).toEqual({ text, found: [] });
		}
	});

	it("masks national ids: US SSN, UK NI number, Spanish DNI/NIE, Italian codice fiscale, French NIR", () => {
		expect(masked("ssn 123-45-6789")).toBe("ssn [national_id]");
		expect(masked("NI: AB 12 34 56 C, or AB123456C")).toBe("NI: [national_id], or [national_id]");
		expect(masked("DNI 12345678Z, NIE X1234567L")).toBe("DNI [national_id], NIE [national_id]");
		expect(masked("CF RSSMRA85T10A562S")).toBe("CF [national_id]");
		expect(masked("NIR 2 55 08 14 168 025 38 / 2550814168025 38 / 2 55 08 2A 168 025 27")).toBe("NIR [national_id] / [national_id] / [national_id]");
	});

	it("checks national ids that carry a check character", () => {
		expect(masked("DNI 12345678A")).toBe("DNI 12345678A");
		expect(masked("ssn 666-45-6789")).toBe("ssn 666-45-6789");
		expect(masked("NIR 2 55 08 14 168 025 39")).not.toContain("[national_id]");
	});

	it("masks numbers and addresses written in full-width characters or split by invisible ones", () => {
		expect(masked("カード番号：４１１１－１１１１－１１１１－１１１１ です")).toBe("カード番号:[card] です");
		expect(masked("card 4111\u200b1111\u200b1111\u200b1111")).toBe("card [card]");
		expect(masked("4111-1111-\u00ad1111-1111")).toBe("[card]");
		// Direction isolates, the Arabic letter mark, a variation selector, a tag character.
		expect(masked("card 4111\u20661111\u061c1111\ufe0f1111\u{e0041}")).toBe("card [card]");
		expect(masked("ｊａｎｅ＠ｅｘａｍｐｌｅ．ｃｏｍ")).toBe("[email]");
		// Other scripts' own digits: Arabic-Indic, Persian, Devanagari.
		expect(masked("رقم بطاقتي ٤١١١ ١١١١ ١١١١ ١١١١ هل يمكنك التحقق؟")).toBe("رقم بطاقتي [card] هل يمكنك التحقق؟");
		expect(masked("کارت من ۴۱۱۱-۱۱۱۱-۱۱۱۱-۱۱۱۱ است")).toBe("کارت من [card] است");
		expect(masked("कार्ड ४१११ ११११ ११११ ११११")).toBe("कार्ड [card]");
		// What a hidden datum forces into readable form stays so when masked again.
		const hidden = masked("re\u200b\u0301sume\u0301 card 4111\u200b1111\u200b1111\u200b1111");
		expect(hidden).toBe("r\u00e9sum\u00e9 card [card]");
		expect(masked(hidden)).toBe(hidden);
	});

	it("passes text on as the customer wrote it where nothing is hidden in it", () => {
		// A Persian zero-width non-joiner, a family emoji's joiners, a heart's emoji form, a fraction, a ligature, Arabic-Indic digits.
		const written = "می\u200cخواهم سفارش ١٢٣٤٥ — 👨\u200d👩\u200d👧 ❤\ufe0f ½ kg, ﬁle №5";
		expect(masked(written)).toBe(written);
		expect(masked(`${written} mail sam@example.com`)).toBe(`${written} mail [email]`);
		expect(masked("re\u200b\u0301sume\u0301")).toBe("re\u200b\u0301sume\u0301");
		// Part of a number in full-width digits: masked whole, in the readable form.
		expect(masked("call me on +44 20 7946 ０９５８")).toBe("call me on [phone]");
	});

	it("masks e-mail addresses", () => {
		expect(masked("mail jane.doe+shop@example.co.uk.")).toBe("mail [email].");
		expect(masked("<max@müller.de>")).toBe("<[email]>");
		expect(masked("no address @ all, just a@b")).toBe("no address @ all, just a@b");
	});

	it("masks addresses run together in one pass, so masking the result again finds nothing", () => {
		expect(masked("sam@example.com__proto__sam@example.com")).toBe("[email]__[email]");
		expect(masked("a@b.com.c@d.com")).toBe("[email].[email]");
		expect(masked("_jane@example.com")).toBe("_[email]");
		expect(masked("sam@example.com4111111111111111")).toBe("[email][card]");
		expect(masked("sam@example.com1jo@example.org")).toBe("[email][email]");
		expect(masked(`${"a".repeat(70)}.jane@example.com`)).toBe(`${"a".repeat(70)}.[email]`);
	});

	it("masks phone numbers written with a formatting cue", () => {
		for (const phone of ["+44 20 7946 0958", "+44 (0)20 7946 0958", "+1-202-555-0143", "(555) 123-4567", "555.123.4567", "020 7946 0958", "06 12 34 56 78", "030/12345678", "0049 30 1234567"]) {
			expect(maskPersonalData(`call ${phone} today`)).toEqual({ text: "call [phone] today", found: [{ type: "phone", count: 1 }] });
		}
		expect(masked("I ordered 12 020 7946 0958")).toBe("I ordered 12 [phone]");
		expect(masked("+44 20 7946 0958+44 20 7946 0959")).toBe("[phone][phone]");
	});

	it("masks a number without formatting when a word says it is a phone number", () => {
		for (const [text, expected] of [
			["call me on 07911123456", "call me on [phone]"],
			["my mobile is 0612345678", "my mobile is [phone]"],
			["my phone: 5551234567", "my phone: [phone]"],
			["text me 447911123456 after six", "text me [phone] after six"],
		]) {
			expect(maskPersonalData(text)).toEqual({ text: expected, found: [{ type: "phone", count: 1 }] });
		}
		// The placeholder a first pass leaves is no such word: masking the output again changes nothing.
		const once = masked("+44 20 7946 0958Ꭰ(555) 123-4567");
		expect(masked(once)).toBe(once);
		// Masked numbers between the word and this one: the word is for them, in the first pass as in the second.
		const far = `tel${", +44 20 7946 0958".repeat(5)}, 07911123456`;
		expect(masked(masked(far))).toBe(masked(far));
		// A nearer word says what else the number is.
		expect(masked("please call about order 4829301")).toBe("please call about order 4829301");
		expect(masked("call me, my order number is 48293011")).toBe("call me, my order number is 48293011");
	});

	it("leaves numbers without a phone's formatting cues alone", () => {
		for (const text of ["order 4829301", "ref 555-1234", "version 2.10.3 build 20240115", "IP 192.168.100.200", "born 1985-05-10 at 10:30", "on 01.02.2024", "Zip 10115 Berlin, house 12", "99.90 EUR"]) {
			expect(masked(text)).toBe(text);
		}
	});

	it("counts what it masked by type", () => {
		expect(maskPersonalData("a@b.co, c@d.co, 4111 1111 1111 1111, +33 6 12 34 56 78").found).toEqual([
			{ type: "email", count: 2 },
			{ type: "card", count: 1 },
			{ type: "phone", count: 1 },
		]);
	});

	it("takes bounded time on hostile input and never throws", () => {
		const hostile = ["1 ".repeat(500_000), "a".repeat(1_000_000), "4".repeat(1_000_000), "1-".repeat(500_000), "a.".repeat(500_000) + "@", "a@b.".repeat(250_000), "+1 (2) ".repeat(150_000)];
		for (const text of hostile) {
			const started = performance.now();
			const result = maskPersonalData(text);
			expect(performance.now() - started).toBeLessThan(500);
			expect(result.text.length).toBeLessThanOrEqual(MAX_MASKED_CHARS);
		}
		const pieces = [..."0123456789 -+()./@a", "\u{1F600}", "\uD83D", "\uDE00"];
		fc.assert(
			fc.property(fc.string({ unit: fc.constantFrom(...pieces), maxLength: 60 }), (text) => {
				expect(() => maskPersonalData(text)).not.toThrow();
			}),
			runs(300),
		);
	});
});
