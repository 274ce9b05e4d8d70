/**
 * `task` as something to start on each call, never twice at once: a call while it runs asks for one more run after
 * it, however many calls come meanwhile. So the last call is always followed by a run that began after it, and runs
 * end in the order they began: with `npm start`'s rebuilds, the last save's config is the one left in place.
 */
export function oneAtATime(task: () => Promise<void>): () => void {
	let running = false;
	let again = false;
	const run = async () => {
		running = true;
		try {
			do {
				again = false;
				await task();
			} while (again);
		} finally {
			running = false;
		}
	};
	return () => {
		if (running) again = true;
		else void run();
	};
}
