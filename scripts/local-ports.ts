// The ports `npm start` listens on: 8787 for the worker and 8788 for the inbox unless PORT and INBOX_PORT say
// otherwise. Each is checked free before anything starts: a port taken (by another `npm start`, say) is named with
// the variable that moves it, where wrangler alone would advise a --port flag that `npm start` does not take.
import { createServer } from "node:net";

/** The port `name` sets in `env`, or `fallback` when it is not set; throws, naming the variable, for anything else. */
export function portFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
	const text = env[name];
	if (text === undefined || text === "") return fallback;
	const port = Number(text);
	if (!/^\d+$/.test(text) || port < 1 || port > 65535) throw new Error(`${name} must be a port number from 1 to 65535, not "${text}".`);
	return port;
}

/** Whether nothing listens on 127.0.0.1:`port`, where wrangler dev and the inbox listen. */
export function isPortFree(port: number): Promise<boolean> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once("error", (error: NodeJS.ErrnoException) => (error.code === "EADDRINUSE" ? resolve(false) : reject(error)));
		server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
	});
}

/** `npm start`'s ports from `env`, or the reason it cannot use them. */
export async function localPorts(env: NodeJS.ProcessEnv): Promise<{ worker: number; inbox: number }> {
	const worker = portFrom(env, "PORT", 8787);
	const inbox = portFrom(env, "INBOX_PORT", 8788);
	if (worker === inbox) throw new Error(`PORT and INBOX_PORT are both ${worker}: the worker and the inbox need a port each.`);
	// A port to suggest, past both, so that it is neither of them.
	const another = Math.max(worker, inbox) + 10 <= 65535 ? Math.max(worker, inbox) + 10 : Math.min(worker, inbox) - 10;
	for (const [name, port] of [["PORT", worker], ["INBOX_PORT", inbox]] as const) {
		if (!(await isPortFree(port))) throw new Error(`Port ${port} is taken, perhaps by another program or another project's npm start: stop that, or choose another port, e.g. ${name}=${another} npm start.`);
	}
	return { worker, inbox };
}
