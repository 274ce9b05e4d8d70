// `frontdesk eval (--intents <intents.json> | --config <frontdesk.config.json>) --data <labelled.jsonl> [--json]`:
// tier 1 alone, compiled from the intents file (or the site config's intents) and scored against labelled rows.
import { extractEntities, type Entity, type ValueList } from "../../worker/cascade/entities/index.ts";
import { classify, compileMatcher, DEFAULT_THRESHOLD, type MatcherModel } from "../../worker/cascade/matcher/index.ts";
import { parseArgs, requiredOption } from "../lib/args.ts";
import { CliError, USAGE_EXIT_CODE } from "../lib/cli-error.ts";
import { examplesOf, type IntentsFile, intentsFromSiteConfig, readIntentsFile, slotsByIntent } from "../lib/intents-file.ts";
import { readLabelledJsonl, type LabelledRow } from "../lib/jsonl.ts";
import { confusions, perIntent, summarize, sweep, type Outcome, type Summary } from "../lib/metrics.ts";
import { progressBar, type Progress } from "../lib/progress.ts";
import { renderReport } from "../lib/report.ts";

const SWEEP_THRESHOLDS = [0.3, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95];
const CONFUSIONS_LISTED = 10;
const WARM_UP_MESSAGES = 50;

export interface EvalSetup {
	model: MatcherModel;
	valueLists: ValueList[];
	/** Entity types per intent; intents missing here take every type. */
	slots: Map<string, Set<string>>;
}

function entitiesFor(text: string, intent: string | null, setup: EvalSetup): Entity[] {
	const found = extractEntities(text, { valueLists: setup.valueLists });
	const allowed = intent === null ? undefined : setup.slots.get(intent);
	return allowed ? found.filter((entity) => allowed.has(entity.type)) : found;
}

export function evaluateRows(rows: readonly LabelledRow[], setup: EvalSetup, progress?: Progress): Outcome[] {
	// The worker loads its model once per isolate, then answers message after message with code the JIT
	// has long compiled: keep both one-off costs out of per-message latency by answering a few first.
	for (const row of rows.slice(0, WARM_UP_MESSAGES)) classify(setup.model, row.text);
	return rows.map((row, index) => {
		const started = performance.now();
		const result = classify(setup.model, row.text);
		const latencyUs = (performance.now() - started) * 1000;
		progress?.tick(index + 1);
		const outcome: Outcome = { gold: row.intent, top: result.topIntent, confidence: result.confidence, latencyUs, entities: [] };
		if (row.entities !== undefined) {
			outcome.goldEntities = row.entities;
			outcome.entities = entitiesFor(row.text, result.topIntent, setup);
		}
		return outcome;
	});
}

export function runEval(file: IntentsFile, dataPath: string, progressFor?: (total: number) => Progress): { summary: Summary; report: string } {
	const rows = readLabelledJsonl(dataPath);
	const setup: EvalSetup = { model: compileMatcher(examplesOf(file)), valueLists: file.entities ?? [], slots: slotsByIntent(file) };
	const progress = progressFor?.(rows.length);
	const outcomes = evaluateRows(rows, setup, progress);
	progress?.finish();
	const summary = summarize(outcomes, DEFAULT_THRESHOLD);
	const report = renderReport({
		summary,
		intents: perIntent(outcomes, DEFAULT_THRESHOLD),
		confusions: confusions(outcomes, CONFUSIONS_LISTED),
		sweep: sweep(outcomes, SWEEP_THRESHOLDS),
	});
	return { summary, report };
}

export function evalCommand(argv: readonly string[]): string {
	const args = parseArgs(argv, ["json"]);
	if (args.positionals.length > 0) throw new CliError(`unexpected argument "${args.positionals[0]}"`, USAGE_EXIT_CODE);
	const intents = args.options.has("config") ? intentsFromSiteConfig(requiredOption(args, "config")) : readIntentsFile(requiredOption(args, "intents"));
	const { summary, report } = runEval(intents, requiredOption(args, "data"), (total) => progressBar(total));
	return args.options.has("json") ? `${JSON.stringify(summary)}\n` : report;
}
