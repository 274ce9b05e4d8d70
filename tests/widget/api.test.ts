import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../../shared/api-error.ts";
import { createApi } from "../../widget/api.ts";

const BASE = "https://frontdesk.example";

afterEach(() => vi.unstubAllGlobals());

describe("the widget's API client", () => {
	it("keeps the worker's error, its words for the site's developer included", async () => {
		const message = "This identity's hash does not match: compute it on your server as the HMAC-SHA256.";
		vi.stubGlobal("fetch", async () => Response.json({ error: { code: "unauthorized", message } }, { status: 401 }));
		const refused = createApi(BASE).identify({ id: "cus_1", hash: "0".repeat(64) });
		await expect(refused).rejects.toMatchObject({ status: 401, code: "unauthorized", message });
		await expect(refused).rejects.toBeInstanceOf(ApiError);
	});

	it("reads how long a 429 asks to wait", async () => {
		vi.stubGlobal("fetch", async () => Response.json({ error: { code: "rate_limited", message: "Too many messages." } }, { status: 429, headers: { "Retry-After": "12" } }));
		await expect(createApi(BASE).identify({ id: "cus_1", hash: "0".repeat(64) })).rejects.toMatchObject({ status: 429, retryAfterSeconds: 12 });
	});

	it("tells a request that did not get through from the worker's answer", async () => {
		vi.stubGlobal("fetch", async () => {
			throw new TypeError("Failed to fetch");
		});
		await expect(createApi(BASE).identify({ id: "cus_1", hash: "0".repeat(64) })).rejects.toMatchObject({ status: 0, code: "network_error" });
	});
});
