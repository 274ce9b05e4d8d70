// The human-readable eval report: plain aligned tables, no colour.
import type { IntentStats, Summary, SweepPoint } from "./metrics.ts";

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
/** A share of nothing is no 0 %: "n/a" where there was nothing to count (no row in scope, none answered). */
const shareOver = (value: number, of: number) => (of === 0 ? "n/a" : percent(value));
const share = (count: number, of: number) => shareOver(count / of, of);
const precisionOf = (stats: { precision: number; answered: number }) => shareOver(stats.precision, stats.answered);

// The wrong answers listed; the surest first, as they cost the most.
const MISTAKES_LISTED = 10;
const TEXT_SHOWN = 60;

/** A row answered at the threshold with the wrong intent, or though it is out of scope. */
export interface Mistake {
	text: string;
	expected: string | null;
	answered: string;
	confidence: number;
}

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
	const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
	const line = (cells: readonly string[]) => cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join("  ");
	return [line(header), widths.map((width) => "-".repeat(width)).join("  "), ...rows.map(line)].join("\n");
}

export interface ReportInput {
	summary: Summary;
	intents: IntentStats[];
	confusions: { gold: string; predicted: string; count: number }[];
	sweep: SweepPoint[];
	mistakes: Mistake[];
}

function headline(summary: Summary): string {
	const lines = [
		`rows: ${summary.total} (${summary.in_scope} in scope, ${summary.oos_total} out of scope)`,
		`top-1 accuracy (ignoring threshold): ${summary.in_scope === 0 ? "n/a" : percent(summary.accuracy)}`,
		`at threshold ${summary.threshold}: coverage ${summary.in_scope === 0 ? "n/a" : percent(summary.coverage)}, precision ${share(summary.correct, summary.answered)} (${summary.correct}/${summary.answered} in-scope rows answered correctly)`,
	];
	if (summary.oos_total > 0) lines.push(`out-of-scope answered, each a wrong answer: ${summary.oos_answered}/${summary.oos_total} (${percent(summary.oos_answered / summary.oos_total)})`);
	const offers = summary.fallback_offers;
	if (offers.declined > 0) {
		lines.push(
			`in-scope rows declined: ${offers.declined}; the fallback offers a choice of intents for ${offers.choices} (the right one among them for ${offers.choices_right}) and suggests one for ${offers.suggestions} (the right one for ${offers.suggestions_right})`,
		);
	}
	if (offers.oos_declined > 0) lines.push(`out-of-scope rows declined: ${offers.oos_declined}; offered a choice or a suggestion: ${offers.oos_offered}`);
	lines.push(`classification latency: p50 ${summary.latency_us.p50.toFixed(0)} µs, p99 ${summary.latency_us.p99.toFixed(0)} µs`);
	return lines.join("\n");
}

function mistakesSection(mistakes: readonly Mistake[], threshold: number): string {
	if (mistakes.length === 0) return `Wrong answers at threshold ${threshold}: none`;
	const shown = (text: string) => (text.length > TEXT_SHOWN ? `${text.slice(0, TEXT_SHOWN - 1)}…` : text).replace(/\s+/g, " ");
	const listed = mistakes.length > MISTAKES_LISTED ? `, the ${MISTAKES_LISTED} surest of ${mistakes.length}` : "";
	return `Wrong answers at threshold ${threshold} (out-of-scope rows answered too${listed})\n${table(
		["text", "answered", "expected", "confidence"],
		mistakes.slice(0, MISTAKES_LISTED).map((mistake) => [shown(mistake.text), mistake.answered, mistake.expected ?? "(out of scope)", mistake.confidence.toFixed(2)]),
	)}`;
}

export function renderReport(input: ReportInput): string {
	const sections = [
		headline(input.summary),
		`Per intent (at threshold ${input.summary.threshold})\n${table(
			["intent", "precision", "recall", "support"],
			input.intents.map((stats) => [stats.intent, precisionOf(stats), shareOver(stats.recall, stats.support), String(stats.support)]),
		)}`,
		input.confusions.length === 0
			? "Most frequent confusions: none"
			: `Most frequent confusions (top-1)\n${table(
					["expected", "predicted", "count"],
					input.confusions.map((confusion) => [confusion.gold, confusion.predicted, String(confusion.count)]),
				)}`,
		mistakesSection(input.mistakes, input.summary.threshold),
		`Threshold sweep\n${table(
			["threshold", "coverage", "precision", "oos answered"],
			input.sweep.map((point) => [point.threshold.toFixed(2), input.summary.in_scope === 0 ? "n/a" : percent(point.coverage), precisionOf(point), input.summary.oos_total > 0 ? percent(point.oosAcceptRate) : "-"]),
		)}`,
	];
	if (input.summary.entities) {
		sections.push(
			`Entities (exact span and type)\n${table(
				["type", "precision", "recall", "f1", "support"],
				Object.entries(input.summary.entities).map(([type, stats]) => [type, percent(stats.precision), percent(stats.recall), percent(stats.f1), String(stats.support)]),
			)}`,
		);
	}
	return `${sections.join("\n\n")}\n`;
}
