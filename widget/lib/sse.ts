import type { SendEvent } from "../../shared/protocol.ts";

/**
 * Reads server-sent events from a fetch body, calling `onEvent` for each complete one. A stream that closes before its
 * `done` event (a proxy cutting it cleanly) fails: the message in it may not be stored, and is sent again.
 */
export async function readSse(body: ReadableStream<Uint8Array>, onEvent: (event: SendEvent) => void): Promise<void> {
	const reader = body.getReader();
	const decoder = new TextDecoder();
	let buffer = "";
	let ended = false;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) {
			// No words, which no one reads: the chat takes any failure but the worker's answer as the network's, and sends again.
			if (!ended) throw Error();
			return;
		}
		// Every block but the last is complete; the last waits for the rest of it.
		const blocks = (buffer + decoder.decode(value, { stream: true })).split("\n\n");
		buffer = blocks.pop() as string;
		for (const block of blocks) {
			const event = /^event: (.*)$/m.exec(block)?.[1];
			const data = /^data: (.*)$/m.exec(block)?.[1];
			if (!event || !data) continue;
			ended = event === "done";
			onEvent({ event, data: JSON.parse(data) } as SendEvent);
		}
	}
}
