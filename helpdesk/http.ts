// Small node:http helpers for the inbox server.
import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * Reads the whole body, or returns null when it is longer than `limit` bytes. The rest is read and
 * dropped rather than the stream destroyed, so the client still gets the 413.
 */
export async function readBody(request: IncomingMessage, limit: number): Promise<Buffer | null> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of request as AsyncIterable<Buffer>) {
		size += chunk.length;
		if (size <= limit) chunks.push(chunk);
	}
	return size > limit ? null : Buffer.concat(chunks);
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
	response.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" });
	response.end(JSON.stringify(body));
}

export function sendError(response: ServerResponse, status: number, code: string, message: string): void {
	sendJson(response, status, { error: { code, message } });
}

export function sendHtml(response: ServerResponse, status: number, body: string): void {
	response.writeHead(status, {
		"Content-Type": "text/html; charset=utf-8",
		"Cache-Control": "no-store",
		// Tickets are customer input: even if something slipped past escaping, only our own files could run.
		"Content-Security-Policy": "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
		"Referrer-Policy": "no-referrer",
		"X-Content-Type-Options": "nosniff",
	});
	response.end(body);
}

export function sendAsset(response: ServerResponse, asset: { type: string; body: string }): void {
	response.writeHead(200, { "Content-Type": asset.type, "Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff" });
	response.end(asset.body);
}

/** 303 so the browser follows a form post with a GET, and a reload does not send the reply twice. */
export function redirect(response: ServerResponse, location: string): void {
	response.writeHead(303, { Location: location });
	response.end();
}

export function methodNotAllowed(response: ServerResponse, allowed: string): void {
	response.setHeader("Allow", allowed);
	sendError(response, 405, "method_not_allowed", `Use ${allowed} here.`);
}

/**
 * A browser posting from another site (a page trying to answer customers with this inbox's agent
 * token) says so in Sec-Fetch-Site, or in older browsers through an Origin that is not ours.
 */
export function isCrossSite(request: IncomingMessage): boolean {
	const site = request.headers["sec-fetch-site"];
	if (site !== undefined) return site !== "same-origin" && site !== "none";
	const origin = request.headers.origin;
	return origin !== undefined && origin !== `http://${request.headers.host}`;
}

const LOOPBACK_HOSTNAMES = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** Refuses other Host names, so a DNS-rebinding page cannot read tickets through the loopback address. */
export function isLoopbackHost(request: IncomingMessage): boolean {
	return LOOPBACK_HOSTNAMES.has(URL.parse(`http://${request.headers.host ?? ""}`)?.hostname ?? "");
}
