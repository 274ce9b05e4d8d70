import type { SendEvent } from "../../shared/protocol.ts";

const encoder = new TextEncoder();

function encodeSse({ event, data }: SendEvent): Uint8Array {
	return encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

/** A stream of server-sent events that outlives its reader: writes after the customer left are dropped, not failed. */
export function sseChannel() {
	const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
	const writer = writable.getWriter();
	return {
		readable,
		send: (event: SendEvent) => void writer.write(encodeSse(event)).catch(() => {}),
		close: () => void writer.close().catch(() => {}),
		/** Ends the stream in error: the reader sees a broken response, not one that never ends. */
		fail: (error: unknown) => void writer.abort(error).catch(() => {}),
	};
}
