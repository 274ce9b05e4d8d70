// The inbox's ticket list and ticket view, as Html for renderPage.
import type { TranscriptMessage } from "./events.ts";
import { html, type Html } from "./html.ts";
import type { Ticket, TicketStatus } from "./ticket-store.ts";

const REASONS: Record<string, string> = {
	customer_request: "Customer asked for a person",
	sensitive: "Sensitive topic",
	repeated_failure: "The AI could not help",
	negative_sentiment: "Customer seems upset",
};

const STATUSES: Record<TicketStatus, string> = { open: "Open", resolved: "Resolved", handed_back: "Handed back to AI" };

const KNOWN_PRIORITIES = new Set(["low", "normal", "high", "urgent"]);

const ROLE_CLASSES = new Set(["customer", "assistant", "agent", "system"]);

export function ticketPath(ticketId: string): string {
	return `/tickets/${encodeURIComponent(ticketId)}`;
}

export function renderTicketList(tickets: Ticket[], selectedId: string | null): Html {
	if (tickets.length === 0) return html`<p>No tickets yet. When Frontdesk hands a conversation to a person, it shows up here.</p>`;
	return html`<ul class="tickets">${tickets.map(
		(ticket) => html`<li><a href="${ticketPath(ticket.ticketId)}"${ticket.ticketId === selectedId && html` aria-current="page"`}>
<span class="who">${ticket.customer?.email ?? "no contact yet"}</span>
<span class="meta">${priorityPill(ticket.priority)} ${statusPill(ticket.status)} <span>${reasonLabel(ticket.reason)}</span> ${timeElement(ticket.receivedAt)}</span>
</a></li>`,
	)}</ul>`;
}

export function renderWelcome(): Html {
	return html`<h2>No ticket selected</h2>
<p>Pick a ticket from the list to read the conversation and answer the customer.</p>
<p>Tickets arrive when Frontdesk posts a <code>handoff.created</code> webhook to <code>/webhooks</code> on this server; later customer messages follow on their own.</p>`;
}

export function renderNotFound(ticketId: string): Html {
	return html`<h2>Ticket not found</h2><p>This inbox has no ticket <code>${ticketId}</code>. <a href="/">Back to all tickets</a>.</p>`;
}

export interface TicketViewOptions {
	agentName: string;
	/** The worker's refusal of the last action, shown above the reply form. */
	error?: { code: string; message: string };
	/** The reply the agent had typed when sending failed, so it is not lost. */
	draft?: string;
}

export function renderTicket(ticket: Ticket, options: TicketViewOptions): Html {
	const path = ticketPath(ticket.ticketId);
	return html`<article aria-labelledby="ticket-heading">
<h2 id="ticket-heading">${customerTitle(ticket)} <span class="muted">ticket ${ticket.ticketId}</span></h2>
<div id="ticket-status">${statusPill(ticket.status)}</div>
<section aria-labelledby="summary-heading">
<h3 id="summary-heading">Summary</h3>
<p class="summary">${ticket.summary || "No summary."}</p>
</section>
<section aria-labelledby="details-heading">
<h3 id="details-heading">Details</h3>
${renderDetails(ticket)}
</section>
<section aria-labelledby="entities-heading">
<h3 id="entities-heading">Entities</h3>
${renderEntities(ticket)}
</section>
<section aria-labelledby="transcript-heading">
<h3 id="transcript-heading">Transcript</h3>
<ol id="transcript" class="transcript">${ticket.transcript.map(renderMessage)}</ol>
</section>
<section aria-labelledby="reply-heading">
<h3 id="reply-heading">Reply</h3>
${options.error && html`<p class="error" role="alert">Frontdesk said: ${options.error.message} <code>${options.error.code}</code></p>`}
<form method="post" action="${path}/reply">
<label for="reply-text">Message to the customer, sent as ${options.agentName}</label>
<textarea id="reply-text" name="text" rows="4" required>${options.draft ?? ""}</textarea>
<div class="actions"><button type="submit">Send reply</button></div>
</form>
<div class="actions">
<form method="post" action="${path}/resolve"><button type="submit" class="secondary">Mark resolved</button></form>
<form method="post" action="${path}/handback"><button type="submit" class="secondary">Hand back to AI</button></form>
</div>
</section>
</article>`;
}

function renderDetails(ticket: Ticket): Html {
	const customer = ticket.customer;
	const hours = ticket.businessHours;
	return html`<dl class="details">
<dt>Customer</dt><dd>${customer?.name ?? "Name unknown"}, ${customer?.email ?? "no contact yet"}${customer?.emailSource === "message" ? " (written in a message: check it is theirs)" : ""} (${customer?.verified ? "verified" : "not verified"})</dd>
<dt>Priority</dt><dd>${priorityPill(ticket.priority)}</dd>
<dt>Reason</dt><dd>${reasonLabel(ticket.reason)}</dd>
<dt>Received</dt><dd>${timeElement(ticket.receivedAt)}</dd>
<dt>Page</dt><dd>${ticket.page ? link(ticket.page.url, ticket.page.title || ticket.page.url) : "Unknown"}</dd>
<dt>Locale</dt><dd>${ticket.locale ?? "Unknown"}</dd>
<dt>Business hours</dt><dd>${!hours ? "Unknown" : hours.open ? "Open now" : html`Closed${hours.nextOpenAt && html`, next open ${timeElement(hours.nextOpenAt)}`}`}</dd>
<dt>Last intent</dt><dd>${ticket.lastIntent ? `${ticket.lastIntent.id} (${ticket.lastIntent.tier}, ${Math.round(ticket.lastIntent.confidence * 100)}% confident)` : "None"}</dd>
<dt>Customer's rating</dt><dd>${ticket.rating ? `${ticket.rating.stars} of 5${ticket.rating.comment ? `: “${ticket.rating.comment}”` : ""}` : "None yet"}</dd>
<dt>AI disclosure shown</dt><dd>${ticket.disclosureShownAt ? timeElement(ticket.disclosureShownAt) : "Not recorded"}</dd>
<dt>Conversation</dt><dd><code>${ticket.conversationId}</code>${ticket.transcriptUrl && html` (${link(ticket.transcriptUrl, "transcript at Frontdesk")})`}</dd>
</dl>`;
}

function renderEntities(ticket: Ticket): Html {
	const entities = ticket.entities ?? [];
	if (entities.length === 0) return html`<p>None found.</p>`;
	return html`<dl class="details">${entities.map((entity) => html`<dt>${entity.type}</dt><dd>${entity.value}</dd>`)}</dl>`;
}

function renderMessage(message: TranscriptMessage): Html {
	const role = ROLE_CLASSES.has(message.role) ? message.role : "other";
	return html`<li class="msg msg-${role}" data-seq="${message.seq}">
<p class="msg-head">${roleLabel(message)} ${timeElement(message.createdAt)}</p>
<p class="msg-text">${message.text}</p>
${message.explanation && html`<p class="msg-why">${why(message.explanation)}</p>`}
</li>`;
}

/** "matcher · order_status · 97%", "fallback · Claude: timeout": for the agent, which answers were guesses. */
function why(explanation: NonNullable<TranscriptMessage["explanation"]>): string {
	const { tier, intent, confidence, rule, llmFailure } = explanation;
	// Only the matcher's own: a rule is sure, and beside Claude's answer or the fallback it is what the matcher had.
	const confident = tier === "matcher" && typeof confidence === "number" ? `${Math.round(confidence * 100)}%` : null;
	return [tier, intent, confident, rule, llmFailure && `Claude: ${llmFailure}`].filter(Boolean).join(" · ");
}

function roleLabel(message: TranscriptMessage): Html {
	switch (message.role) {
		case "assistant":
			return html`<span class="pill">AI</span><span class="visually-hidden">assistant:</span>`;
		case "customer":
			return html`<strong>Customer</strong>`;
		case "agent":
			return html`<strong>${message.author ?? "Agent"}</strong> <span>(support team)</span>`;
		default:
			return html`<strong>${message.role === "system" ? "System" : message.role}</strong>`;
	}
}

function customerTitle(ticket: Ticket): string {
	return ticket.customer?.name ?? ticket.customer?.email ?? "Anonymous customer";
}

function reasonLabel(reason: string): string {
	return REASONS[reason] ?? reason;
}

function priorityPill(priority: string): Html {
	const known = KNOWN_PRIORITIES.has(priority);
	return html`<span class="pill${known ? ` priority-${priority}` : ""}">${priority} priority</span>`;
}

function statusPill(status: TicketStatus): Html {
	return html`<span class="pill status-${status}">${STATUSES[status]}</span>`;
}

/** Only http(s) addresses become links: a `javascript:` page URL from a customer's browser must not be clickable. */
function link(url: string, text: string): Html | string {
	const parsed = URL.parse(url);
	if (parsed?.protocol !== "http:" && parsed?.protocol !== "https:") return text === url ? url : `${text} (${url})`;
	return html`<a href="${parsed.href}" rel="noreferrer noopener" target="_blank">${text}</a>`;
}

function timeElement(iso: string): Html {
	const date = new Date(iso);
	if (Number.isNaN(date.getTime())) return html`<span>${iso}</span>`;
	return html`<time datetime="${date.toISOString()}">${date.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" })}</time>`;
}
