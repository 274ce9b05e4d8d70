import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { liveProtocols } from "../../shared/protocol.ts";
import { openLiveChannel } from "../../widget/lib/live-channel.ts";

const PROTOCOLS = liveProtocols("a-token");

/** Records every socket the channel opens, so a test can close them as the server would. */
class RecordingSocket {
	static opened: RecordingSocket[] = [];
	onopen: (() => void) | null = null;
	onmessage: ((message: { data: string }) => void) | null = null;
	onclose: ((event: { code: number }) => void) | null = null;
	readonly url: string;
	readonly protocols: string[];
	readyState = 0;
	sent: string[] = [];
	closedByClient = false;
	constructor(url: string, protocols: string[]) {
		this.url = url;
		this.protocols = protocols;
		RecordingSocket.opened.push(this);
	}
	/** As the server completes the handshake. */
	open() {
		this.readyState = 1;
		this.onopen?.();
	}
	send(data: string) {
		this.sent.push(data);
	}
	close() {
		this.closedByClient = true;
	}
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

	it("reconnects after a drop, asking for what came after, with the token each time", async () => {
		let after = 3;
		openLiveChannel(() => `wss://frontdesk.test/live?after=${after}`, () => {}, PROTOCOLS);
		after = 5;
		RecordingSocket.opened[0].onclose?.({ code: 1006 });
		await vi.advanceTimersByTimeAsync(1000);
		expect(RecordingSocket.opened.map((socket) => socket.url)).toEqual(["wss://frontdesk.test/live?after=3", "wss://frontdesk.test/live?after=5"]);
		expect(RecordingSocket.opened.map((socket) => socket.protocols)).toEqual([["frontdesk", "token.a-token"], ["frontdesk", "token.a-token"]]);
	});

	it("stops once the conversation is erased", async () => {
		openLiveChannel(() => "wss://frontdesk.test/live?after=0", () => {}, PROTOCOLS);
		RecordingSocket.opened[0].onclose?.({ code: 4410 });
		await vi.advanceTimersByTimeAsync(60_000);
		expect(RecordingSocket.opened).toHaveLength(1);
	});

	describe("keep-alive", () => {
		it("pings an open socket every 30 s, and a pong is no event", async () => {
			const events: unknown[] = [];
			openLiveChannel(() => "wss://frontdesk.test/live?after=0", (event) => events.push(event), PROTOCOLS);
			const socket = RecordingSocket.opened[0];
			await vi.advanceTimersByTimeAsync(30_000);
			expect(socket.sent).toEqual([]);
			socket.open();
			for (let minute = 0; minute < 3; minute++) {
				await vi.advanceTimersByTimeAsync(30_000);
				socket.onmessage?.({ data: "pong" });
			}
			expect(socket.sent).toEqual(["ping", "ping", "ping"]);
			socket.onmessage?.({ data: JSON.stringify({ type: "message", message: { seq: 1 } }) });
			expect(events).toEqual([{ type: "message", message: { seq: 1 } }]);
			expect(RecordingSocket.opened).toHaveLength(1);
		});

		it("replaces a socket that answered nothing since the last ping, once, asking for what came after", async () => {
			let after = 2;
			openLiveChannel(() => `wss://frontdesk.test/live?after=${after}`, () => {}, PROTOCOLS);
			const silent = RecordingSocket.opened[0];
			silent.open();
			await vi.advanceTimersByTimeAsync(30_000);
			after = 4;
			await vi.advanceTimersByTimeAsync(30_000);
			expect(silent.closedByClient).toBe(true);
			expect(RecordingSocket.opened.map((socket) => socket.url)).toEqual(["wss://frontdesk.test/live?after=2", "wss://frontdesk.test/live?after=4"]);
			// The dead socket's close event, whenever it comes, starts no third one.
			silent.onclose?.({ code: 1006 });
			await vi.advanceTimersByTimeAsync(5_000);
			expect(RecordingSocket.opened).toHaveLength(2);
		});

		it("counts any message as an answer, so a busy socket is kept", async () => {
			openLiveChannel(() => "wss://frontdesk.test/live?after=0", () => {}, PROTOCOLS);
			const socket = RecordingSocket.opened[0];
			socket.open();
			await vi.advanceTimersByTimeAsync(30_000);
			socket.onmessage?.({ data: JSON.stringify({ type: "message", message: { seq: 1 } }) });
			await vi.advanceTimersByTimeAsync(30_000);
			expect(socket.closedByClient).toBe(false);
			expect(socket.sent).toEqual(["ping", "ping"]);
		});

		it("stops once the conversation is erased", async () => {
			openLiveChannel(() => "wss://frontdesk.test/live?after=0", () => {}, PROTOCOLS);
			const socket = RecordingSocket.opened[0];
			socket.open();
			socket.onclose?.({ code: 4410 });
			await vi.advanceTimersByTimeAsync(120_000);
			expect(socket.sent).toEqual([]);
			expect(RecordingSocket.opened).toHaveLength(1);
		});

		it("stops when the channel is closed", async () => {
			const channel = openLiveChannel(() => "wss://frontdesk.test/live?after=0", () => {}, PROTOCOLS);
			const socket = RecordingSocket.opened[0];
			socket.open();
			channel.close();
			await vi.advanceTimersByTimeAsync(120_000);
			expect(socket.sent).toEqual([]);
			expect(RecordingSocket.opened).toHaveLength(1);
		});
	});
});
