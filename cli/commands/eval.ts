// `frontdesk eval (--intents <intents.json> | --config <frontdesk.config.json>) --data <labelled.jsonl> [--json]`:
// tier 1 alone, scored against labelled rows. For a site config that is tier 1 as the worker runs it: explicit
// rules first, then the matcher, at the config's threshold. An intents file has no rules: the matcher alone.
import type { SiteConfig } from "../../shared/site-config.ts";
import { extractEntities, type Entity, type ValueList } from "../../worker/cascade/entities/index.ts";
import { classify, DEFAULT_THRESHOLD, type MatcherModel } from "../../worker/cascade/matcher/index.ts";
import { createClarifier } from "../../worker/cascade/clarification.ts";
import { createTier1 } from "../../worker/cascade/tier1.ts";
import { parseArgs, requiredOption } from "../lib/args.ts";
import { CliError, USAGE_EXIT_CODE } from "../lib/cli-error.ts";
import { compileInParallel } from "../lib/compile-in-parallel.ts";
import { examplesOf, type IntentsFile, intentsOfSiteConfig, readIntentsFile, readSiteConfig, slotsByIntent } from "../lib/intents-file.ts";
import { readLabelledJsonl, type LabelledRow } from "../lib/jsonl.ts";
import { confusions, isAnswered, perIntent, summarize, sweep, type Outcome, type Summary } from "../lib/metrics.ts";
import { progressBar, type Progress } from "../lib/progress.ts";
import { type Mistake, renderReport } from "../lib/report.ts";

const SWEEP_THRESHOLDS = [0.3, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95];
const CONFUSIONS_LISTED = 10;

/**
 * Tier 1's best intent for a message and its confidence, whatever the threshold; and for a message it declines, the
 * intents the fallback would offer as buttons (clarification.ts).
 */
export type Answer = (text: string) => { top: string | null; confidence: number; offered: string[] };

export interface EvalSetup {
	answer: Answer;
	/** Where tier 1 answers: the report's coverage, precision and per-intent figures are at this threshold. */
	threshold: number;
	valueLists: ValueList[];
	/** Entity types per intent; intents missing here take every type. */
	slots: Map<string, Set<string>>;
}

function entitiesFor(text: string, intent: string | null, setup: EvalSetup): Entity[] {
	const found = extractEntities(text, { valueLists: setup.valueLists });
	const allowed = intent === null ? undefined : setup.slots.get(intent);
	return allowed ? found.filter((entity) => allowed.has(entity.type)) : found;
}

/** The matcher alone, for an intents file: its intents have no answers, and each counts as one with an answer of its own. */
export function matcherAnswer(model: MatcherModel, intents: IntentsFile["intents"]): Answer {
	const clarify = createClarifier(intents.map((intent) => ({ ...intent, sensitive: false, response: {} })));
	return (text) => {
		const classification = classify(model, text, { withScores: true });
		const offered = classification.intent === null ? clarify(classification).map((choice) => choice.intent) : [];
		return { top: classification.topIntent, confidence: classification.confidence, offered };
	};
}

function tier1Answer(config: SiteConfig, model: MatcherModel): Answer {
	const tier1 = createTier1(config, model);
	return (text) => {
		const result = tier1(text);
		if (result.tier === null) return { top: result.guess, confidence: result.confidence, offered: result.choices.map((choice) => choice.intent) };
		// "Are you a bot?" is answered with the site's disclosure, by no intent: for intents, a message declined.
		return result.intent ? { top: result.intent.id, confidence: result.confidence, offered: [] } : { top: null, confidence: 0, offered: [] };
	};
}

export function evaluateRows(rows: readonly LabelledRow[], setup: EvalSetup, progress?: Progress): Outcome[] {
	// The worker loads its model once per isolate, then answers message after message with code the JIT has long
	// compiled, in a heap that has settled. So every row is answered once before the timed pass. Fifty rows were not
	// enough: on Banking77 (10,003 examples, 3,080 rows) the process was still paying for fresh memory after the compile
	// until its first garbage collection, about 2,000 rows in, and p99 read 240-340 µs against about 100 µs after.
	for (const row of rows) setup.answer(row.text);
	return rows.map((row, index) => {
		const started = performance.now();
		const { top, confidence, offered } = setup.answer(row.text);
		const latencyUs = (performance.now() - started) * 1000;
		progress?.tick(index + 1);
		const outcome: Outcome = { gold: row.intent, top, confidence, offered, latencyUs, entities: [] };
		if (row.entities !== undefined) {
			outcome.goldEntities = row.entities;
			outcome.entities = entitiesFor(row.text, top, setup);
		}
		return outcome;
	});
}

/** What to score: an intents file, or a site config with its rules and threshold. */
export type EvalSource = { file: IntentsFile } | { config: SiteConfig };

async function setupFor(source: EvalSource): Promise<EvalSetup> {
	const file = "config" in source ? intentsOfSiteConfig(source.config) : source.file;
	const model = await compileInParallel(examplesOf(file));
	const valueLists = file.entities ?? [];
	const slots = slotsByIntent(file);
	if (!("config" in source)) return { answer: matcherAnswer(model, file.intents), threshold: DEFAULT_THRESHOLD, valueLists, slots };
	return { answer: tier1Answer(source.config, model), threshold: source.config.cascade.threshold ?? DEFAULT_THRESHOLD, valueLists, slots };
}

const LISTED_UNKNOWN_LABELS = 10;

/** A label the intents do not have (a typo, an intent not added yet) can only ever score as wrong: say so. */
function warnAboutUnknownLabels(rows: readonly LabelledRow[], known: ReadonlySet<string>): void {
	const unknown = new Map<string, number>();
	for (const row of rows) if (row.intent !== null && !known.has(row.intent)) unknown.set(row.intent, (unknown.get(row.intent) ?? 0) + 1);
	if (unknown.size === 0) return;
	const listed = [...unknown].slice(0, LISTED_UNKNOWN_LABELS).map(([intent, count]) => `${intent} (${count})`);
	if (unknown.size > LISTED_UNKNOWN_LABELS) listed.push(`and ${unknown.size - LISTED_UNKNOWN_LABELS} more`);
	process.stderr.write(`frontdesk: warning: rows labelled with intents the model does not have, counted as wrong: ${listed.join(", ")}\n`);
}

/** What `--json` prints: the summary's fields, then what the readable report shows besides. */
export interface EvalJson extends Summary {
	per_intent: ReturnType<typeof perIntent>;
	confusions: ReturnType<typeof confusions>;
	threshold_sweep: Array<{ threshold: number; coverage: number; precision: number; oos_accept_rate: number }>;
}

/** The rows answered at `threshold` with another intent than their label, out-of-scope ones too; the surest first. */
function mistakesOf(rows: readonly LabelledRow[], outcomes: readonly Outcome[], threshold: number): Mistake[] {
	return outcomes
		.flatMap((outcome, index) => (isAnswered(outcome, threshold) && outcome.top !== outcome.gold ? [{ text: rows[index].text, expected: outcome.gold, answered: outcome.top, confidence: outcome.confidence }] : []))
		.sort((a, b) => b.confidence - a.confidence);
}

async function runEval(source: EvalSource, dataPath: string, progressFor?: (total: number) => Progress): Promise<{ json: EvalJson; report: string }> {
	const rows = readLabelledJsonl(dataPath);
	const setup = await setupFor(source);
	// A site config's rule-only intents answer too, though the matcher has no examples of them.
	const intents = "config" in source ? source.config.intents : source.file.intents;
	warnAboutUnknownLabels(rows, new Set(intents.map((intent) => intent.id)));
	const progress = progressFor?.(rows.length);
	const outcomes = evaluateRows(rows, setup, progress);
	progress?.finish();
	const findings = {
		summary: summarize(outcomes, setup.threshold),
		intents: perIntent(outcomes, setup.threshold),
		confusions: confusions(outcomes, CONFUSIONS_LISTED),
		sweep: sweep(outcomes, SWEEP_THRESHOLDS),
		mistakes: mistakesOf(rows, outcomes, setup.threshold),
	};
	const json: EvalJson = {
		...findings.summary,
		per_intent: findings.intents,
		confusions: findings.confusions,
		threshold_sweep: findings.sweep.map(({ threshold, coverage, precision, oosAcceptRate }) => ({ threshold, coverage, precision, oos_accept_rate: oosAcceptRate })),
	};
	return { json, report: renderReport(findings) };
}

export async function evalCommand(argv: readonly string[]): Promise<string> {
	const args = parseArgs(argv, { values: ["intents", "config", "data"], flags: ["json"] });
	if (args.positionals.length > 0) throw new CliError(`unexpected argument "${args.positionals[0]}"`, USAGE_EXIT_CODE);
	if (args.options.has("config") && args.options.has("intents")) throw new CliError("give --intents or --config, not both", USAGE_EXIT_CODE);
	if (!args.options.has("config") && !args.options.has("intents")) throw new CliError("missing --intents <intents.json> or --config <frontdesk.config.json>: the intents to evaluate", USAGE_EXIT_CODE);
	const data = requiredOption(args, "data");
	const source: EvalSource = args.options.has("config") ? { config: readSiteConfig(requiredOption(args, "config")) } : { file: readIntentsFile(requiredOption(args, "intents")) };
	const { json, report } = await runEval(source, data, (total) => progressBar(total));
	return args.options.has("json") ? `${JSON.stringify(json)}\n` : report;
}
