// The matcher's compile on two threads: cross-validation (calibration-thread.ts) runs beside the final
// model's training, which needs its result only at the end. The model is the one compileMatcher builds,
// in about the time of the longer half instead of both: a site owner's build and `frontdesk eval` wait on it.
import { Worker } from "node:worker_threads";
import { assembleModel, type CrossValidated, type Example, fitFinalModel, planCompile } from "../../worker/cascade/matcher/compile.ts";
import type { MatcherModel } from "../../worker/cascade/matcher/model.ts";

function answerOf(thread: Worker): Promise<CrossValidated> {
	return new Promise((resolve, reject) => {
		thread.once("message", resolve);
		thread.once("error", reject);
		thread.once("exit", (code) => reject(new Error(`the matcher's calibration thread stopped (exit code ${code}) without an answer`)));
	});
}

export async function compileInParallel(examples: readonly Example[]): Promise<MatcherModel> {
	const thread = new Worker(new URL("./calibration-thread.ts", import.meta.url), { workerData: examples });
	const crossValidated = answerOf(thread);
	// Awaited only after the final training, which holds this thread: a failure of either must not go unhandled meanwhile.
	crossValidated.catch(() => {});
	try {
		const plan = planCompile(examples);
		const final = fitFinalModel(plan);
		return assembleModel(plan, final, await crossValidated);
	} finally {
		await thread.terminate();
	}
}
