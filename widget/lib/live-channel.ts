import type { LiveEvent } from "../../shared/protocol.ts";

const MAX_BACKOFF_MS = 30_000;
const ERASED = 4410;

/**
 * Keeps a WebSocket to the conversation open, reconnecting with backoff. Each
 * (re)connect asks for what came after the last message the widget has, so
 * nothing is lost or shown twice across a drop.
 */
export function openLiveChannel(urlAfter: () => string, onEvent: (event: LiveEvent) => void): { close(): void } {
	let socket: WebSocket | null = null;
	let closed = false;
	let backoff = 1000;
	let timer: ReturnType<typeof setTimeout> | undefined;

	const connect = () => {
		socket = new WebSocket(urlAfter());
		socket.onopen = () => {
			backoff = 1000;
		};
		socket.onmessage = (message) => onEvent(JSON.parse(message.data));
		// 4410: the conversation was erased, so there is nothing left to reconnect to.
		socket.onclose = (event) => {
			if (closed || event.code === ERASED) return;
			timer = setTimeout(connect, backoff);
			backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
		};
	};
	connect();
	return {
		close() {
			closed = true;
			clearTimeout(timer);
			socket?.close();
		},
	};
}
