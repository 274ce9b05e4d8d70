// The dashboard's browser script, plain ES2020 served as is (no build step):
// it asks for the admin token, fetches the KPI API, and draws each chart as
// inline SVG sized to its container, with a data table as its text alternative.
import type { OpenTicket } from "../../../shared/agent-api.ts";
import type { HandoffReason, LlmFailure, ReplyTier } from "../../../shared/protocol.ts";

// Typed here, not in the script's text, so that a new tier, reason, failure, priority or owner cannot reach the page as its raw key.
const TIER_LABELS: Record<ReplyTier, string> = { rule: "Rule", matcher: "Matcher", llm: "Claude", fallback: "Fallback" };
const TIER_COLORS: Record<ReplyTier, string> = { rule: "#1d4ed8", matcher: "#047857", llm: "#6d28d9", fallback: "#b91c1c" };
const REASON_LABELS: Record<HandoffReason, string> = {
	customer_request: "Customer asked",
	sensitive: "Sensitive topic",
	repeated_failure: "Repeated failure",
	negative_sentiment: "Upset customer",
};
const PRIORITY_LABELS: Record<OpenTicket["priority"], string> = { low: "Low", normal: "Normal", high: "High", urgent: "Urgent" };
const OWNER_LABELS: Record<OpenTicket["owner"], string> = { human: "Your team", ai: "The AI (handed back)" };
const CLAUDE_FAILURE_LABELS: Record<LlmFailure, string> = {
	timeout: "Too slow",
	rate_limited: "Rate limited",
	overloaded: "Overloaded",
	server_error: "Server error",
	auth: "Key refused",
	bad_request: "Bad request",
	network: "Connection lost",
	cancelled: "Cancelled",
	over_budget: "Site budget spent",
	client_over_budget: "One client's share spent",
	refusal: "Claude declined",
	unsafe_output: "Output guard",
	cut_off: "Hit max tokens",
	empty_reply: "Empty reply",
};

export const DASHBOARD_JS = String.raw`"use strict";
(function () {
	var TOKEN_KEY = "frontdesk:admin-token";
	var DAY_MS = 86400000;
	var TIERS = ${JSON.stringify(TIER_LABELS)};
	var TIER_COLORS = ${JSON.stringify(TIER_COLORS)};
	var REASONS = ${JSON.stringify(REASON_LABELS)};
	var CLAUDE_FAILURES = ${JSON.stringify(CLAUDE_FAILURE_LABELS)};
	var PRIORITIES = ${JSON.stringify(PRIORITY_LABELS)};
	var OWNERS = ${JSON.stringify(OWNER_LABELS)};
	var SVG = "http://www.w3.org/2000/svg";
	var lastData = null;
	var requests = 0;
	var chartCount = 0;

	function byId(id) { return document.getElementById(id); }

	function el(tag, attributes, children) {
		var node = document.createElement(tag);
		Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
		(children || []).forEach(function (child) { node.append(child); });
		return node;
	}

	function svgEl(tag, attributes, text) {
		var node = document.createElementNS(SVG, tag);
		Object.keys(attributes).forEach(function (name) { node.setAttribute(name, String(attributes[name])); });
		if (text !== undefined) node.textContent = text;
		return node;
	}

	function percent(value) { return value === null ? "no data" : (Math.round(value * 1000) / 10) + "%"; }
	function ms(value) { return value === null ? "no data" : value >= 1000 ? (value / 1000) + " s" : value + " ms"; }
	// Percentiles are bucket upper bounds; the last bound also stands for everything slower.
	function upTo(value) { return value === null ? "no data" : value >= 60000 ? "a minute or more" : "under " + ms(value); }
	function count(value) { return value.toLocaleString("en"); }
	function dayText(date) { return new Date(date + "T00:00:00Z").toLocaleDateString("en", { month: "short", day: "numeric", timeZone: "UTC" }); }
	function isoDay(time) { return new Date(time).toISOString().slice(0, 10); }

	function statusIn(id, text, isError) {
		var status = byId(id);
		status.textContent = text;
		status.className = isError ? "error" : "";
	}
	function setStatus(text, isError) { statusIn("status", text, isError); }
	function setCustomerStatus(text, isError) { statusIn("customer-status", text, isError); }

	function dataTable(caption, headers, rows) {
		var head = el("tr", {}, headers.map(function (header, index) { return el("th", { scope: "col", class: index ? "number" : "" }, [header]); }));
		var body = rows.map(function (row) {
			return el("tr", {}, row.map(function (cell, index) { return index ? el("td", { class: "number" }, [cell]) : el("th", { scope: "row" }, [cell]); }));
		});
		// A table wider than a phone scrolls, so keyboard users must be able to focus it.
		return el("div", { class: "table-wrap", tabindex: "0", role: "region", "aria-label": caption }, [el("table", {}, [el("caption", { class: "muted" }, [caption]), el("thead", {}, [head]), el("tbody", {}, body)])]);
	}

	/** A chart with its caption, an accessible name summarising it, and its numbers as a table. */
	function figure(title, summary, svg, table) {
		var id = "chart-" + (++chartCount);
		var children = [el("figcaption", { id: id }, [title])];
		if (svg) {
			svg.setAttribute("role", "img");
			svg.setAttribute("aria-label", title + ". " + summary);
			children.push(svg);
		} else {
			children.push(el("p", {}, ["No data in this range."]));
		}
		children.push(el("details", {}, [el("summary", {}, ["Show the numbers"]), table]));
		return el("figure", { "aria-labelledby": id }, children);
	}

	/** Horizontal bars, one per category, the value written after each bar. */
	function horizontalBars(items, width) {
		var max = Math.max.apply(null, items.map(function (item) { return item.value; }));
		if (!(max > 0)) return null;
		var labelWidth = Math.min(150, width * 0.4);
		var valueWidth = 56;
		var row = 30;
		var svg = svgEl("svg", { viewBox: "0 0 " + width + " " + items.length * row, width: width, height: items.length * row });
		items.forEach(function (item, index) {
			var y = index * row;
			var length = (width - labelWidth - valueWidth) * item.value / max;
			svg.append(svgEl("text", { x: 0, y: y + 19 }, item.label));
			svg.append(svgEl("rect", { x: labelWidth, y: y + 6, width: Math.max(length, item.value ? 2 : 0), height: 18, rx: 2, fill: item.color || "#1d4ed8" }));
			svg.append(svgEl("text", { x: labelWidth + length + 6, y: y + 19 }, item.display));
		});
		return svg;
	}

	/** Vertical bars along the days of the range; labels on the first, middle and last day only. */
	function dayBars(points, width, maxValue, color) {
		var max = maxValue || Math.max.apply(null, points.map(function (point) { return point.value || 0; }));
		if (!(max > 0) || points.every(function (point) { return point.value === null; })) return null;
		var height = 180;
		var bottom = 22;
		var slot = width / points.length;
		var svg = svgEl("svg", { viewBox: "0 0 " + width + " " + height, width: width, height: height });
		svg.append(svgEl("line", { class: "axis", x1: 0, x2: width, y1: height - bottom, y2: height - bottom }));
		points.forEach(function (point, index) {
			if (point.value) {
				var barHeight = (height - bottom - 8) * point.value / max;
				svg.append(svgEl("rect", { x: index * slot + slot * 0.15, y: height - bottom - barHeight, width: Math.max(slot * 0.7, 1), height: barHeight, fill: color }));
			}
		});
		var labelled = points.length === 1 ? [0] : [0, Math.floor((points.length - 1) / 2), points.length - 1];
		labelled.forEach(function (index, position) {
			var anchor = labelled.length === 1 ? "middle" : ["start", "middle", "end"][position];
			var x = anchor === "start" ? 0 : anchor === "end" ? width : index * slot + slot / 2;
			svg.append(svgEl("text", { x: x, y: height - 4, "text-anchor": anchor }, dayText(points[index].date)));
		});
		return svg;
	}

	function peakSummary(points, format) {
		var shown = points.filter(function (point) { return point.value !== null; });
		if (!shown.length) return "No data.";
		var peak = shown.reduce(function (best, point) { return point.value > best.value ? point : best; });
		var low = shown.reduce(function (worst, point) { return point.value < worst.value ? point : worst; });
		return shown.length + " days; highest " + format(peak.value) + " on " + dayText(peak.date) + ", lowest " + format(low.value) + " on " + dayText(low.date) + ".";
	}

	function categorySummary(items) {
		return items.map(function (item) { return item.label + " " + item.display; }).join(", ") + ".";
	}

	function bucketLabels(bounds) {
		return bounds.map(function (bound, index) { return index === 0 ? "under " + ms(bound) : ms(bounds[index - 1]) + " to " + ms(bound); }).concat(["over " + ms(bounds[bounds.length - 1])]);
	}

	function section(title, children) {
		var id = "section-" + title.toLowerCase().replace(/[^a-z]+/g, "-");
		return el("section", { "aria-labelledby": id }, [el("h2", { id: id }, [title])].concat(children));
	}

	function summaryCards(totals) {
		var first = totals.firstReply.all;
		var handoffs = Object.keys(REASONS).reduce(function (sum, reason) { return sum + totals.handoffs[reason]; }, 0);
		var cards = [
			["Conversations", count(totals.conversations)],
			["Containment", percent(totals.containment)],
			["Customer messages", count(totals.messages)],
			["Fallback rate", percent(totals.fallbackRate)],
			["Hand-offs", count(handoffs)],
			["First reply, median", upTo(first.p50Ms)],
			["First reply, 95th percentile", upTo(first.p95Ms)],
			["First replies under 500 ms", percent(first.under500Ms)],
			["Satisfaction, " + count(totals.csat.count) + (totals.csat.count === 1 ? " rating" : " ratings"), totals.csat.average === null ? "no data" : totals.csat.average.toFixed(2) + " of 5"],
		];
		return cardList(cards);
	}

	function cardList(cards) {
		return el("dl", { class: "cards" }, cards.map(function (card) { return el("div", { class: "card" }, [el("dt", {}, [card[0]]), el("dd", {}, [card[1]])]); }));
	}

	function claudeSection(claude, width) {
		var cards = cardList([
			["Claude calls", count(claude.calls)],
			["Input tokens", count(claude.tokens.input + claude.tokens.cacheWrite + claude.tokens.cacheRead)],
			["Output tokens", count(claude.tokens.output)],
			["Input read from the prompt cache", percent(claude.cacheReadShare)],
		]);
		// Only the reasons that happened: most of the thirteen are rare.
		var failures = Object.keys(CLAUDE_FAILURES).filter(function (failure) { return claude.failures[failure] > 0; }).map(function (failure) {
			return { label: CLAUDE_FAILURES[failure], value: claude.failures[failure], display: count(claude.failures[failure]) };
		});
		return section("Claude", [cards, categoryFigure("Why Claude gave no answer", failures, width)]);
	}

	function dayFigure(data, width, title, value, format, maxValue, color) {
		var points = data.days.map(function (day) { return { date: day.date, value: value(day) }; });
		var table = dataTable(title, ["Day", title], points.map(function (point) { return [point.date, point.value === null ? "no data" : format(point.value)]; }));
		return figure(title, peakSummary(points, format), dayBars(points, width, maxValue, color), table);
	}

	function categoryFigure(title, items, width) {
		var table = dataTable(title, ["", "Count"], items.map(function (item) { return [item.label, item.display]; }));
		return figure(title, categorySummary(items), horizontalBars(items, width), table);
	}

	function latencySection(data, width) {
		var all = data.totals.firstReply.all;
		var labels = bucketLabels(data.latencyBucketsMs);
		var lastUsed = all.histogram.reduce(function (last, value, index) { return value > 0 ? index : last; }, 0);
		// Buckets past the slowest reply would only add empty rows; up to 500 ms always shows.
		var items = all.histogram.slice(0, Math.max(lastUsed, 4) + 1).map(function (value, index) { return { label: labels[index], value: value, display: count(value) }; });
		var tierRows = Object.keys(TIERS).map(function (tier) {
			var summary = data.totals.firstReply.byTier[tier];
			return [TIERS[tier], count(summary.count), upTo(summary.p50Ms), upTo(summary.p95Ms), percent(summary.under500Ms)];
		});
		var chart = figure("First replies by latency", categorySummary(items), horizontalBars(items, width), dataTable("First replies by latency", ["Latency", "Replies"], items.map(function (item) { return [item.label, item.display]; })));
		var byTier = dataTable("First-reply latency by tier", ["Tier", "First replies", "Median", "95th percentile", "Under 500 ms"], tierRows);
		return section("First-reply latency", [chart, byTier]);
	}

	function unmatchedSection(totals) {
		var rows = totals.topUnmatched.map(function (entry) { return [entry.text, count(entry.count)]; });
		var body = rows.length ? dataTable("Messages no intent answered, normalised and with personal data masked", ["Message", "Times"], rows) : el("p", {}, ["No unmatched messages in this range."]);
		return section("Most frequent unmatched messages", [body]);
	}

	function render(data) {
		lastData = data;
		chartCount = 0;
		var report = byId("report");
		report.replaceChildren();
		var width = Math.max(240, Math.min(report.clientWidth || 600, 720));
		var half = window.matchMedia("(min-width: 1040px)").matches ? Math.floor((report.clientWidth - 32) / 2) : width;
		var totals = data.totals;
		var tiers = Object.keys(TIERS).map(function (tier) { return { label: TIERS[tier], value: totals.replies[tier], display: count(totals.replies[tier]), color: TIER_COLORS[tier] }; });
		var reasons = Object.keys(REASONS).map(function (reason) { return { label: REASONS[reason], value: totals.handoffs[reason], display: count(totals.handoffs[reason]) }; });
		var stars = ["1", "2", "3", "4", "5"].map(function (rating) { return { label: rating + (rating === "1" ? " star" : " stars"), value: totals.csat.distribution[rating], display: count(totals.csat.distribution[rating]) }; });
		report.append(
			section("Summary", [summaryCards(totals)]),
			section("By day", [el("div", { class: "grid" }, [
				dayFigure(data, half, "Conversations started", function (day) { return day.conversations; }, count, 0, "#1d4ed8"),
				dayFigure(data, half, "Containment", function (day) { return day.containment; }, percent, 1, "#047857"),
			])]),
			section("Replies and hand-offs", [el("div", { class: "grid" }, [categoryFigure("Replies by tier", tiers, half), categoryFigure("Hand-offs by reason", reasons, half)])]),
			latencySection(data, width),
			claudeSection(totals.claude, width),
			section("Customer satisfaction", [categoryFigure("Ratings", stars, width)]),
			unmatchedSection(totals),
		);
	}

	function showSignIn(message) {
		lastData = null;
		byId("sign-in").hidden = false;
		byId("controls").hidden = true;
		byId("customer").hidden = true;
		byId("waiting").hidden = true;
		byId("report").replaceChildren();
		byId("customer-results").replaceChildren();
		byId("waiting-results").replaceChildren();
		waitingRequests++;
		setStatus(message || "", Boolean(message));
		byId("token").focus();
	}

	/** The range asked for has no figures: the last range's, left on screen, would read as its. */
	function showNoReport(problem) {
		lastData = null;
		byId("report").replaceChildren();
		setStatus(problem, true);
	}

	async function load() {
		var token = sessionStorage.getItem(TOKEN_KEY);
		if (!token) return showSignIn();
		byId("sign-in").hidden = true;
		byId("controls").hidden = false;
		byId("customer").hidden = false;
		byId("waiting").hidden = false;
		loadWaiting();
		var from = byId("from").value;
		var to = byId("to").value;
		setStatus("Loading…", false);
		// Pressing Show again before an answer came: only the latest request's answer is shown.
		var request = ++requests;
		var response;
		var body = null;
		try {
			response = await fetch("/v1/admin/kpis?from=" + encodeURIComponent(from) + "&to=" + encodeURIComponent(to), { headers: { Authorization: "Bearer " + token } });
			// A proxy's error page is not JSON: the status below says what happened instead.
			body = await response.json().catch(function () { return null; });
		} catch (error) {
			if (request === requests) showNoReport("Could not reach the server. Check the connection and try again.");
			return;
		}
		if (request !== requests) return;
		if (response.status === 401) {
			sessionStorage.removeItem(TOKEN_KEY);
			return showSignIn("That admin token was not accepted. Enter it again.");
		}
		if (!response.ok || !body) return showNoReport(body && body.error ? body.error.message : "The server answered " + response.status + ".");
		render(body);
		var empty = body.totals.conversations === 0 && body.totals.messages === 0;
		setStatus(empty ? "No conversations started between " + dayText(from) + " and " + dayText(to) + "." : "Showing " + dayText(from) + " to " + dayText(to) + ".", false);
	}

	var STATUSES = { open: "Open", handed_off: "With your team", resolved: "Resolved" };
	var SOURCES = { signed_in: "Signed in on your site", contact_form: "Left in the chat's form", message: "Written in a message: check it is theirs" };

	function dateTime(iso) { return new Date(iso).toLocaleString("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }) + " UTC"; }
	function plural(number, word) { return number + " " + word + (number === 1 ? "" : "s"); }

	/**
	 * The admin API with the stored token; null after a refused token, which sends the page back to sign-in. What
	 * went wrong is said in the customer section's status, or by the say function given.
	 */
	async function adminCall(path, init, say = setCustomerStatus) {
		var token = sessionStorage.getItem(TOKEN_KEY);
		var response;
		try {
			response = await fetch(path, Object.assign({}, init, { headers: Object.assign({ Authorization: "Bearer " + token }, init && init.json ? { "Content-Type": "application/json" } : {}), body: init && init.json ? JSON.stringify(init.json) : undefined }));
		} catch (error) {
			say("Could not reach the server. Check the connection and try again.", true);
			return null;
		}
		if (response.status === 401) {
			// A slow answer to a token since replaced says nothing about the new one.
			if (sessionStorage.getItem(TOKEN_KEY) !== token) return null;
			sessionStorage.removeItem(TOKEN_KEY);
			showSignIn("That admin token was not accepted. Enter it again.");
			return null;
		}
		if (!response.ok) {
			var body = await response.json().catch(function () { return null; });
			say(body && body.error ? body.error.message : "The server answered " + response.status + ".", true);
			return null;
		}
		return response;
	}

	// Enough to see the queue; a longer one is the helpdesk's to work through.
	var WAITING_PAGES = 5;

	function setWaitingStatus(text, isError) { statusIn("waiting-status", text, isError); }

	function waitingTable(tickets) {
		var headers = ["Handed off", "Reason", "Priority", "Who has it", "Everything stored"];
		var rows = tickets.map(function (ticket) {
			var handedOff = dateTime(ticket.handedOffAt);
			var download = el("button", { type: "button", class: "secondary", "aria-label": "Download export of the conversation handed off " + handedOff + ", " + REASONS[ticket.reason] }, ["Download export"]);
			download.addEventListener("click", function () { downloadExport(ticket.conversationId, setWaitingStatus); });
			var cells = [REASONS[ticket.reason], PRIORITIES[ticket.priority], OWNERS[ticket.owner]];
			return el("tr", {}, [el("th", { scope: "row" }, [handedOff])].concat(cells.map(function (cell) { return el("td", {}, [cell]); }), [el("td", {}, [download])]));
		});
		var head = el("tr", {}, headers.map(function (header) { return el("th", { scope: "col" }, [header]); }));
		return el("div", { class: "table-wrap", tabindex: "0", role: "region", "aria-label": "Conversations waiting for a person" }, [el("table", {}, [el("thead", {}, [head]), el("tbody", {}, rows)])]);
	}

	var waitingRequests = 0;

	/** Every page up to WAITING_PAGES; null when a page could not be read (said in the section's status). */
	async function waitingTickets(request) {
		var tickets = [];
		var after = 0;
		for (var page = 0; page < WAITING_PAGES && after !== null; page++) {
			var response = await adminCall("/v1/admin/tickets?after=" + after, { method: "GET" }, setWaitingStatus);
			if (!response || request !== waitingRequests) return null;
			// A proxy's page answered 200 is not the list.
			var body = await response.json().catch(function () { return null; });
			if (!body || !Array.isArray(body.tickets)) {
				setWaitingStatus("The server answered something other than the list. Try again.", true);
				return null;
			}
			tickets = tickets.concat(body.tickets);
			after = body.next;
		}
		// A conversation listed again while the pages were read (handed off anew) shows once, as it is now.
		var latest = {};
		tickets.forEach(function (ticket) { latest[ticket.conversationId] = ticket; });
		return { tickets: tickets.filter(function (ticket) { return latest[ticket.conversationId] === ticket; }), more: after !== null };
	}

	async function loadWaiting() {
		// Pressing Show again, or signing out, before the answer came: only the latest request's answer is shown.
		var request = ++waitingRequests;
		byId("waiting-results").replaceChildren();
		setWaitingStatus("Loading…", false);
		var found = await waitingTickets(request);
		if (!found || request !== waitingRequests) return;
		if (!found.tickets.length) return setWaitingStatus("Nobody is waiting for a person.", false);
		byId("waiting-results").append(waitingTable(found.tickets));
		setWaitingStatus(plural(found.tickets.length, "conversation") + (found.more ? " (the first that came; there are more)" : "") + " handed to your team and not resolved.", false);
	}

	// Fetched with the token, which a plain link could not send, then saved as the file the server names.
	async function downloadExport(id, say = setCustomerStatus) {
		var response = await adminCall("/v1/admin/conversations/" + encodeURIComponent(id) + "/export", { method: "GET" }, say);
		if (!response) return;
		var link = el("a", { href: URL.createObjectURL(await response.blob()), download: "frontdesk-conversation-" + id + ".json" });
		link.click();
		// Revoked once the browser has started saving it.
		setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
		say("Export of conversation " + id + " downloaded.", false);
	}

	// A row per conversation, with a box to pick it for erasure: ticked for the customer's own address, left
	// unticked for one only written in a message, which may be someone else's.
	function customerTable(conversations) {
		var headers = ["Erase", "Started", "Address recorded", "Last activity", "Status", "Handed to your team", "Deleted after", "Everything stored"];
		var rows = conversations.map(function (entry) {
			var conversation = entry.conversation;
			var started = dateTime(conversation.createdAt);
			var pick = el("input", { type: "checkbox", value: conversation.id, "aria-label": "Erase the conversation started " + started });
			pick.checked = entry.source !== "message";
			var download = el("button", { type: "button", class: "secondary", "aria-label": "Download export of the conversation started " + started }, ["Download export"]);
			download.addEventListener("click", function () { downloadExport(conversation.id); });
			var cells = [SOURCES[entry.source], dateTime(entry.retention.lastActivityAt), STATUSES[conversation.status], entry.tickets.length ? "Yes" : "No", dateTime(entry.retention.deleteAfter)];
			return el("tr", {}, [el("td", {}, [pick]), el("th", { scope: "row" }, [started])].concat(cells.map(function (cell) { return el("td", {}, [cell]); }), [el("td", {}, [download])]));
		});
		var head = el("tr", {}, headers.map(function (header) { return el("th", { scope: "col" }, [header]); }));
		return el("div", { class: "table-wrap", tabindex: "0", role: "region", "aria-label": "The customer's conversations" }, [el("table", {}, [el("thead", {}, [head]), el("tbody", {}, rows)])]);
	}

	async function eraseChosen(email) {
		var ids = Array.from(byId("customer-results").querySelectorAll("input[type=checkbox]:checked"), function (box) { return box.value; });
		if (!ids.length) return setCustomerStatus("Tick the conversations to erase first.", true);
		if (!window.confirm("Erase " + plural(ids.length, "conversation") + " of " + email + "? This cannot be undone.")) return;
		setCustomerStatus("Erasing…", false);
		var response = await adminCall("/v1/admin/customers/erase", { method: "POST", json: { email: email, conversationIds: ids } });
		if (!response) return;
		var body = await response.json();
		await findCustomer();
		var failed = body.failed.length ? " " + plural(body.failed.length, "conversation") + " could not be erased just now: try again." : "";
		setCustomerStatus("Erased " + plural(body.erasures.length, "conversation") + " of " + email + "." + failed + (body.remaining ? " " + plural(body.remaining, "conversation") + " still recorded the address." : ""), Boolean(failed));
	}

	async function findCustomer() {
		var email = byId("customer-email").value.trim();
		byId("customer-results").replaceChildren();
		setCustomerStatus("Looking…", false);
		var response = await adminCall("/v1/admin/customers/find", { method: "POST", json: { email: email } });
		if (!response) return;
		var found = await response.json();
		var conversations = found.conversations;
		var unavailable = found.unavailable.length ? " " + plural(found.unavailable.length, "conversation") + " did not answer just now: find again to see it." : "";
		if (!conversations.length) return setCustomerStatus("No conversation recorded " + email + "." + unavailable, Boolean(unavailable));
		var erase = el("button", { type: "button", class: "danger" }, ["Erase the ticked conversations"]);
		erase.addEventListener("click", function () { eraseChosen(email); });
		byId("customer-results").append(customerTable(conversations), erase);
		var shown = conversations.length < found.total ? " The oldest " + conversations.length + " are shown." : "";
		setCustomerStatus(plural(found.total, "conversation") + " recorded " + email + "." + shown + unavailable, false);
	}

	function init() {
		var today = Date.now();
		byId("to").value = isoDay(today);
		byId("from").value = isoDay(today - 29 * DAY_MS);
		byId("token-form").addEventListener("submit", function (event) {
			event.preventDefault();
			sessionStorage.setItem(TOKEN_KEY, byId("token").value.trim());
			byId("token").value = "";
			load();
		});
		byId("range-form").addEventListener("submit", function (event) {
			event.preventDefault();
			load();
		});
		byId("customer-form").addEventListener("submit", function (event) {
			event.preventDefault();
			findCustomer();
		});
		byId("sign-out").addEventListener("click", function () {
			sessionStorage.removeItem(TOKEN_KEY);
			showSignIn("Token forgotten.");
		});
		var resizing = 0;
		window.addEventListener("resize", function () {
			clearTimeout(resizing);
			// Charts are drawn at the container's pixel width, so text stays readable at every size.
			resizing = setTimeout(function () { if (lastData) render(lastData); }, 150);
		});
		load();
	}

	init();
})();
`;
