import { createServer, type Server } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { localPorts, portFrom } from "../../scripts/local-ports.ts";
import { freePort } from "../support/free-port.ts";

describe("npm start's ports", () => {
	it("are 8787 and 8788 unless PORT and INBOX_PORT are set", () => {
		expect(portFrom({}, "PORT", 8787)).toBe(8787);
		expect(portFrom({ PORT: "" }, "PORT", 8787)).toBe(8787);
		expect(portFrom({ PORT: "9000" }, "PORT", 8787)).toBe(9000);
		expect(portFrom({ INBOX_PORT: "65535" }, "INBOX_PORT", 8788)).toBe(65535);
	});

	it("refuse anything but a port number, naming the variable and what it held", () => {
		for (const text of ["0", "65536", "80a", "-1", " 90", "8787.5", "abc"]) {
			expect(() => portFrom({ PORT: text }, "PORT", 8787)).toThrow(`PORT must be a port number from 1 to 65535, not "${text}".`);
		}
	});

	const held: Server[] = [];
	afterEach(async () => {
		await Promise.all(held.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
	});

	async function holdPort(): Promise<number> {
		const port = await freePort();
		const server = createServer();
		held.push(server);
		await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
		return port;
	}

	it("are used when free", async () => {
		const [worker, inbox] = [await freePort(), await freePort()];
		expect(await localPorts({ PORT: String(worker), INBOX_PORT: String(inbox) })).toEqual({ worker, inbox });
	});

	it("name a port that is taken, and the variable that moves it", async () => {
		const taken = await holdPort();
		const free = await freePort();
		// A port past both, so not the other one's.
		const another = Math.max(taken, free) + 10;
		const taking = (name: string) => `Port ${taken} is taken, perhaps by another program or another project's npm start: stop that, or choose another port, e.g. ${name}=${another} npm start.`;
		await expect(localPorts({ PORT: String(taken), INBOX_PORT: String(free) })).rejects.toThrow(taking("PORT"));
		await expect(localPorts({ PORT: String(free), INBOX_PORT: String(taken) })).rejects.toThrow(taking("INBOX_PORT"));
	});

	it("must differ", async () => {
		const port = await freePort();
		await expect(localPorts({ PORT: String(port), INBOX_PORT: String(port) })).rejects.toThrow(`PORT and INBOX_PORT are both ${port}: the worker and the inbox need a port each.`);
	});
});
