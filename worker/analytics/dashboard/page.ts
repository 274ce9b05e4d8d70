// The admin dashboard's page. It holds no data and needs no auth: the script
// asks for the admin token, keeps it in this tab's sessionStorage and fetches
// the KPI API with it, the conversations waiting for a person, and the lookup of a customer's conversations by e-mail. That address field is plain
// text: a type="email" field would send a Unicode domain as punycode and refuse a non-ASCII local part.
export const DASHBOARD_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Support KPIs · Frontdesk</title>
<link rel="stylesheet" href="/v1/admin/dashboard.css">
<script src="/v1/admin/dashboard.js" defer></script>
</head>
<body>
<header>
<h1>Support KPIs</h1>
<p class="muted">How the AI assistant and your team did, by the day conversations started (UTC).</p>
</header>
<main>
<section id="sign-in" aria-labelledby="sign-in-heading" hidden>
<h2 id="sign-in-heading">Sign in</h2>
<form id="token-form">
<label for="token">Admin token</label>
<input id="token" name="token" type="password" autocomplete="off" required aria-describedby="token-help">
<p id="token-help" class="muted">The value of FRONTDESK_ADMIN_TOKEN. It is kept in this browser tab only.</p>
<button type="submit">Sign in</button>
</form>
</section>
<section id="controls" aria-labelledby="range-heading" hidden>
<h2 id="range-heading">Date range</h2>
<form id="range-form">
<div class="field"><label for="from">From</label><input id="from" name="from" type="date" required></div>
<div class="field"><label for="to">To</label><input id="to" name="to" type="date" required></div>
<button type="submit">Show</button>
<button type="button" id="sign-out" class="secondary">Forget token</button>
</form>
</section>
<p id="status" role="status" aria-live="polite"></p>
<div id="report"></div>
<section id="waiting" aria-labelledby="waiting-heading" hidden>
<h2 id="waiting-heading">Waiting for a person</h2>
<p class="muted">Conversations handed to your team and not resolved yet, whatever the date range, in the order they came. Your helpdesk answers them through the agent API; without a webhook set, this is where you find them.</p>
<p id="waiting-status" role="status" aria-live="polite"></p>
<div id="waiting-results"></div>
</section>
<section id="customer" aria-labelledby="customer-heading" hidden>
<h2 id="customer-heading">A customer's data</h2>
<p class="muted">For a customer who asks by e-mail what you keep about them, or to have it erased: the conversations that recorded their address. An address only written in a message may be someone else's: check before you disclose or erase.</p>
<form id="customer-form">
<div class="field"><label for="customer-email">Customer's e-mail address</label><input id="customer-email" name="email" type="text" inputmode="email" autocomplete="off" spellcheck="false" required></div>
<button type="submit">Find conversations</button>
</form>
<p id="customer-status" role="status" aria-live="polite"></p>
<div id="customer-results"></div>
</section>
</main>
</body>
</html>
`;
