import { describe, expect, it } from "vitest";
import type { SendEvent } from "../../shared/protocol.ts";
import { readSse } from "../../widget/lib/sse.ts";

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
	const encoder = new TextEncoder();
	return new ReadableStream({
		start(controller) {
			for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
			controller.close();
		},
	});
}

describe("reading server-sent events", () => {
	it("reassembles events split anywhere across chunks", async () => {
		const events: SendEvent[] = [];
		await readSse(streamOf(['event: del', 'ta\ndata: {"text":"Hel', 'lo"}\n', '\nevent: delta\ndata: {"text":" wörld"}\n\nevent: done\ndata: {"duplicate":false}\n\n']), (event) =>
			events.push(event),
		);
		expect(events).toEqual([
			{ event: "delta", data: { text: "Hello" } },
			{ event: "delta", data: { text: " wörld" } },
			{ event: "done", data: { duplicate: false } },
		]);
	});

	it("fails a stream that closes before its done event, whose message may not be stored", async () => {
		const events: SendEvent[] = [];
		const cut = readSse(streamOf(['event: delta\ndata: {"text":"Hel"}\n\n']), (event) => events.push(event));
		await expect(cut).rejects.toThrow(Error);
		expect(events).toEqual([{ event: "delta", data: { text: "Hel" } }]);
		// Nor does a done event cut off before its end count.
		await expect(readSse(streamOf(['event: done\ndata: {"duplicate":false}']), () => {})).rejects.toThrow(Error);
	});
});
