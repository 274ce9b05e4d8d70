import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "../..");
const FIXTURES = join(import.meta.dirname, "fixtures");

function frontdesk(...args: string[]) {
	const result = spawnSync(process.execPath, [join(ROOT, "cli/frontdesk.mjs"), ...args], { cwd: ROOT, encoding: "utf8" });
	return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const scratchDir = () => mkdtempSync(join(tmpdir(), "frontdesk-cli-"));

/** Writes `rows` as a JSON Lines file named `name` in `dir`. */
function writeJsonl(dir: string, name: string, rows: readonly unknown[]): void {
	writeFileSync(join(dir, name), rows.map((row) => JSON.stringify(row)).join("\n"));
}

function importFixture(): string {
	const out = join(scratchDir(), "intents.json");
	const result = frontdesk("intents", "import", join(FIXTURES, "train.jsonl"), "--out", out);
	expect(result.code, result.stderr).toBe(0);
	return out;
}

describe("frontdesk intents import", () => {
	it("groups examples by intent, skips out-of-scope rows, and derives slots and value lists", () => {
		const file = JSON.parse(readFileSync(importFixture(), "utf8"));
		expect(file.intents.map((intent: { id: string }) => intent.id)).toEqual(["track_order", "upgrade_account", "reset_password"]);
		expect(file.intents[0].examples).toHaveLength(5);
		expect(file.intents.map((intent: { slots: string[] }) => intent.slots)).toEqual([["order_id"], ["account_type"], []]);
		expect(file.entities).toEqual([{ type: "account_type", values: ["gold", "premium"] }]);
	});

	it("says to label an export first, whose lines all arrive with no intent", () => {
		const dir = scratchDir();
		writeJsonl(dir, "review.jsonl", [
			{ text: "Do you sell garden gnomes?", intent: null, answeredIntent: null, tier: "fallback", confidence: 0.31 },
			{ text: "where is my parcel", intent: null, answeredIntent: "order_status", tier: "matcher", confidence: 0.72 },
		]);
		const result = frontdesk("intents", "import", join(dir, "review.jsonl"), "--out", join(dir, "intents.json"));
		expect(result.code).toBe(1);
		expect(result.stderr.trim()).toBe(
			`frontdesk: ${join(dir, "review.jsonl")}: no row has an intent (all are out of scope): nothing to import. Label the lines first: set "intent" to the intent that should have answered each one`,
		);
	});
});

describe("frontdesk eval", () => {
	it("evaluates the site config's own intents with --config", () => {
		const result = frontdesk("eval", "--config", join(ROOT, "frontdesk.config.json"), "--data", join(FIXTURES, "store-eval.jsonl"), "--json");
		expect(result.code, result.stderr).toBe(0);
		expect(JSON.parse(result.stdout)).toMatchObject({ total: 3, in_scope: 2, oos_total: 1, oos_answered: 0, accuracy: 1 });
	});

	it("scores a site config as the worker's tier 1 runs it: its explicit rules first, at its own threshold", () => {
		const dir = scratchDir();
		const config = join(dir, "frontdesk.config.json");
		const intents = [
			{ id: "order_status", description: "Where an order is", examples: ["where is my order", "has my parcel shipped", "track my package"], response: { text: "Here is how to track it." } },
			{ id: "return_item", description: "Sending something back", examples: ["I want to return this", "how do I send an item back", "return my shoes"], response: { text: "Here is how returns work." } },
			// Only a rule can answer it: the matcher never saw it.
			{ id: "payment_dispute", description: "A chargeback or a disputed payment", rules: { keywords: ["chargeback"] }, sensitive: true },
		];
		writeFileSync(config, JSON.stringify({ intents, cascade: { threshold: 0.55 } }));
		const data = join(dir, "rows.jsonl");
		// The worker answers "are you a bot?" with the disclosure, by no intent: declined, as far as intents go.
		const rows = [
			{ text: "I filed a chargeback with my bank", intent: "payment_dispute" },
			{ text: "where is my order", intent: "order_status" },
			{ text: "are you a bot?", intent: null },
		];
		writeJsonl(dir, "rows.jsonl", rows);
		const result = frontdesk("eval", "--config", config, "--data", data, "--json");
		expect(result.code, result.stderr).toBe(0);
		expect(JSON.parse(result.stdout)).toMatchObject({ threshold: 0.55, in_scope: 2, answered: 2, correct: 2, accuracy: 1, oos_total: 1, oos_answered: 0 });
		const report = frontdesk("eval", "--config", config, "--data", data).stdout;
		expect(report).toContain("at threshold 0.55: coverage 100");
	});

	it("counts a message declined with no intent as unanswered at threshold 0, as the worker answers it by none", () => {
		const dir = scratchDir();
		const config = join(dir, "frontdesk.config.json");
		const intents = [{ id: "order_status", description: "Where an order is", examples: ["where is my order", "has my parcel shipped"], response: { text: "Here is how to track it." } }];
		writeFileSync(config, JSON.stringify({ intents, cascade: { threshold: 0 } }));
		// The built-in answer to "are you a bot?", and a message of no word the matcher knows.
		writeJsonl(dir, "rows.jsonl", [
			{ text: "are you a bot?", intent: null },
			{ text: "1234", intent: null },
			{ text: "where is my order", intent: "order_status" },
		]);
		const result = frontdesk("eval", "--config", config, "--data", join(dir, "rows.jsonl"), "--json");
		expect(result.code, result.stderr).toBe(0);
		expect(JSON.parse(result.stdout)).toMatchObject({ threshold: 0, answered: 1, correct: 1, oos_total: 2, oos_answered: 0 });
	});

	it("names the field when the site config given with --config is invalid", () => {
		const config = join(scratchDir(), "frontdesk.config.json");
		writeFileSync(config, JSON.stringify({ intents: [{ id: "Bad Id", description: "x", examples: ["hi"], response: { text: "hello" } }] }));
		const result = frontdesk("eval", "--config", config, "--data", join(FIXTURES, "store-eval.jsonl"));
		expect(result.code).toBe(1);
		expect(result.stderr).toContain("intents[0].id: must be snake_case");
	});

	it("counts what the fallback offers for the rows tier 1 declines: a choice of intents, or one suggested", () => {
		const dir = scratchDir();
		const rows = [
			{ text: "order", intent: "order_status" },
			{ text: "bill of order 00123842", intent: "get_invoice" },
			{ text: "what's the capital of Mongolia", intent: null },
			{ text: "where is my order", intent: "order_status" },
		];
		writeFileSync(join(dir, "rows.jsonl"), rows.map((row) => JSON.stringify(row)).join("\n"));
		const config = join(ROOT, "frontdesk.config.json");
		const json = frontdesk("eval", "--config", config, "--data", join(dir, "rows.jsonl"), "--json");
		expect(json.code, json.stderr).toBe(0);
		// "order": track, change or cancel, order_status among them; "bill of order …": order_status suggested, not the invoice.
		expect(JSON.parse(json.stdout).fallback_offers).toEqual({ declined: 2, choices: 1, choices_right: 1, suggestions: 1, suggestions_right: 0, oos_declined: 1, oos_offered: 0 });
		const report = frontdesk("eval", "--config", config, "--data", join(dir, "rows.jsonl"));
		expect(report.stdout).toContain("in-scope rows declined: 2; the fallback offers a choice of intents for 1 (the right one among them for 1) and suggests one for 1 (the right one for 0)");
	});

	it("says to use --config for a site config given as --intents, and --intents for an intents file given as --config", () => {
		const config = join(ROOT, "frontdesk.config.json");
		const asIntents = frontdesk("eval", "--intents", config, "--data", join(FIXTURES, "store-eval.jsonl"));
		expect(asIntents.code).toBe(2);
		expect(asIntents.stderr).toContain(`${config} is a site config, not an intents file: evaluate it with --config ${config}`);
		const intents = importFixture();
		const asConfig = frontdesk("eval", "--config", intents, "--data", join(FIXTURES, "eval.jsonl"));
		expect(asConfig.code).toBe(2);
		expect(asConfig.stderr).toContain(`${intents} is an intents file (as intents import writes), not a site config: evaluate it with --intents ${intents}`);
	});

	it("prints one JSON summary whose counts match the fixture", () => {
		const result = frontdesk("eval", "--intents", importFixture(), "--data", join(FIXTURES, "eval.jsonl"), "--json");
		expect(result.code, result.stderr).toBe(0);
		const summary = JSON.parse(result.stdout);
		expect(summary).toMatchObject({ total: 4, in_scope: 3, oos_total: 1, accuracy: 1 });
		expect(summary.coverage).toBeCloseTo(summary.answered / 3);
		expect(summary.correct).toBe(summary.answered);
		expect(summary.latency_us.p99).toBeGreaterThanOrEqual(summary.latency_us.p50);
		expect(summary.entities).toEqual({
			account_type: { precision: 1, recall: 1, f1: 1, support: 1 },
			order_id: { precision: 1, recall: 1, f1: 1, support: 1 },
		});
		// What the readable report shows besides, for a script to read.
		expect(summary.per_intent.map((row: { intent: string; support: number }) => [row.intent, row.support])).toEqual([
			["reset_password", 1],
			["track_order", 1],
			["upgrade_account", 1],
		]);
		expect(summary.confusions).toEqual([]);
		expect(summary.threshold_sweep.length).toBeGreaterThan(2);
		expect(summary.threshold_sweep[0]).toEqual({ threshold: expect.any(Number), coverage: expect.any(Number), precision: expect.any(Number), oos_accept_rate: expect.any(Number) });
	});

	it("lists the wrong answers, out-of-scope rows answered too, so the owner sees which messages to fix", () => {
		const dir = scratchDir();
		writeJsonl(dir, "rows.jsonl", [
			{ text: "where is my order 00123842?", intent: "refund_status" },
			{ text: "hello there", intent: null },
			{ text: "how long does delivery take?", intent: "delivery_time" },
		]);
		const result = frontdesk("eval", "--config", join(ROOT, "frontdesk.config.json"), "--data", join(dir, "rows.jsonl"));
		expect(result.code, result.stderr).toBe(0);
		const section = result.stdout.split("\n\n").find((part) => part.startsWith("Wrong answers at threshold 0.7")) ?? "";
		const listed = section.split("\n").slice(3).map((line) => line.trim().split(/\s{2,}/));
		expect(listed).toHaveLength(2);
		expect(listed).toEqual(
			expect.arrayContaining([
				["hello there", "greeting", "(out of scope)", "1.00"],
				["where is my order 00123842?", "order_status", "refund_status", expect.stringMatching(/^(0\.[7-9]\d|1\.00)$/)],
			]),
		);
		// The intents that gave them are scored too, though no line is labelled with them: support 0, so no recall.
		const perIntent = (result.stdout.split("\n\n").find((part) => part.startsWith("Per intent")) ?? "").split("\n").slice(3);
		expect(perIntent.map((line) => line.trim().split(/\s{2,}/))).toEqual([
			["delivery_time", "100.0%", "100.0%", "1"],
			["greeting", "0.0%", "n/a", "0"],
			["order_status", "0.0%", "n/a", "0"],
			["refund_status", "n/a", "0.0%", "1"],
		]);

		// Nothing in scope: no share of it is given as 0 %.
		writeJsonl(dir, "oos.jsonl", [{ text: "what is the capital of France", intent: null }]);
		const oos = frontdesk("eval", "--config", join(ROOT, "frontdesk.config.json"), "--data", join(dir, "oos.jsonl"));
		expect(oos.stdout).toContain("top-1 accuracy (ignoring threshold): n/a");
		expect(oos.stdout).toContain("coverage n/a, precision n/a (0/0 in-scope rows answered correctly)");
		// Nor a threshold at which nothing in scope was answered, nor an intent nothing was answered as.
		const sweepRows = (oos.stdout.split("Threshold sweep\n")[1] ?? "").split("\n").slice(2, 4);
		for (const row of sweepRows) expect(row.trim().split(/\s+/).slice(1, 3)).toEqual(["n/a", "n/a"]);
	});

	it("prints a readable report without --json", () => {
		const result = frontdesk("eval", "--intents", importFixture(), "--data", join(FIXTURES, "eval.jsonl"));
		expect(result.code, result.stderr).toBe(0);
		for (const heading of ["top-1 accuracy", "Per intent", "Threshold sweep", "Entities"]) expect(result.stdout).toContain(heading);
		expect(result.stderr).toBe("");
	});
});

describe("frontdesk errors", () => {
	it("prints usage and exits 2 for an unknown command", () => {
		const result = frontdesk("frobnicate");
		expect(result.code).toBe(2);
		expect(result.stderr).toContain("unknown command: frobnicate");
		expect(result.stderr).toContain("usage:");
	});

	it("exits 2 when a required option or argument is missing, saying which, with the usage once", () => {
		const noIntents = frontdesk("eval", "--data", join(FIXTURES, "eval.jsonl"));
		expect(noIntents.code).toBe(2);
		expect(noIntents.stderr).toContain("frontdesk: missing --intents <intents.json> or --config <frontdesk.config.json>");
		const noFile = frontdesk("intents", "import");
		expect(noFile.code).toBe(2);
		expect(noFile.stderr).toContain("frontdesk: missing the labelled file to import");
		expect(noFile.stderr.match(/usage/g)).toHaveLength(1);
		const noSubcommand = frontdesk("intents");
		expect(noSubcommand.code).toBe(2);
		expect(noSubcommand.stderr).toContain("frontdesk: intents takes a subcommand: import");
	});

	it("names a missing file and exits 1", () => {
		const result = frontdesk("intents", "import", "no-such-file.jsonl", "--out", join(tmpdir(), "unused.json"));
		expect(result.code).toBe(1);
		expect(result.stderr).toContain("no-such-file.jsonl: cannot read file (ENOENT)");
	});

	it("names the file and line of bad JSON Lines and exits 1", () => {
		const bad = join(FIXTURES, "bad.jsonl");
		const result = frontdesk("eval", "--intents", importFixture(), "--data", bad, "--json");
		expect(result.code).toBe(1);
		expect(result.stderr).toContain(`${bad}:2: not valid JSON`);
		expect(result.stdout).toBe("");
	});

	it("reports every bad line in one run, the first ten of them", () => {
		const dir = scratchDir();
		const good = { text: "where is my order", intent: "order_status" };
		const rows = [good, { text: "", intent: "x" }, good, { text: "hi" }, ...Array.from({ length: 11 }, () => ({ intent: "x" }))];
		writeFileSync(join(dir, "data.jsonl"), [...rows.map((row) => JSON.stringify(row)), "{not json"].join("\n"));
		const result = frontdesk("eval", "--intents", importFixture(), "--data", join(dir, "data.jsonl"));
		expect(result.code).toBe(1);
		const lines = result.stderr.trim().split("\n");
		expect(lines[0]).toBe(`frontdesk: ${join(dir, "data.jsonl")}:2: needs "text" (a non-empty string)`);
		expect(lines[1]).toBe(`${join(dir, "data.jsonl")}:4: needs "intent" (an intent id, or null for out-of-scope), not nothing`);
		expect(lines.slice(0, 10).every((line) => line.includes("data.jsonl:"))).toBe(true);
		expect(lines[10]).toBe("and 4 more bad lines");
		expect(lines).toHaveLength(11);
	});

	it("refuses an option the command does not take, or one given twice, and takes --name=value", () => {
		const intents = importFixture();
		const data = join(FIXTURES, "eval.jsonl");
		const unknown = frontdesk("eval", "--intents", intents, "--data", data, "--threshold", "0.3");
		expect(unknown.code).toBe(2);
		expect(unknown.stderr).toContain("unknown option --threshold; this command takes --intents, --config, --data, --json");
		expect(frontdesk("eval", "--intents", intents, "--data", data, "--data", data).stderr).toContain("option --data is given twice");
		expect(frontdesk("eval", `--intents=${intents}`, `--data=${data}`, "--json").code).toBe(0);
		expect(frontdesk("eval", "--intents", intents, "--data", data, "--json=yes").code).toBe(2);
		const both = frontdesk("eval", "--intents", intents, "--config", join(ROOT, "frontdesk.config.json"), "--data", data);
		expect(both.code).toBe(2);
		expect(both.stderr).toContain("give --intents or --config, not both");
	});

	it("refuses a short option, which it does not take, rather than reading it as a file", () => {
		const result = frontdesk("eval", "--intents", importFixture(), "--data", join(FIXTURES, "eval.jsonl"), "-j");
		expect(result.code).toBe(2);
		expect(result.stderr).toContain("frontdesk: unknown option -j");
	});

	it("names a missing --data before reading the intents, whose file may not exist either", () => {
		const result = frontdesk("eval", "--intents", "missing.json");
		expect(result.code).toBe(2);
		expect(result.stderr).toContain("frontdesk: missing --data <file>");
	});

	it("will not write the intents over the labelled file they come from", () => {
		const dir = scratchDir();
		const labelled = join(dir, "rows.jsonl");
		writeFileSync(labelled, readFileSync(join(FIXTURES, "train.jsonl")));
		const result = frontdesk("intents", "import", labelled, "--out", join(dir, ".", "rows.jsonl"));
		expect(result.code).toBe(2);
		expect(result.stderr).toContain("is the labelled file itself");
		expect(readFileSync(labelled, "utf8")).toBe(readFileSync(join(FIXTURES, "train.jsonl"), "utf8"));
	});

	it("replaces an earlier intents file, but no other file: not a site config given as --out by mistake", () => {
		const dir = scratchDir();
		const out = join(dir, "intents.json");
		expect(frontdesk("intents", "import", join(FIXTURES, "train.jsonl"), "--out", out).code).toBe(0);
		writeFileSync(out, JSON.stringify({ intents: [{ id: "old", examples: ["an older import"] }] }));
		expect(frontdesk("intents", "import", join(FIXTURES, "train.jsonl"), "--out", out).code).toBe(0);
		expect(readFileSync(out, "utf8")).not.toContain("an older import");

		const config = join(dir, "frontdesk.config.json");
		const siteConfig = JSON.stringify({ assistant: { name: "Fern" }, widget: { title: "Help" }, intents: [] });
		writeFileSync(config, siteConfig);
		const refused = frontdesk("intents", "import", join(FIXTURES, "train.jsonl"), "--out", config);
		expect(refused.code).toBe(2);
		expect(refused.stderr).toContain(`--out ${config} is not an intents file, and would be replaced`);
		expect(readFileSync(config, "utf8")).toBe(siteConfig);
		// A site config of intents alone: they have descriptions and answers, which an intents file has not.
		const intentsOnly = JSON.stringify({ intents: [{ id: "gift_wrap", description: "Gift wrapping", examples: ["can you gift wrap it"], response: { text: "Tick it at checkout." } }] });
		writeFileSync(config, intentsOnly);
		expect(frontdesk("intents", "import", join(FIXTURES, "train.jsonl"), "--out", config).code).toBe(2);
		expect(readFileSync(config, "utf8")).toBe(intentsOnly);

		const notes = join(dir, "notes.txt");
		writeFileSync(notes, "my notes");
		expect(frontdesk("intents", "import", join(FIXTURES, "train.jsonl"), "--out", notes).stderr).toContain("is not an intents file, and would be replaced");
		expect(readFileSync(notes, "utf8")).toBe("my notes");
	});

	it("names a JSON document given where JSON Lines are wanted", () => {
		const dir = scratchDir();
		const rows = [{ text: "where is my order", intent: "track_order" }];
		writeFileSync(join(dir, "pretty.json"), JSON.stringify(rows[0], null, 2));
		writeFileSync(join(dir, "list.json"), JSON.stringify(rows));
		for (const name of ["pretty.json", "list.json"]) {
			const result = frontdesk("eval", "--intents", importFixture(), "--data", join(dir, name));
			expect(result.code).toBe(1);
			expect(result.stderr).toBe(`frontdesk: ${join(dir, name)}: this is one JSON document, not JSON Lines: put one {"text", "intent"} object on each line\n`);
		}
	});

	it("prints usage on --help or -h, and exits 0", () => {
		for (const help of [["--help"], ["eval", "--help"], ["-h"]]) {
			const result = frontdesk(...help);
			expect(result.code).toBe(0);
			expect(result.stdout).toContain("usage:");
		}
	});

	it("reads a file saved with a byte-order mark, and names a UTF-16 one instead of misreading it", () => {
		const dir = scratchDir();
		const text = readFileSync(join(FIXTURES, "train.jsonl"), "utf8");
		writeFileSync(join(dir, "bom.jsonl"), `\uFEFF${text}`);
		expect(frontdesk("intents", "import", join(dir, "bom.jsonl"), "--out", join(dir, "out.json")).code).toBe(0);
		writeFileSync(join(dir, "utf16.jsonl"), Buffer.from(`\uFEFF${text}`, "utf16le"));
		const utf16 = frontdesk("intents", "import", join(dir, "utf16.jsonl"), "--out", join(dir, "out.json"));
		expect(utf16.code).toBe(1);
		expect(utf16.stderr).toContain("utf16.jsonl: the file is UTF-16; save it as UTF-8");
		// Latin-1, as an old export writes "café": decoded as UTF-8, its é would be learned as U+FFFD.
		writeFileSync(join(dir, "latin1.jsonl"), Buffer.concat([Buffer.from(text), Buffer.from('{"text": "caf\xe9 order", "intent": "track_order"}\n', "latin1")]));
		const latin1 = frontdesk("intents", "import", join(dir, "latin1.jsonl"), "--out", join(dir, "out.json"));
		expect(latin1.code).toBe(1);
		expect(latin1.stderr).toContain(`latin1.jsonl:${text.split("\n").length}: not UTF-8 text; save the file as UTF-8`);
	});

	it("refuses data with nothing to score or import, instead of a report of zeros", () => {
		const dir = scratchDir();
		writeFileSync(join(dir, "empty.jsonl"), "\n");
		const empty = frontdesk("eval", "--intents", importFixture(), "--data", join(dir, "empty.jsonl"));
		expect(empty.code).toBe(1);
		expect(empty.stderr).toContain("empty.jsonl: no labelled rows");
		writeFileSync(join(dir, "oos.jsonl"), `${JSON.stringify({ text: "what's the weather", intent: null })}\n`);
		const outOfScope = frontdesk("intents", "import", join(dir, "oos.jsonl"), "--out", join(dir, "out.json"));
		expect(outOfScope.code).toBe(1);
		expect(outOfScope.stderr).toContain("no row has an intent");
		writeFileSync(join(dir, "none.json"), JSON.stringify({ intents: [] }));
		expect(frontdesk("eval", "--intents", join(dir, "none.json"), "--data", join(FIXTURES, "eval.jsonl")).stderr).toContain("none.json: intents: has no intents");
	});

	it("names every field of an intents file it cannot take, where a typo or an empty list would skew the scores without a word", () => {
		const dir = scratchDir();
		const file = {
			intents: [
				{ id: "track_order", examples: ["where is my order"], exampels: ["has my parcel shipped"] },
				{ id: "refund", examples: [] },
				{ id: "track_order", examples: ["track my parcel", " "] },
			],
			entities: [
				{ type: "account_type", values: ["gold"], contxt: ["plan"] },
				{ type: "plan", values: ["basic"], context: ["price plan"] },
				{ type: "order_id", values: ["my"] },
				{ type: "tier", values: [] },
			],
		};
		writeFileSync(join(dir, "intents.json"), JSON.stringify(file));
		const result = frontdesk("eval", "--intents", join(dir, "intents.json"), "--data", join(FIXTURES, "eval.jsonl"));
		expect(result.code).toBe(1);
		const at = (field: string, problem: string) => `${join(dir, "intents.json")}: ${field}: ${problem}`;
		expect(result.stderr.trim().split("\n")).toEqual([
			`frontdesk: ${at('intents[0].exampels (intent "track_order")', 'is no field here (did you mean "examples"?)')}`,
			at('intents[1].examples (intent "refund")', "needs an example: the matcher learns an intent from its examples"),
			at('intents[2].examples[1] (intent "track_order")', "must not be empty"),
			at("intents[2].id", 'duplicate intent id "track_order": intents[0] has it too'),
			at("entities[0].contxt", 'is no field here (did you mean "context"?)'),
			at("entities[1].context[0]", "must be one word of letters or digits"),
			at("entities[2].type", '"order_id" is a built-in entity type; give the list a type of its own'),
			expect.stringMatching(/^.*intents\.json: entities\[3\]\.values: /),
		]);
	});

	it("names a gold entity that is not where it says, or given twice, with its line", () => {
		const dir = scratchDir();
		const rows = [
			{ text: "where is order 123456", intent: "track_order", entities: [{ type: "order_id", value: "123456", start: 15, end: 21 }] },
			{ text: "🙂 order 123456", intent: "track_order", entities: [{ type: "order_id", value: "123456", start: 8, end: 14 }] },
		];
		writeJsonl(dir, "offsets.jsonl", rows);
		const offsets = frontdesk("eval", "--intents", importFixture(), "--data", join(dir, "offsets.jsonl"));
		expect(offsets.code).toBe(1);
		// The emoji is two UTF-16 code units: the number starts at 9, not 8.
		expect(offsets.stderr).toContain('offsets.jsonl:2: entities[0]: "value" is not the text from "start" to "end" (offsets count UTF-16 code units, as JavaScript strings do): 8-14 holds " 12345"; "123456" is at 9-15');
		// slice() cuts an end past the text's to the text's end, where it would find "5" after all.
		writeJsonl(dir, "past-end.jsonl", [{ text: "refund 5", intent: "refund", entities: [{ type: "refund_amount", value: "5", start: 7, end: 9 }] }]);
		expect(frontdesk("eval", "--intents", importFixture(), "--data", join(dir, "past-end.jsonl")).stderr).toContain('past-end.jsonl:1: entities[0]: "value" is not the text from "start" to "end" (offsets count UTF-16 code units, as JavaScript strings do): 7-9 is outside the text, 8 long; "5" is at 7-8');
		const twice = { ...rows[0], entities: [rows[0].entities[0], rows[0].entities[0]] };
		writeFileSync(join(dir, "twice.jsonl"), JSON.stringify(twice));
		expect(frontdesk("eval", "--intents", importFixture(), "--data", join(dir, "twice.jsonl")).stderr).toContain("twice.jsonl:1: entities[1] repeats an earlier entity");
	});

	it("warns of labels the intents do not have, which can only score as wrong", () => {
		const dir = scratchDir();
		writeFileSync(join(dir, "typo.jsonl"), `${JSON.stringify({ text: "where is my parcel", intent: "trak_order" })}\n`);
		const result = frontdesk("eval", "--intents", importFixture(), "--data", join(dir, "typo.jsonl"), "--json");
		expect(result.code).toBe(0);
		expect(result.stderr).toContain("intents the model does not have, counted as wrong: trak_order (1)");
		expect(JSON.parse(result.stdout)).toMatchObject({ total: 1, correct: 0 });
	});

	it("lists at most ten unknown labels, with how many more there are", () => {
		const dir = scratchDir();
		const rows = Array.from({ length: 25 }, (_, index) => ({ text: `where is parcel ${index}`, intent: `label_${String(index).padStart(2, "0")}` }));
		writeJsonl(dir, "many.jsonl", rows);
		const result = frontdesk("eval", "--intents", importFixture(), "--data", join(dir, "many.jsonl"), "--json");
		expect(result.code).toBe(0);
		expect(result.stderr).toContain("counted as wrong: label_00 (1), label_01 (1)");
		expect(result.stderr).toContain("label_09 (1), and 15 more");
		expect(result.stderr).not.toContain("label_10");
	});

	it("takes whole-number labels as intent ids, and names any other kind it cannot take", () => {
		const dir = scratchDir();
		const rows = [
			{ text: "where is my order", intent: 11 },
			{ text: "has my parcel shipped", intent: 11 },
			{ text: "I want my money back", intent: 3 },
			{ text: "refund please", intent: 3 },
		];
		writeJsonl(dir, "numbered.jsonl", rows);
		const out = join(dir, "out.json");
		expect(frontdesk("intents", "import", join(dir, "numbered.jsonl"), "--out", out).code).toBe(0);
		expect(JSON.parse(readFileSync(out, "utf8")).intents.map((intent: { id: string }) => intent.id)).toEqual(["11", "3"]);
		expect(JSON.parse(frontdesk("eval", "--intents", out, "--data", join(dir, "numbered.jsonl"), "--json").stdout)).toMatchObject({ total: 4, oos_total: 0 });
		writeFileSync(join(dir, "odd.jsonl"), `${JSON.stringify({ text: "hi", intent: true })}\n`);
		const odd = frontdesk("intents", "import", join(dir, "odd.jsonl"), "--out", out);
		expect(odd.code).toBe(1);
		expect(odd.stderr).toContain('odd.jsonl:1: needs "intent" (an intent id, or null for out-of-scope), not true');
	});

	it("warns on import of an intent named like an out-of-scope label, which the matcher would learn as an intent", () => {
		const dir = scratchDir();
		const rows = [
			{ text: "where is my order", intent: "track_order" },
			{ text: "what's the weather like", intent: "oos" },
		];
		writeJsonl(dir, "oos.jsonl", rows);
		const result = frontdesk("intents", "import", join(dir, "oos.jsonl"), "--out", join(dir, "out.json"));
		expect(result.code).toBe(0);
		expect(result.stderr).toContain('intent "oos" (1 example) looks like an out-of-scope label');
		expect(result.stderr).toContain('"intent": null');
	});

	it("warns on import of an intent id the site config would refuse, and still imports it for eval", () => {
		const dir = scratchDir();
		writeJsonl(dir, "spaced.jsonl", [
			{ text: "where is my order", intent: "Order Status" },
			{ text: "reset my password", intent: "reset_password" },
		]);
		const result = frontdesk("intents", "import", join(dir, "spaced.jsonl"), "--out", join(dir, "out.json"));
		expect(result.code).toBe(0);
		expect(result.stderr).toContain(`intent "Order Status" is not an id the site config takes (an id must be snake_case: a lowercase letter, then lowercase letters, digits and '_')`);
		expect(result.stderr).not.toContain('"reset_password"');
		expect(JSON.parse(readFileSync(join(dir, "out.json"), "utf8")).intents.map((intent: { id: string }) => intent.id)).toEqual(["Order Status", "reset_password"]);
	});

	it("scores an entity type of any name, even one JavaScript objects hold dear", () => {
		const dir = scratchDir();
		const row = { text: "where is my order", intent: "track_order", entities: [{ type: "__proto__", value: "order", start: 12, end: 17 }] };
		writeFileSync(join(dir, "proto.jsonl"), `${JSON.stringify(row)}\n`);
		const result = frontdesk("eval", "--intents", importFixture(), "--data", join(dir, "proto.jsonl"), "--json");
		expect(result.code, result.stderr).toBe(0);
		expect(JSON.parse(result.stdout).entities).toHaveProperty(["__proto__"], expect.objectContaining({ support: 1 }));
	});

	it("warns on import of a text labelled with two intents, and keeps it with the first, as the site config would", () => {
		const dir = scratchDir();
		const rows = [
			{ text: "Where is my order?", intent: "track_order" },
			{ text: "where is my order? ", intent: "cancel_order" },
			{ text: "cancel my order", intent: "cancel_order" },
		];
		writeJsonl(dir, "twice.jsonl", rows);
		const result = frontdesk("intents", "import", join(dir, "twice.jsonl"), "--out", join(dir, "out.json"));
		expect(result.code).toBe(0);
		expect(result.stderr).toContain('"where is my order?" is labelled track_order and cancel_order: imported as an example of track_order only (an example belongs to one intent)');
		expect(JSON.parse(readFileSync(join(dir, "out.json"), "utf8")).intents).toEqual([
			{ id: "track_order", examples: ["Where is my order?"] },
			{ id: "cancel_order", examples: ["cancel my order"] },
		]);
	});

	it("imports an example once, however its case and spaces vary, and a label with spaces around it as the label", () => {
		const dir = scratchDir();
		writeJsonl(dir, "repeats.jsonl", [
			{ text: "Where is my order", intent: "order_status" },
			{ text: "where is my order", intent: "order_status" },
			{ text: "where is my order ", intent: " order_status" },
			{ text: "has it shipped", intent: "order_status " },
		]);
		const result = frontdesk("intents", "import", join(dir, "repeats.jsonl"), "--out", join(dir, "out.json"));
		expect(result.code, result.stderr).toBe(0);
		expect(result.stderr).toBe("");
		expect(result.stdout).toContain("1 intents, 2 examples; left out 2 repeats of an example of the same intent");
		expect(JSON.parse(readFileSync(join(dir, "out.json"), "utf8")).intents).toEqual([{ id: "order_status", examples: ["Where is my order", "has it shipped"] }]);
	});

	it("stops quietly when the reader of its output has gone", () => {
		const result = spawnSync("sh", ["-c", `"${process.execPath}" cli/frontdesk.mjs eval --intents "${importFixture()}" --data tests/cli/fixtures/eval.jsonl | (exec 0<&-; true)`], { cwd: ROOT, encoding: "utf8" });
		expect(result.stderr).not.toContain("EPIPE");
	});
});

describe("frontdesk under a Node too old to run it", () => {
	it("says which Node it needs and how to get it, instead of failing to load a TypeScript file", () => {
		// As `npx frontdesk` before `npm install` runs it: with whatever Node the machine has.
		// Node 20, or a 22 before 22.18, cannot run TypeScript by itself.
		const asOldNode = `Object.defineProperty(process.versions, "node", { value: "22.12.0" }); Object.defineProperty(process.features, "typescript", { value: false }); await import(${JSON.stringify(join(ROOT, "cli/frontdesk.mjs"))});`;
		const result = spawnSync(process.execPath, ["--input-type=module", "--eval", asOldNode, "eval"], { cwd: ROOT, encoding: "utf8" });
		expect(result.status).toBe(1);
		expect(result.stderr).toContain("Frontdesk needs Node >= 22.18, which runs TypeScript, but this is Node 22.12.0.");
		expect(result.stderr).toContain("run `npm install`");
		expect(result.stdout).toBe("");
	});
});
