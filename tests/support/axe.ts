import { createRequire } from "node:module";
import type { Page } from "playwright-core";

const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

export interface AxeViolation {
	id: string;
	impact: string | null;
	help: string;
	nodes: Array<{ target: unknown; failureSummary?: string }>;
}

/** Runs axe-core on the widget only (its shadow root included), WCAG 2.x A/AA and best practices. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
	await page.addScriptTag({ path: axePath });
	return page.evaluate(async () => {
		const axe = (window as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
		const result = await axe.run({ include: [["[data-frontdesk]"]] }, { runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] });
		return result.violations.map(({ id, impact, help, nodes }) => ({ id, impact, help, nodes: nodes.map(({ target, failureSummary }) => ({ target, failureSummary })) }));
	});
}
