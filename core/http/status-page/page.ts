/** The status page's HTML: panels the script (script.ts) fills from the HTTP API. */
export const STATUS_PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Waybill status</title>
<link rel="stylesheet" href="/status-page/uplot.css">
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 0 auto; max-width: 1200px; padding: 1rem; color: #222; }
  header { display: flex; align-items: center; gap: 1rem; flex-wrap: wrap; }
  main { display: grid; grid-template-columns: repeat(auto-fill, minmax(560px, 1fr)); gap: 1rem; }
  section { border: 1px solid #ddd; border-radius: 6px; padding: 0.5rem 1rem; min-height: 120px; }
  section[data-state="unavailable"] { color: #888; }
  h2 { font-size: 1rem; margin: 0.5rem 0; }
  table { border-collapse: collapse; width: 100%; font-size: 12px; }
  td, th { text-align: left; padding: 2px 6px; border-bottom: 1px solid #eee; }
  .note { color: #666; font-size: 12px; margin: 0.25rem 0; }
  #page-error { color: #b00; }
</style>
</head>
<body>
<header>
  <h1>Waybill status</h1>
  <form id="key-form">
    <label>API key <input id="api-key" type="password" autocomplete="off" placeholder="only when WAYBILL_API_KEYS is set"></label>
    <button type="submit">Load</button>
  </form>
  <p id="page-error" role="alert"></p>
</header>
<main>
  <section id="quota" data-state="loading"><h2>Courier requests over time</h2><p class="note"></p><div class="chart"></div><table></table></section>
  <section id="runs" data-state="loading"><h2>Runs and their outcomes</h2><p class="note"></p><div class="chart"></div><table></table></section>
  <section id="statuses" data-state="loading"><h2>Tracked shipments by status</h2><p class="note"></p><div class="chart"></div><table></table></section>
  <section id="attention" data-state="loading"><h2>Shipments needing attention</h2><p class="note"></p><table></table></section>
  <section id="breaches" data-state="loading"><h2>Open SLA breaches</h2><p class="note"></p><table></table></section>
</main>
<script src="/status-page/uplot.js"></script>
<script src="/status-page/app.js"></script>
</body>
</html>
`;
