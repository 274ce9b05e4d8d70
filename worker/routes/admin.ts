// The site owner's side: the KPI dashboard, the KPI API it reads, the conversations waiting for a person,
// and the export of messages to label for the improvement loop.
import { Hono } from "hono";
import { ApiError } from "../../shared/api-error.ts";
import { readOpenTicketsQuerySchema } from "../../shared/request-schemas.ts";
import { emptyAggregate, kpiReport, LATENCY_BUCKETS_MS, mergeAggregates } from "../analytics/aggregate.ts";
import type { Analytics } from "../analytics/analytics-object.ts";
import { type OpenTickets, openTicketsOf } from "../handoff/open-tickets.ts";
import { DASHBOARD_HTML } from "../analytics/dashboard/page.ts";
import { DASHBOARD_JS } from "../analytics/dashboard/script.ts";
import { DASHBOARD_CSS } from "../analytics/dashboard/style.ts";
import { dayRange } from "../analytics/day-range.ts";
import { REVIEW_KINDS, type ReviewKind } from "../analytics/events.ts";
import type { ReviewCursor } from "../analytics/store.ts";
import { adminAuth } from "../http/admin-auth.ts";
import { validate } from "../http/json-body.ts";
import { knownQueryParams } from "../http/known-query-params.ts";
import type { LimiterBindings } from "../limits/ip-limits.ts";
import { methodNotAllowed } from "../http/method-not-allowed.ts";

/** What these routes need of the worker's environment. */
export interface AdminBindings extends LimiterBindings {
	ANALYTICS: DurableObjectNamespace<Analytics>;
	OPEN_TICKETS: DurableObjectNamespace<OpenTickets>;
	/** Bearer token of the KPI and export API, entered in the dashboard. */
	FRONTDESK_ADMIN_TOKEN?: string;
}

type AdminEnv = { Bindings: AdminBindings };

export const admin = new Hono<AdminEnv>();

// The page runs only its own script and talks only to this worker; it holds a token, so no framing either.
const PAGE_HEADERS = {
	"Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
	"X-Content-Type-Options": "nosniff",
	"Referrer-Policy": "no-referrer",
	"Cache-Control": "no-cache",
};

admin.get("/", (c) => c.html(DASHBOARD_HTML, 200, PAGE_HEADERS));
admin.get("/dashboard.js", (c) => c.body(DASHBOARD_JS, 200, { ...PAGE_HEADERS, "Content-Type": "text/javascript; charset=utf-8" }));
admin.get("/dashboard.css", (c) => c.body(DASHBOARD_CSS, 200, { ...PAGE_HEADERS, "Content-Type": "text/css; charset=utf-8" }));

admin.use("/kpis", adminAuth);
admin.use("/export", adminAuth);
admin.use("/tickets", adminAuth);

const dayObject = (env: AdminBindings, day: string) => env.ANALYTICS.get(env.ANALYTICS.idFromName(day));

/** The range's totals, and each day's KPIs for the charts; days nobody wrote to count as zero. */
admin.get("/kpis", knownQueryParams("from", "to"), async (c) => {
	const days = dayRange(c.req.query("from"), c.req.query("to"));
	const aggregates = await Promise.all(days.map((day) => dayObject(c.env, day).aggregate()));
	const totals = kpiReport(aggregates.reduce(mergeAggregates, emptyAggregate()));
	const daily = aggregates.map((aggregate, index) => {
		const { topUnmatched, ...report } = kpiReport(aggregate);
		return { date: days[index], ...report };
	});
	return c.json({ from: days[0], to: days[days.length - 1], latencyBucketsMs: LATENCY_BUCKETS_MS, totals, days: daily });
});

/** The open tickets, as the agent API lists them: for a site owner with no helpdesk, the customers no webhook announced. */
admin.get("/tickets", knownQueryParams("after"), async (c) => {
	const { after } = validate(readOpenTicketsQuerySchema, c.req.query());
	return c.json(await openTicketsOf(c.env).list(after));
});

function reviewKinds(value: string | undefined): ReviewKind[] {
	if (value === undefined) return [...REVIEW_KINDS];
	const kinds = value.split(",").map((kind) => kind.trim());
	const unknown = kinds.find((kind) => !(REVIEW_KINDS as readonly string[]).includes(kind));
	if (unknown !== undefined) throw new ApiError(400, "invalid_request", `kind: "${unknown}" is not one of ${REVIEW_KINDS.join(", ")}.`);
	return kinds as ReviewKind[];
}

/** JSON Lines, a page of a day at a time, so neither a long range nor a busy day sits in memory whole. */
function exportLines(env: AdminBindings, days: readonly string[], kinds: ReviewKind[]): ReadableStream<Uint8Array> {
	const encoder = new TextEncoder();
	let day = 0;
	let after: ReviewCursor | null = null;
	return new ReadableStream({
		// A pull that enqueues nothing is not called again, so it reads on until a page has rows.
		async pull(controller) {
			while (day < days.length) {
				const page = await dayObject(env, days[day]).review(kinds, after);
				after = page.next;
				if (!after) day++;
				if (page.rows.length > 0) return controller.enqueue(encoder.encode(page.rows.map((row) => `${JSON.stringify(row)}\n`).join("")));
			}
			controller.close();
		},
	});
}

/** The messages to label for `frontdesk eval`: `intent` is null unless an agent flagged the message. */
admin.get("/export", knownQueryParams("from", "to", "kind"), (c) => {
	const days = dayRange(c.req.query("from"), c.req.query("to"));
	const kinds = reviewKinds(c.req.query("kind"));
	return c.body(exportLines(c.env, days, kinds), 200, {
		"Content-Type": "application/jsonl; charset=utf-8",
		"Content-Disposition": `attachment; filename="frontdesk-review-${days[0]}-to-${days[days.length - 1]}.jsonl"`,
	});
});

admin.all("/", methodNotAllowed("GET"));
admin.all("/dashboard.js", methodNotAllowed("GET"));
admin.all("/dashboard.css", methodNotAllowed("GET"));
admin.all("/kpis", methodNotAllowed("GET"));
admin.all("/export", methodNotAllowed("GET"));
admin.all("/tickets", methodNotAllowed("GET"));
