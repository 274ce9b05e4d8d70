import { type ChildProcess, spawn } from "node:child_process";
import { freePort } from "./free-port.ts";

export interface RunningWorker {
	url: string;
	port: number;
	/** The process group of wrangler and the workerd processes it starts. */
	processGroup: number;
	stop(): Promise<void>;
}

export interface WranglerDevOptions {
	persistTo: string;
	port?: number;
	vars?: Record<string, string>;
	logLevel?: "warn" | "error" | "info";
}

const READY_TIMEOUT_MS = 60_000;

async function waitUntilHealthy(url: string, child: ChildProcess, output: () => string): Promise<void> {
	const deadline = Date.now() + READY_TIMEOUT_MS;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}:\n${output()}`);
		try {
			if ((await fetch(`${url}/v1/health`)).ok) return;
		} catch {
			// Not listening yet.
		}
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	throw new Error(`wrangler dev was not ready within ${READY_TIMEOUT_MS} ms:\n${output()}`);
}

const START_ATTEMPTS = 3;
const ADDRESS_IN_USE = /Address already in use/;

/** Runs the real worker with `wrangler dev` on loopback, offline, with its own state directory. */
export async function startWranglerDev(options: WranglerDevOptions): Promise<RunningWorker> {
	for (let attempt = 1; ; attempt++) {
		try {
			return await startOnce(options);
		} catch (error) {
			// Ports are found free, then bound by wrangler seconds later: a process started in between
			// (test files run in parallel) can take one. New ports on the next attempt.
			if (attempt === START_ATTEMPTS || !ADDRESS_IN_USE.test(String(error))) throw error;
		}
	}
}

async function startOnce(options: WranglerDevOptions): Promise<RunningWorker> {
	const port = options.port ?? (await freePort());
	const inspectorPort = await freePort();
	const varArgs = Object.entries(options.vars ?? {}).flatMap(([name, value]) => ["--var", `${name}:${value}`]);
	const child = spawn(
		"npx",
		["wrangler", "dev", "--ip", "127.0.0.1", "--port", String(port), "--inspector-port", String(inspectorPort), "--persist-to", options.persistTo, "--log-level", options.logLevel ?? "warn", "--show-interactive-dev-session=false", ...varArgs],
		{ env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" }, stdio: ["ignore", "pipe", "pipe"], detached: true },
	);
	let output = "";
	const collect = (chunk: Buffer) => {
		output = (output + chunk.toString()).slice(-20_000);
	};
	child.stdout?.on("data", collect);
	child.stderr?.on("data", collect);
	const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

	const stop = async () => {
		if (child.exitCode !== null || child.pid === undefined) return;
		// wrangler starts workerd as a child: end the whole process group. Gone already (it ended before its exit
		// event reached us, seen once in CI): only the exit is left to wait for.
		try {
			process.kill(-child.pid, "SIGTERM");
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
		}
		const killed = setTimeout(() => child.pid && process.kill(-child.pid, "SIGKILL"), 5_000);
		await exited;
		clearTimeout(killed);
	};
	const url = `http://127.0.0.1:${port}`;
	try {
		await waitUntilHealthy(url, child, () => output);
	} catch (error) {
		await stop();
		throw error;
	}
	return { url, port, processGroup: child.pid as number, stop };
}
