// The human-readable eval report: plain aligned tables, no colour.
import type { IntentStats, Summary, SweepPoint } from "./metrics.ts";

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

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
}

function headline(summary: Summary): string {
	const lines = [
		`rows: ${summary.total} (${summary.in_scope} in scope, ${summary.oos_total} out of scope)`,
		`top-1 accuracy (ignoring threshold): ${percent(summary.accuracy)}`,
		`at threshold ${summary.threshold}: coverage ${percent(summary.coverage)}, precision ${percent(summary.precision)} (${summary.correct}/${summary.answered} answered correctly)`,
	];
	if (summary.oos_total > 0) lines.push(`out-of-scope answered: ${summary.oos_answered}/${summary.oos_total} (${percent(summary.oos_answered / summary.oos_total)})`);
	lines.push(`classification latency: p50 ${summary.latency_us.p50.toFixed(0)} µs, p99 ${summary.latency_us.p99.toFixed(0)} µs`);
	return lines.join("\n");
}

export function renderReport(input: ReportInput): string {
	const sections = [
		headline(input.summary),
		`Per intent (at threshold ${input.summary.threshold})\n${table(
			["intent", "precision", "recall", "support"],
			input.intents.map((stats) => [stats.intent, percent(stats.precision), percent(stats.recall), String(stats.support)]),
		)}`,
		input.confusions.length === 0
			? "Most frequent confusions: none"
			: `Most frequent confusions (top-1)\n${table(
					["expected", "predicted", "count"],
					input.confusions.map((confusion) => [confusion.gold, confusion.predicted, String(confusion.count)]),
				)}`,
		`Threshold sweep\n${table(
			["threshold", "coverage", "precision", "oos answered"],
			input.sweep.map((point) => [point.threshold.toFixed(2), percent(point.coverage), percent(point.precision), input.summary.oos_total > 0 ? percent(point.oosAcceptRate) : "-"]),
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
