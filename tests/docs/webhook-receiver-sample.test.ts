// The receiver docs/webhooks.md offers integrators, run as written: it must accept what Frontdesk signs,
// however the network splits the body, and refuse what it did not sign.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { request } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const SECRET = `whsec_${Buffer.from("a secret of thirty-two bytes, ok!").toString("base64")}`;

async function sampleCode(): Promise<string> {
	const docs = await readFile(new URL("../../docs/webhooks.md", import.meta.url), "utf8");
	const code = /## Verifying a webhook[\s\S]*?```js\n([\s\S]*?)```/.exec(docs)?.[1];
	if (!code) throw new Error("docs/webhooks.md has no receiver sample under 'Verifying a webhook'");
	// Run from a temporary folder, the sample imports the package from this project.
	return code.replace(`"standardwebhooks"`, JSON.stringify(import.meta.resolve("standardwebhooks")));
}

function freePort(): Promise<number> {
	return new Promise((resolve) => {
		const server = createServer().listen(0, () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
	});
}

/** Posts `body` in two writes split at `splitAt` bytes, as a slow network would deliver it. */
function post(port: number, headers: Record<string, string>, body: Buffer, splitAt: number): Promise<number> {
	return new Promise((resolve, reject) => {
		const sending = request({ port, method: "POST", headers: { ...headers, "Content-Type": "application/json", "Content-Length": String(body.length) } }, (response) => {
			response.resume();
			resolve(response.statusCode ?? 0);
		});
		sending.on("error", reject);
		sending.write(body.subarray(0, splitAt));
		setTimeout(() => sending.end(body.subarray(splitAt)), 20);
	});
}

describe("the receiver sample in docs/webhooks.md", () => {
	let folder: string;
	let receiver: ChildProcess;
	let port: number;
	let output = "";

	beforeAll(async () => {
		folder = await mkdtemp(join(tmpdir(), "frontdesk-receiver-sample-"));
		await writeFile(join(folder, "receiver.mjs"), await sampleCode());
		port = await freePort();
		receiver = spawn(process.execPath, [join(folder, "receiver.mjs")], { env: { ...process.env, PORT: String(port), FRONTDESK_WEBHOOK_SECRET: SECRET } });
		receiver.stdout?.on("data", (chunk) => (output += chunk));
		for (let tries = 0; tries < 100; tries++) {
			if (await post(port, {}, Buffer.from("{}"), 1).then(() => true, () => false)) return;
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
		throw new Error("the sample receiver did not start");
	});

	afterAll(async () => {
		receiver?.kill();
		await rm(folder, { recursive: true, force: true });
	});

	it("verifies a large ticket whose non-ASCII text is split between two chunks, and refuses a forged one", async () => {
		const payload = JSON.stringify({ type: "handoff.created", timestamp: new Date().toISOString(), data: { ticketId: "tkt_sample", summary: "é€😀".repeat(3000) } });
		const body = Buffer.from(payload);
		// Inside the three bytes of a "€".
		const splitAt = body.indexOf(Buffer.from("€")) + 1;
		const sign = (id: string, signed: string) => {
			const timestamp = new Date();
			return { "webhook-id": id, "webhook-timestamp": String(Math.floor(timestamp.getTime() / 1000)), "webhook-signature": new Webhook(SECRET).sign(id, timestamp, signed) };
		};
		expect(await post(port, sign("msg_sample", payload), body, splitAt)).toBe(204);
		expect(await post(port, sign("msg_forged", payload.replace("tkt_sample", "tkt_other")), body, splitAt)).toBe(400);
		await expect.poll(() => output).toContain("handoff.created tkt_sample");
	});
});
