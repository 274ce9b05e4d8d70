import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { openLiveChannel } from "../../widget/lib/live-channel.ts";

/** Records every socket the channel opens, so a test can close them as the server would. */
class RecordingSocket {
	static opened: RecordingSocket[] = [];
	onopen: (() => void) | null = null;
	onmessage: ((message: { data: string }) => void) | null = null;
	onclose: ((event: { code: number }) => void) | null = null;
	readonly url: string;
	constructor(url: string) {
		this.url = url;
		RecordingSocket.opened.push(this);
	}
	close() {}
}

describe("the live channel", () => {
	beforeEach(() => {
		RecordingSocket.opened = [];
		vi.useFakeTimers();
		vi.stubGlobal("WebSocket", RecordingSocket);
	});
	afterEach(() => {
		vi.useRealTimers();
		vi.unstubAllGlobals();
	});

	it("reconnects after a drop, asking for what came after", async () => {
		let after = 3;
		openLiveChannel(() => `wss://frontdesk.test/live?after=${after}`, () => {});
		after = 5;
		RecordingSocket.opened[0].onclose?.({ code: 1006 });
		await vi.advanceTimersByTimeAsync(1000);
		expect(RecordingSocket.opened.map((socket) => socket.url)).toEqual(["wss://frontdesk.test/live?after=3", "wss://frontdesk.test/live?after=5"]);
	});

	it("stops once the conversation is erased", async () => {
		openLiveChannel(() => "wss://frontdesk.test/live?after=0", () => {});
		RecordingSocket.opened[0].onclose?.({ code: 4410 });
		await vi.advanceTimersByTimeAsync(60_000);
		expect(RecordingSocket.opened).toHaveLength(1);
	});
});
