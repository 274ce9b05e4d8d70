// A Durable Object's storage write holds back everything the object sends until storage has it, the rest of a
// request body already on its way included. workerd hands a request body to the connection 8 KiB a turn of the
// event loop (measured with wrangler 4.155: a 16 KiB body takes two turns, a 17 KiB one three; only the first-reply
// bench would see it change), so a write a turn after the request to Claude started held back the rest of any
// longer prompt until storage had it. The object therefore stores the customer's message after these turns.
const BODY_BYTES_PER_TURN = 8192;

/** The size in bytes of the JSON body a request with these parameters sends (the SDK sends `JSON.stringify(params)`; serialising the prompt again costs tens of µs). */
export function jsonBodyBytes(params: unknown): number {
	return new TextEncoder().encode(JSON.stringify(params)).length;
}

/** Settles after the turns workerd takes to send the body, of `bodyBytes`, of a request started in this turn. */
export async function bodySendingTurns(bodyBytes: number): Promise<void> {
	const turns = Math.max(1, Math.ceil(bodyBytes / BODY_BYTES_PER_TURN));
	for (let turn = 0; turn < turns; turn++) await new Promise((resolve) => setTimeout(resolve, 0));
}
