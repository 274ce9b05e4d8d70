import type { LiveEvent } from "../../shared/protocol.ts";

const MAX_BACKOFF_MS = 30_000;

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
		socket.onclose = () => {
			if (closed) return;
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
