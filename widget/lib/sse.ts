import type { SendEvent } from "../../shared/protocol.ts";

/** Reads server-sent events from a fetch body, calling `onEvent` for each complete one. */
export async function readSse(body: ReadableStream<Uint8Array>, onEvent: (event: SendEvent) => void): Promise<void> {
	const reader = body.getReader();
	const decoder = new TextDecoder();
	let buffer = "";
	for (;;) {
		const { done, value } = await reader.read();
		if (done) return;
		// Every block but the last is complete; the last waits for the rest of it.
		const blocks = (buffer + decoder.decode(value, { stream: true })).split("\n\n");
		buffer = blocks.pop() as string;
		for (const block of blocks) {
			const event = /^event: (.*)$/m.exec(block)?.[1];
			const data = /^data: (.*)$/m.exec(block)?.[1];
			if (event && data) onEvent({ event, data: JSON.parse(data) } as SendEvent);
		}
	}
}
