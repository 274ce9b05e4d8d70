// The Bitext customer-support dataset, read in place beside the checkout: it is not the project's to ship.
import { existsSync } from "node:fs";
import { type LabelledRow, readLabelledJsonl } from "../cli/lib/jsonl.ts";

const FOLDER = new URL("../../shared/datasets/bitext-support/", import.meta.url).pathname;

/** The split's rows; without the dataset, the benchmark stops saying where it looked. */
export function bitextSplit(split: "train" | "test"): LabelledRow[] {
	const path = `${FOLDER}${split}.jsonl`;
	if (!existsSync(path)) {
		console.error(`${path} not found: this benchmark measures on the Bitext support dataset, which it reads from there (README, "Run it locally")`);
		process.exit(1);
	}
	return readLabelledJsonl(path);
}
