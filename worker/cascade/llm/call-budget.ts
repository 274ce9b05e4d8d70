import type { FailureDetails } from "./failure.ts";

export interface CallBudget {
	/** Aborts the HTTP request once the call is stopped. */
	signal: AbortSignal;
	/** Settles with "halted" once the call is stopped, so no await has to outlive the budget. */
	halted: Promise<"halted">;
	/** Why the call was stopped, or null while it runs. */
	stoppedBecause(): FailureDetails | null;
	stop(details: FailureDetails): void;
	/** The first token arrived: only the total time limit applies from now on. */
	firstTokenArrived(): void;
	/** Clears the timers and lets go of the caller's signal. */
	dispose(): void;
}

/** The time limits of one call to the model, and the caller's wish to cancel it, as one abort signal. */
export function callBudget(firstTokenTimeoutMs: number, totalTimeoutMs: number, cancelSignal?: AbortSignal): CallBudget {
	const controller = new AbortController();
	let reason: FailureDetails | null = null;
	const stop = (details: FailureDetails) => {
		if (reason) return;
		reason = details;
		controller.abort();
	};
	const halted = new Promise<"halted">((resolve) => controller.signal.addEventListener("abort", () => resolve("halted"), { once: true }));
	const firstTokenTimer = setTimeout(() => stop({ reason: "timeout", message: `no first token within ${firstTokenTimeoutMs} ms` }), firstTokenTimeoutMs);
	const totalTimer = setTimeout(() => stop({ reason: "timeout", message: `no complete reply within ${totalTimeoutMs} ms` }), totalTimeoutMs);
	const cancel = () => stop({ reason: "cancelled", message: "cancelled by the caller" });
	if (cancelSignal?.aborted) cancel();
	cancelSignal?.addEventListener("abort", cancel, { once: true });

	return {
		signal: controller.signal,
		halted,
		stoppedBecause: () => reason,
		stop,
		firstTokenArrived: () => clearTimeout(firstTokenTimer),
		dispose() {
			clearTimeout(firstTokenTimer);
			clearTimeout(totalTimer);
			cancelSignal?.removeEventListener("abort", cancel);
		},
	};
}

/** Waits for `promise` unless the budget runs out first; a promise left behind must not reject unhandled. */
export async function withinBudget<T>(promise: Promise<T>, budget: CallBudget): Promise<T | "halted"> {
	promise.catch(() => {});
	return Promise.race([promise, budget.halted]);
}
