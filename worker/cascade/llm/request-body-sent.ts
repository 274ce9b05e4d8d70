// A Durable Object's storage write holds back everything the object sends until storage has it, the rest of a
// request body already on its way included. workerd sends a body 8 KiB a turn of the event loop (wrangler 4.155:
// a 16 KiB body takes two turns, a 17 KiB one three), so a write made a turn after the request to Claude started held
// back the rest of any longer prompt: 3 ms at p50 on loopback for the demo's 8.5 KiB, until its storage had the write.
// Streaming the body instead, to hear when its last byte was taken, was slower in the bench (p50 +3 ms, one run).
const BODY_BYTES_PER_TURN = 8192;

/** The size in bytes of the JSON body a request with these parameters sends (the SDK sends `JSON.stringify(params)`). */
export function jsonBodyBytes(params: unknown): number {
	return new TextEncoder().encode(JSON.stringify(params)).length;
}

/** Settles once a request started in this turn has handed all of its body of `bodyBytes` to the connection. */
export async function requestBodySent(bodyBytes: number): Promise<void> {
	const turns = Math.max(1, Math.ceil(bodyBytes / BODY_BYTES_PER_TURN));
	for (let turn = 0; turn < turns; turn++) await new Promise((resolve) => setTimeout(resolve, 0));
}
