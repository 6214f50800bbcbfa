/**
 * The status page's script, served as it is (no build step): it reads the HTTP API with the key kept in
 * sessionStorage and draws with uPlot. Each panel says what it drew in data attributes (data-state and
 * counts), which the browser test reads. A route the service does not have yet makes its panel "not available".
 */
export const STATUS_PAGE_SCRIPT = String.raw`'use strict';
const KEY_STORAGE = 'waybill.apiKey';
const COLOURS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f'];
const WIDTH = 520;
const HEIGHT = 200;

class Unauthorized extends Error {}

/** The API's answer, or null when the service has no such route (404 NOT_FOUND) or does not take the query (400). */
async function api(path) {
  const key = sessionStorage.getItem(KEY_STORAGE);
  const res = await fetch(path, { headers: key ? { authorization: 'Bearer ' + key } : {} });
  if (res.status === 401) throw new Unauthorized('the API asks for a key: paste one above');
  const body = await res.json().catch(() => null);
  if (res.status === 400 || (res.status === 404 && body && body.code === 'NOT_FOUND')) return null;
  if (!res.ok) throw new Error(path + ' answered ' + res.status);
  return body;
}

function panel(id) {
  const section = document.getElementById(id);
  return {
    note: (text) => { section.querySelector('.note').textContent = text; },
    chart: () => { const el = section.querySelector('.chart'); el.replaceChildren(); return el; },
    table: (head, rows) => {
      const table = section.querySelector(':scope > table');
      table.replaceChildren();
      for (const [i, cells] of [head, ...rows].entries()) {
        const tr = table.insertRow();
        for (const cell of cells) {
          const td = document.createElement(i === 0 ? 'th' : 'td');
          td.textContent = String(cell ?? '');
          tr.append(td);
        }
      }
    },
    done: (state, data = {}) => {
      section.dataset.state = state;
      for (const [name, value] of Object.entries(data)) section.dataset[name] = typeof value === 'string' ? value : JSON.stringify(value);
    },
  };
}

function unavailable(p, what) {
  p.note(what + ': not available (this service does not have the route yet)');
  p.done('unavailable');
}

const countBy = (items, key) => items.reduce((acc, item) => ({ ...acc, [key(item)]: (acc[key(item)] ?? 0) + 1 }), {});
const sum = (values) => values.reduce((a, b) => a + b, 0);

function barChart(el, labels, values) {
  new uPlot({
    width: WIDTH, height: HEIGHT,
    scales: { x: { time: false, range: [-0.5, labels.length - 0.5] }, y: { range: (u, min, max) => [0, Math.max(1, max) * 1.1] } },
    axes: [{ incrs: [1], values: (u, splits) => splits.map((i) => labels[i] ?? '') }, {}],
    legend: { show: false },
    series: [{}, { label: 'count', fill: COLOURS[0] + '99', stroke: COLOURS[0], paths: uPlot.paths.bars({ size: [0.6, 60] }), points: { show: false } }],
  }, [labels.map((_, i) => i), values], el);
}

/** One line per courier over time; points: [{courier, at (ISO), requests}]. */
function timeChart(el, points) {
  const couriers = [...new Set(points.map((p) => p.courier))].sort();
  const times = [...new Set(points.map((p) => Date.parse(p.at) / 1000))].sort((a, b) => a - b);
  const series = couriers.map((courier) => times.map((t) => {
    const hits = points.filter((p) => p.courier === courier && Date.parse(p.at) / 1000 === t);
    return hits.length ? sum(hits.map((p) => p.requests)) : null;
  }));
  new uPlot({
    width: WIDTH, height: HEIGHT,
    // A lone point gets an hour either side rather than uPlot's years-wide default.
    scales: { x: { range: (u, min, max) => (min === max ? [min - 3600, max + 3600] : [min, max]) } },
    series: [{}, ...couriers.map((label, i) => ({ label, stroke: COLOURS[i % COLOURS.length], spanGaps: true, points: { show: true, size: 6 } }))],
  }, [times, ...series], el);
}

/** GET /v1/usage's hours as points, or null when the service has no such route. */
function usagePoints(usage) {
  if (!usage || !Array.isArray(usage.couriers)) return null;
  return usage.couriers.flatMap((c) => c.hours.map((h) => ({ courier: c.courier, at: h.hour, requests: h.requests, quotaShare: h.quotaShare })));
}

async function drawQuota(runs) {
  const p = panel('quota');
  const usage = await api('/v1/usage');
  const fromUsage = usagePoints(usage);
  const points = fromUsage ?? runs.map((r) => ({ courier: r.courier, at: r.startedAt, requests: r.counts.requests }));
  p.note(fromUsage ? 'requests per courier per hour (GET /v1/usage)' : 'requests per run (GET /v1/runs; GET /v1/usage is not available)');
  if (points.length) timeChart(p.chart(), points);
  if (fromUsage) {
    const peak = (courier) => Math.max(0, ...fromUsage.filter((x) => x.courier === courier && x.quotaShare !== null).map((x) => x.quotaShare));
    p.table(['courier', 'requests', 'quota an hour', 'busiest hour\'s share'], usage.couriers.map((c) => [c.courier, c.totals.requests, c.quotaPerHour ?? '', (100 * peak(c.courier)).toFixed(2) + ' %']));
  }
  p.done('ready', { source: fromUsage ? 'usage' : 'runs', points: String(points.length), requests: String(sum(points.map((x) => x.requests))) });
}

function drawRuns(runs) {
  const p = panel('runs');
  const outcomes = countBy(runs, (r) => r.state);
  const states = Object.keys(outcomes).sort();
  p.note(runs.length + ' most recent runs');
  if (states.length) barChart(p.chart(), states, states.map((s) => outcomes[s]));
  p.table(['courier', 'state', 'started', 'requests', 'updated', 'failed'], runs.slice(0, 10).map((r) => [r.courier, r.state, r.startedAt, r.counts.requests, r.counts.updated, r.counts.failed]));
  p.done('ready', { runs: String(runs.length), outcomes });
}

async function drawStatuses() {
  const p = panel('statuses');
  const stats = await api('/v1/stats/statuses');
  if (!stats) return unavailable(p, 'GET /v1/stats/statuses');
  const byStatus = {};
  const byCourier = {};
  for (const { courier, status, count } of stats.items) {
    byStatus[status] = (byStatus[status] ?? 0) + count;
    byCourier[courier] = { ...byCourier[courier], [status]: (byCourier[courier]?.[status] ?? 0) + count };
  }
  const statuses = Object.keys(byStatus).sort();
  p.note(sum(Object.values(byStatus)) + ' shipments');
  if (statuses.length) barChart(p.chart(), statuses, statuses.map((s) => byStatus[s]));
  p.table(['courier', ...statuses], Object.entries(byCourier).map(([courier, counts]) => [courier, ...statuses.map((s) => counts[s] ?? 0)]));
  p.done('ready', { counts: byCourier, total: String(sum(Object.values(byStatus))) });
}

/** Trusts the filter only when the answer says so: a service without it would list every shipment. */
async function drawAttention() {
  const p = panel('attention');
  const page = await api('/v1/shipments?attention=true&limit=20');
  if (!page || !page.items.every((s) => s.requiresAttention === true)) return unavailable(p, 'GET /v1/shipments?attention=true');
  p.note(page.total + ' shipments whose checks keep failing');
  p.table(['courier', 'tracking number', 'status', 'last error'], page.items.map((s) => [s.courier, s.trackingNumber, s.status, s.lastError]));
  p.done('ready', { count: String(page.total) });
}

async function drawBreaches() {
  const p = panel('breaches');
  const page = await api('/v1/sla/breaches?open=true&limit=20');
  if (!page) return unavailable(p, 'GET /v1/sla/breaches?open=true');
  p.note(page.total + ' open');
  p.table(['rule', 'courier', 'tracking number', 'status', 'breached at'], page.items.map((b) => [b.rule, b.courier, b.trackingNumber, b.status, b.breachedAt]));
  p.done('ready', { count: String(page.total) });
}

async function load() {
  document.body.dataset.loaded = 'false';
  const error = document.getElementById('page-error');
  error.textContent = '';
  const fail = (id) => (e) => {
    if (e instanceof Unauthorized) error.textContent = e.message;
    panel(id).note(String(e.message));
    panel(id).done('error');
  };
  const runs = api('/v1/runs?limit=100').then((page) => page.runs);
  await Promise.all([
    runs.then(drawQuota).catch(fail('quota')),
    runs.then(drawRuns).catch(fail('runs')),
    drawStatuses().catch(fail('statuses')),
    drawAttention().catch(fail('attention')),
    drawBreaches().catch(fail('breaches')),
  ]);
  document.body.dataset.loaded = 'true';
}

const keyInput = document.getElementById('api-key');
keyInput.value = sessionStorage.getItem(KEY_STORAGE) ?? '';
document.getElementById('key-form').addEventListener('submit', (event) => {
  event.preventDefault();
  sessionStorage.setItem(KEY_STORAGE, keyInput.value.trim());
  load();
});
load();
`;
