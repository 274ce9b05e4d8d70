import { describe, expect, it } from "vitest";
import { extractEntities, type Entity } from "../../worker/cascade/entities/index.ts";

const accountTypes = [{ type: "account_type", values: ["free", "premium", "gold plus", "gold"] }];

function only(text: string, type: string): Entity[] {
	return extractEntities(text, { valueLists: accountTypes }).filter((entity) => entity.type === type);
}

function expectSpan(text: string, entity: Entity | undefined, value: string): void {
	expect(entity?.value).toBe(value);
	expect(text.slice(entity?.start, entity?.end)).toBe(value);
}

describe("order and invoice ids", () => {
	it("finds an order number after 'order' or 'purchase', even misspelt", () => {
		for (const text of ["cancel order 4417203", "where is purchase 009912345?", "track my ordr no. 55512345"]) {
			const [order] = only(text, "order_id");
			expect(order, text).toBeDefined();
			expect(text.slice(order.start, order.end)).toMatch(/^\d+$/);
		}
	});

	it("finds an invoice number with its # after 'invoice' or 'bill'", () => {
		const text = "please send me invoice #40021 again";
		expectSpan(text, only(text, "invoice_id")[0], "#40021");
		expectSpan("my bill INV-2231 is wrong", only("my bill INV-2231 is wrong", "invoice_id")[0], "INV-2231");
	});

	it("gives an id written with a # or in small letters the form it has without and in capitals", () => {
		expect(only("order #48213", "order_id")[0].normalized).toBe("48213");
		expect(only("invoice inv-2231", "invoice_id")[0].normalized).toBe("INV-2231");
		expect(only("order 48213 and invoice INV-2231", "order_id")[0]).not.toHaveProperty("normalized");
		expect(only("order 48213 and invoice INV-2231", "invoice_id")[0]).not.toHaveProperty("normalized");
	});

	it("ignores numbers with no order or invoice context", () => {
		expect(extractEntities("I waited 30000 seconds for 12345 reasons")).toEqual([]);
		expect(only("order 12 pizzas", "order_id")).toEqual([]);
	});

	it("reads order and invoice keywords in the widget's other languages", () => {
		for (const [text, type, value] of [
			["¿dónde está mi pedido 12345?", "order_id", "12345"],
			["ma commande 12345 n'est pas arrivée", "order_id", "12345"],
			["Bestellnummer 12345 fehlt", "order_id", "12345"],
			["Rechnung 2024-0017 ist falsch", "invoice_id", "2024-0017"],
			["la factura 55555", "invoice_id", "55555"],
			["أين طلب 12345", "order_id", "12345"],
			["أين الطلب 12345", "order_id", "12345"],
		]) {
			expect(only(text, type).map((entity) => entity.value), text).toEqual([value]);
		}
	});

	it("takes no date, amount or part of a decimal for an id", () => {
		const summary = (text: string) => extractEntities(text).map(({ type, value }) => `${type} ${value}`);
		expect(summary("I ordered on 2024-03-12, order 55555 still not here")).toEqual(["date 2024-03-12", "order_id 55555"]);
		expect(summary("my invoice from 2024-03-01 is wrong")).toEqual(["date 2024-03-01"]);
		expect(summary("I was billed 149.99 EUR")).toEqual(["refund_amount 149.99"]);
		expect(summary("my invoice shows 1,299.00 EUR")).toEqual(["refund_amount 1,299.00"]);
		expect(summary("my order of 12345 euros")).toEqual(["refund_amount 12345"]);
		expect(summary("my order 12345 is order ORD-2024-03-12")).toEqual(["order_id 12345", "order_id ORD-2024-03-12"]);
	});

	it("gives a second number the first one's kind when only a word or two joins them", () => {
		expect(only("order 12345, I mean 54321", "order_id").map(({ value }) => value)).toEqual(["12345", "54321"]);
		expect(only("orders 12345 and 67890", "order_id").map(({ value }) => value)).toEqual(["12345", "67890"]);
		expect(only("order 12345, my number is 0612345678", "order_id").map(({ value }) => value)).toEqual(["12345"]);
		expect(only("order 12345, phone 0612345678", "order_id").map(({ value }) => value)).toEqual(["12345"]);
	});

	it("reads the keyword nearest the number, and only up to another number", () => {
		expect(only("I will pay 150 euros, it will arrive soon 12345", "invoice_id")).toEqual([]);
		expect(only("it will arrive on 98765", "invoice_id")).toEqual([]);
		expect(only("order 12345, my number is 0612345678", "order_id").map(({ value }) => value)).toEqual(["12345"]);
		expect(only("billing zip 90210", "invoice_id")).toEqual([]);
		expect(only("billing address: 1600 Main Street", "invoice_id")).toEqual([]);
		expect(only("where to get the biull #85632", "invoice_id").map(({ value }) => value)).toEqual(["#85632"]);
	});
});

describe("amounts", () => {
	it.each([
		["I want my $45.99 back", "45.99", "45.99 USD"],
		["refund of €12 please", "12", "12 EUR"],
		["they charged me 20 dollars", "20", "20 USD"],
		["refund£1,200.50", "1,200.50", "1200.50 GBP"],
		["about 300 EUR", "300", "300 EUR"],
		["refund €1.234,56", "1.234,56", "1234.56 EUR"],
		["1.234,56 € zurück", "1.234,56", "1234.56 EUR"],
		["only 12,50 EUR", "12,50", "12.50 EUR"],
		["CA$20 back", "20", "20 CAD"],
		["AU$ 35", "35", "35 AUD"],
		["it costs$20", "20", "20 USD"],
	])("%s", (text, value, normalized) => {
		const [amount] = only(text, "refund_amount");
		expectSpan(text, amount, value);
		expect(amount.normalized).toBe(normalized);
	});

	it("does not read a bare number as money, nor part of a longer one", () => {
		expect(only("I bought 3 shirts for my 2 kids", "refund_amount")).toEqual([]);
		expect(only("transfer $1234567890 now", "refund_amount")).toEqual([]);
	});

	it.each([
		["it cost 20-30 euros", "20 EUR", "30 EUR"],
		["somewhere €20–30", "20 EUR", "30 EUR"],
		["from €20 to €30", "20 EUR", "30 EUR"],
		["$5-$10 please", "5 USD", "10 USD"],
		["costs 10 - 15 USD", "10 USD", "15 USD"],
		["between 20 and 30 dollars", "20 USD", "30 USD"],
		["between  20 and  30 dollars", "20 USD", "30 USD"],
	])("takes both ends of a range: %s", (text, low, high) => {
		const amounts = only(text, "refund_amount");
		expect(amounts.map((amount) => amount.normalized)).toEqual([low, high]);
		for (const amount of amounts) expect(text.slice(amount.start, amount.end)).toBe(amount.value);
	});

	it("leaves an order or invoice number, or a date, next to an amount what it is", () => {
		const now = Date.UTC(2026, 11, 1, 15);
		const summary = (text: string) => extractEntities(text, { now }).map(({ type, value }) => `${type} ${value}`);
		expect(summary("order 12345 and 30 euros")).toEqual(["order_id 12345", "refund_amount 30"]);
		expect(summary("Order #48213 - 30 euros missing")).toEqual(["order_id #48213", "refund_amount 30"]);
		expect(summary("refund for order 55555 - 19.99 USD")).toEqual(["order_id 55555", "refund_amount 19.99"]);
		expect(summary("invoice INV-2024 - 30 euros")).toEqual(["invoice_id INV-2024", "refund_amount 30"]);
		expect(summary("ordered Dec 12 - 30 euros")).toEqual(["date Dec 12", "refund_amount 30"]);
		expect(summary("I was charged $49.99 - 3 days ago")).toEqual(["refund_amount 49.99", "date 3 days ago"]);
		expect(summary("$20 – 30/11/2024")).toEqual(["refund_amount 20", "date 30/11/2024"]);
		expect(summary("€19.99 to 20 December")).toEqual(["refund_amount 19.99", "date 20 December"]);
		expect(summary("I sent $50 to 3 friends")).toEqual(["refund_amount 50"]);
	});

	it("reads pounds that something weighs, or pounds of something, as a weight unless money is spoken of", () => {
		for (const text of ["5 pounds of flour", "it weighs 5 pounds", "the parcel weighed about 12 pounds", "weight: 5 pounds", "the box weighs less than 5 pounds"]) {
			expect(only(text, "refund_amount"), text).toEqual([]);
		}
		for (const text of ["I paid 5 pounds", "I was charged 5 pounds of fees"]) expect(only(text, "refund_amount").map((amount) => amount.normalized), text).toEqual(["5 GBP"]);
		expect(only("50 euros of credit", "refund_amount").map((amount) => amount.normalized)).toEqual(["50 EUR"]);
	});
});

describe("contact details", () => {
	it("finds e-mail addresses", () => {
		const text = "write to jane.doe+shop@example.co.uk.";
		expectSpan(text, only(text, "email")[0], "jane.doe+shop@example.co.uk");
	});

	it("keeps an apostrophe inside the local part, and leaves out quotes around the address", () => {
		expect(only("mail Sam_O'Neil@example.com today", "email").map(({ value }) => value)).toEqual(["Sam_O'Neil@example.com"]);
		expect(only("it's 'sam@example.com', I think", "email").map(({ value }) => value)).toEqual(["sam@example.com"]);
	});

	it("finds the same e-mail addresses that masking hides: in any script, and run together", () => {
		expect(only("<max@müller.de>", "email").map(({ value }) => value)).toEqual(["max@müller.de"]);
		expect(only("sam@example.com__jo@example.org", "email").map(({ value }) => value)).toEqual(["sam@example.com", "jo@example.org"]);
		const glued = "sam@example.com1jo@example.org";
		expect(only(glued, "email").map(({ start, end }) => glued.slice(start, end))).toEqual(["sam@example.com", "1jo@example.org"]);
	});

	it.each([
		["call me on +44 20 7946 0958", "+44 20 7946 0958"],
		["my number is (555) 123-4567", "(555) 123-4567"],
		["phone 5551234567 after 5pm", "5551234567"],
	])("finds the phone in %s", (text, value) => {
		expectSpan(text, only(text, "phone")[0], value);
	});

	it("does not read an order number as a phone", () => {
		const entities = extractEntities("cancel order 5551234567");
		expect(entities.map((entity) => entity.type)).toEqual(["order_id"]);
	});
});

describe("dates", () => {
	it.each([
		["delivered on 2024-03-09?", "2024-03-09"],
		["ordered 12/03/2024", "12/03/2024"],
		["since March 3rd, 2024", "March 3rd, 2024"],
		["on 5 May it broke", "5 May"],
		["it should arrive tomorrow", "tomorrow"],
	])("%s", (text, value) => {
		expectSpan(text, only(text, "date")[0], value);
	});

	it("does not take 'may' the verb for a month, nor a day and month of which neither is a month", () => {
		expect(only("may I return this", "date")).toEqual([]);
		expect(only("on 13/13/2024", "date")).toEqual([]);
		expect(only("on 0/5/2024", "date")).toEqual([]);
		expect(only("on 12/13/2024", "date").map(({ value }) => value)).toEqual(["12/13/2024"]);
	});

	// Tuesday 1 December 2026, in the afternoon (UTC).
	const now = Date.UTC(2026, 11, 1, 15, 30);
	const days = (text: string) => extractEntities(text, { now }).map(({ type, value, normalized }) => [type, value, normalized]);

	it.each([
		["delivered on 2024-03-09?", "2024-03-09", "2024-03-09"],
		["since March 3rd, 2024", "March 3rd, 2024", "2024-03-03"],
		["ordered 12/13/2024", "12/13/2024", "2024-12-13"],
		["ordered 13.12.24", "13.12.24", "2024-12-13"],
		["on 3/3/2024", "3/3/2024", "2024-03-03"],
		["it should arrive tomorrow", "tomorrow", "2026-12-02"],
		["I ordered yesterday", "yesterday", "2026-11-30"],
		["charged the day before yesterday", "the day before yesterday", "2026-11-29"],
		["bought it last Friday", "last Friday", "2026-11-27"],
		["bought it last Tuesday", "last Tuesday", "2026-11-24"],
		["can it come next monday", "next monday", "2026-12-07"],
		["paid 3 days ago", "3 days ago", "2026-11-28"],
		["sent two weeks ago", "two weeks ago", "2026-11-17"],
		["returned a week ago", "a week ago", "2026-11-24"],
		["back in 10 days", "in 10 days", "2026-12-11"],
		// No year: the latest such day, unless it is more than 31 days ahead.
		["it broke on 5 May", "5 May", "2026-05-05"],
		["ordered on 20 November", "20 November", "2026-11-20"],
		["I ordered on 20 January", "20 January", "2026-01-20"],
		["arriving December 20th", "December 20th", "2026-12-20"],
		["due on 1 January", "1 January", "2027-01-01"],
		// Two-digit years: up to ten years ahead this century's, the rest the last's.
		["born 12/31/85", "12/31/85", "1985-12-31"],
		["valid until 1/13/34", "1/13/34", "2034-01-13"],
		// The widget's other languages.
		["am 5. März 2024 bestellt", "5. März 2024", "2024-03-05"],
		["commandé le 1er mars", "1er mars", "2026-03-01"],
		["livré le 5 août", "5 août", "2026-08-05"],
		["pedido el 5 de marzo de 2024", "5 de marzo de 2024", "2024-03-05"],
		["gestern bestellt", "gestern", "2026-11-30"],
		["commandé avant-hier", "avant-hier", "2026-11-29"],
		["llega pasado mañana", "pasado mañana", "2026-12-03"],
		["lo pedí ayer", "ayer", "2026-11-30"],
		["reçu aujourd'hui", "aujourd'hui", "2026-12-01"],
		["vor einer Woche bezahlt", "vor einer Woche", "2026-11-24"],
		["payé il y a 2 semaines", "il y a 2 semaines", "2026-11-17"],
		["pagado hace 3 días", "hace 3 días", "2026-11-28"],
		["livré dans 3 jours", "dans 3 jours", "2026-12-04"],
		["returned last wed", "last wed", "2026-11-25"],
		["letzten Freitag bestellt", "letzten Freitag", "2026-11-27"],
		["livré lundi prochain", "lundi prochain", "2026-12-07"],
		["lo pedí el viernes pasado", "viernes pasado", "2026-11-27"],
		["llega el próximo lunes", "próximo lunes", "2026-12-07"],
		["payé il y a deux jours", "il y a deux jours", "2026-11-29"],
		["vor zwei Wochen bestellt", "vor zwei Wochen", "2026-11-17"],
		["pagado hace tres días", "hace tres días", "2026-11-28"],
	])("%s names its day", (text, value, day) => {
		expect(days(text)).toEqual([["date", value, day]]);
	});

	it("takes no word that means something else in another language, nor a month or 'last' without a weekday", () => {
		for (const text of ["hier ist meine Bestellung", "guten Morgen", "por la mañana", "last month", "last satisfying order"]) expect(days(text), text).toEqual([]);
		expect(days("today's order")).toEqual([["date", "today", "2026-12-01"]]);
	});

	it("takes 'Mars' for the French month only with a year: without one it is the planet or the chocolate bar", () => {
		expect(days("I ordered 2 Mars bars")).toEqual([]);
		expect(days("commandé le 2 mars")).toEqual([["date", "2 mars", "2026-03-02"]]);
		expect(days("commandé le 2 Mars 2024")).toEqual([["date", "2 Mars 2024", "2024-03-02"]]);
	});

	it("leaves the day open where the text does: 3/4 read either way, a day that does not exist", () => {
		expect(days("ordered 12/03/2024")).toEqual([["date", "12/03/2024", undefined]]);
		expect(days("due on 2024-02-30")).toEqual([["date", "2024-02-30", undefined]]);
		expect(days("due on 31/02/2024")).toEqual([["date", "31/02/2024", undefined]]);
		expect(days("due Feb 30")).toEqual([["date", "Feb 30", undefined]]);
	});

	it("finds a 29 February without a year in the last leap year", () => {
		expect(extractEntities("since Feb 29", { now: Date.UTC(2027, 0, 1) })[0].normalized).toBe("2024-02-29");
	});

	it("counts from the day it is where the customer is, when that is known", () => {
		const utcMorning = Date.UTC(2026, 11, 1, 3, 0);
		expect(extractEntities("yesterday", { now: utcMorning, timeZone: "America/Los_Angeles" })[0].normalized).toBe("2026-11-29");
		expect(extractEntities("yesterday", { now: utcMorning, timeZone: "Europe/Paris" })[0].normalized).toBe("2026-11-30");
		expect(extractEntities("yesterday", { now: Date.UTC(2026, 11, 1, 23, 0), timeZone: "Asia/Tokyo" })[0].normalized).toBe("2026-12-01");
		expect(extractEntities("yesterday", { now: utcMorning, timeZone: "Nowhere/Atlantis" })[0].normalized).toBe("2026-11-30");
	});

	it("counts from the message's day in UTC, whatever its hour", () => {
		const lateEvening = Date.UTC(2026, 11, 1, 23, 59);
		expect(extractEntities("yesterday", { now: lateEvening })[0].normalized).toBe("2026-11-30");
		expect(extractEntities("yesterday", { now: Date.UTC(2026, 11, 2, 0, 1) })[0].normalized).toBe("2026-12-01");
	});
});

describe("value lists", () => {
	it("matches whole words in any case and prefers the longest value", () => {
		const text = "upgrade from Free to Gold Plus";
		const found = only(text, "account_type");
		expect(found.map((entity) => [entity.value, entity.normalized])).toEqual([
			["Free", "free"],
			["Gold Plus", "gold plus"],
		]);
		expectSpan(text, found[1], "Gold Plus");
	});

	it("does not match inside other words", () => {
		expect(only("feel freely to use goldfish", "account_type")).toEqual([]);
	});

	it("with context words, matches a value only within three words of one", () => {
		const lists = [{ type: "account_type", values: ["standard", "premium"], context: ["account", "plan", "upgrade"] }];
		const found = (text: string) => extractEntities(text, { valueLists: lists }).map(({ value }) => value);
		expect(found("my standard account")).toEqual(["standard"]);
		expect(found("my account is premium")).toEqual(["premium"]);
		expect(found("can I upgrade to Premium")).toEqual(["Premium"]);
		expect(found("the Plans: standard or premium")).toEqual(["standard", "premium"]);
		expect(found("both my accounts are standard")).toEqual(["standard"]);
		expect(found("how long does standard delivery take")).toEqual([]);
		expect(found("my account was fine but standard shipping took a long time")).toEqual([]);
		expect(found("I planned to use standard shipping")).toEqual([]);
	});
});

describe("how many", () => {
	it("keeps the first 20 entities of a message, in the order written", () => {
		const text = Array.from({ length: 300 }, (_, index) => `$${index + 1}`).join(" ");
		const found = extractEntities(text);
		expect(found).toHaveLength(20);
		expect(found.map(({ value }) => value)).toEqual(Array.from({ length: 20 }, (_, index) => `${index + 1}`));
	});
});

describe("hostile input", () => {
	it.each([
		["empty", ""],
		["1 MB of digits", "1".repeat(1_000_000)],
		["digits and dashes", "order " + "1-".repeat(50_000)],
		["at signs", "a@".repeat(100_000)],
		["emoji and surrogates", "📦 order \ud800 12345678 \udfff"],
		["separators", "+(" + "1 ".repeat(50_000)],
	])("%s: never throws and stays fast", (_, text) => {
		const started = performance.now();
		const entities = extractEntities(text, { valueLists: accountTypes });
		expect(performance.now() - started).toBeLessThan(500);
		for (const entity of entities) expect(text.slice(entity.start, entity.end)).toBe(entity.value);
	});
});
