import { ERASED_CLOSE_CODE, type LiveEvent } from "../../shared/protocol.ts";

const MAX_BACKOFF_MS = 30_000;
// Proxies close a WebSocket idle for about 100 s, and a connection that died without a close (a laptop
// asleep, a network change) shows nothing until written to. The worker answers "ping" without waking
// the conversation; no answer by the next ping means the socket is dead, and a new one takes over.
const PING_MS = 30_000;

/**
 * Keeps a WebSocket to the conversation open, reconnecting with backoff. Each
 * (re)connect asks for what came after the last message the widget has, so
 * nothing is lost or shown twice across a drop.
 */
export function openLiveChannel(urlAfter: () => string, onEvent: (event: LiveEvent) => void, protocols: string[]): { close(): void } {
	let socket: WebSocket;
	let closed = false;
	let backoff = 1000;
	let answered = true;
	let timer: ReturnType<typeof setTimeout> | undefined;

	const connect = () => {
		answered = true;
		socket = new WebSocket(urlAfter(), protocols);
		socket.onopen = () => {
			backoff = 1000;
		};
		socket.onmessage = (message) => {
			answered = true;
			if (message.data != "pong") onEvent(JSON.parse(message.data));
		};
		socket.onclose = (event) => {
			if (event.code === ERASED_CLOSE_CODE) clearInterval(keepAlive);
			if (closed || event.code === ERASED_CLOSE_CODE) return;
			timer = setTimeout(connect, backoff);
			backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
		};
	};
	const keepAlive = setInterval(() => {
		if (socket.readyState != 1) return;
		if (!answered) {
			socket.onclose = null;
			socket.close();
			return connect();
		}
		answered = false;
		socket.send("ping");
	}, PING_MS);
	connect();
	return {
		close() {
			closed = true;
			clearTimeout(timer);
			clearInterval(keepAlive);
			socket.close();
		},
	};
}
