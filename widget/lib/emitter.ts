/** `Frontdesk.on(event, fn)`: a listener that throws must not break the widget or the other listeners. */
export function createEmitter<Events extends Record<string, unknown>>() {
	const listeners = new Map<keyof Events, Set<(payload: never) => void>>();
	return {
		on<E extends keyof Events>(event: E, listener: (payload: Events[E]) => void): () => void {
			const set = listeners.get(event) ?? new Set();
			set.add(listener as (payload: never) => void);
			listeners.set(event, set);
			return () => set.delete(listener as (payload: never) => void);
		},
		emit<E extends keyof Events>(event: E, payload: Events[E]): void {
			for (const listener of listeners.get(event) ?? []) {
				try {
					(listener as (payload: Events[E]) => void)(payload);
				} catch (error) {
					// As the page's own uncaught error: its error tracking sees the listener's fault, and the other listeners still run.
					reportError(error);
				}
			}
		},
	};
}
