import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import puppeteer, { type Page } from 'puppeteer-core';
import t from 'tap';
import { ManualClock } from '../../core/clock.js';
import { repoRoot } from '../helpers/repo-root.js';
import { startSandboxApp } from '../helpers/sandbox.js';

// The system's Chromium (test/setup/chromium.sh installs Debian's package), driven over CDP.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = join(repoRoot(), '.tap', 'artifacts');
const KEY = 'status-page-key-0123456789';
const auth = { authorization: `Bearer ${KEY}` };

const panelData = (page: Page, id: string) => page.$eval(`#${id}`, (el) => ({ ...(el as HTMLElement).dataset }));

/** Pixels of the panel's chart canvas that are not blank: the chart was drawn, not only its frame created. */
const drawnPixels = (page: Page, id: string) =>
  page.$eval(`#${id} .chart canvas`, (canvas) => {
    const { data } = (canvas as HTMLCanvasElement).getContext('2d')!.getImageData(0, 0, (canvas as HTMLCanvasElement).width, (canvas as HTMLCanvasElement).height);
    let drawn = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) drawn++;
    return drawn;
  });

t.test('the status page draws the API data in a real headless Chromium', async (t) => {
  const clock = new ManualClock(new Date().toISOString());
  const { app } = await startSandboxApp(t, { clock, env: { WAYBILL_API_KEYS: KEY } });
  const shipments = ['SBX-DELIVERED-1', 'SBX-DELIVERED-2', 'SBX-RETURNED-1', 'SBX-LOST-1', 'SBX-NOTFOUND-1'].map((trackingNumber) => ({ courier: 'sandbox', trackingNumber }));
  t.equal((await app.inject({ method: 'POST', url: '/v1/shipments', headers: auth, payload: { shipments } })).statusCode, 201);
  // Three runs, hours apart, so the shipments move along their stories and each run is a point in time.
  for (let i = 0; i < 3; i++) {
    await app.waybill.engine.runToCompletion('sandbox', 'manual');
    clock.advance(8 * 3_600_000);
  }
  const address = await app.listen({ port: 0, host: '127.0.0.1' });

  const api = async (url: string) => (await app.inject({ method: 'GET', url, headers: auth })).json();
  const { runs } = await api('/v1/runs?limit=100');
  const { items: statusCounts } = await api('/v1/stats/statuses');
  const expectedCounts: Record<string, Record<string, number>> = {};
  for (const { courier, status, count } of statusCounts as { courier: string; status: string; count: number }[]) {
    expectedCounts[courier] = { ...expectedCounts[courier], [status]: (expectedCounts[courier]?.[status] ?? 0) + count };
  }

  const browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  t.teardown(() => browser.close());
  const page = await browser.newPage();
  const failedRequests: string[] = [];
  page.on('requestfailed', (request) => failedRequests.push(request.url()));
  page.on('pageerror', (error) => t.fail(`page error: ${String(error)}`));
  await page.setViewport({ width: 1240, height: 900 });

  await page.goto(`${address}/`);
  await page.waitForSelector('body[data-loaded="true"]', { timeout: 10_000 });
  t.match(await page.$eval('#page-error', (el) => el.textContent), /asks for a key/, 'without the key the page says so');
  t.equal((await panelData(page, 'runs')).state, 'error');

  await page.type('#api-key', KEY);
  await page.click('#key-form button');
  await page.waitForSelector('body[data-loaded="true"] #runs[data-state="ready"]', { timeout: 10_000 });
  t.equal(await page.$eval('#page-error', (el) => el.textContent), '');

  const statuses = await panelData(page, 'statuses');
  t.equal(statuses.state, 'ready');
  t.same(JSON.parse(statuses.counts!), expectedCounts, 'the status distribution is the API\'s');
  t.equal(Number(statuses.total), shipments.length);
  t.ok((await drawnPixels(page, 'statuses')) > 100, 'the status chart is drawn');

  const runsPanel = await panelData(page, 'runs');
  t.equal(Number(runsPanel.runs), runs.length);
  t.same(JSON.parse(runsPanel.outcomes!), { succeeded: 3 });
  t.ok((await drawnPixels(page, 'runs')) > 100, 'the outcome chart is drawn');

  const quota = await panelData(page, 'quota');
  t.equal(quota.state, 'ready');
  // From GET /v1/usage when the service has it, else from the runs' request counts.
  const usage = await app.inject({ method: 'GET', url: '/v1/usage', headers: auth });
  const expectedRequests =
    usage.statusCode === 200
      ? usage.json().couriers.reduce((sum: number, c: { totals: { requests: number } }) => sum + c.totals.requests, 0)
      : runs.reduce((sum: number, r: { counts: { requests: number } }) => sum + r.counts.requests, 0);
  t.equal(quota.source, usage.statusCode === 200 ? 'usage' : 'runs');
  t.equal(Number(quota.requests), expectedRequests, 'the requests the API counts');
  t.ok(Number(quota.requests) > 0, `${quota.requests} requests from ${quota.source}`);
  t.ok((await drawnPixels(page, 'quota')) > 100, 'the quota chart is drawn');

  // The attention and SLA panels draw what the service has; a route it does not have yet is "not available".
  const breachesRoute = await app.inject({ method: 'GET', url: '/v1/sla/breaches?open=true', headers: auth });
  const breaches = await panelData(page, 'breaches');
  if (breachesRoute.statusCode === 200) t.match(breaches, { state: 'ready', count: String(breachesRoute.json().total) });
  else t.equal(breaches.state, 'unavailable');
  const attentionRoute = await app.inject({ method: 'GET', url: '/v1/shipments?attention=true', headers: auth });
  const filtered = attentionRoute.statusCode === 200 && attentionRoute.json().items.every((s: { requiresAttention?: boolean }) => s.requiresAttention === true);
  const attention = await panelData(page, 'attention');
  if (filtered) t.match(attention, { state: 'ready', count: String(attentionRoute.json().total) });
  else t.equal(attention.state, 'unavailable');

  t.same(failedRequests, [], 'every asset loads from the service (no CDN)');
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, 'status-page.png'), fullPage: true });

  await page.reload();
  await page.waitForSelector('body[data-loaded="true"] #runs[data-state="ready"]', { timeout: 10_000 });
  t.pass('the key is kept in sessionStorage across a reload');

  // A service without the usage, SLA and attention routes: those panels say so, the rest still draw.
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    const { pathname, searchParams } = new URL(request.url());
    const missing = pathname === '/v1/usage' || pathname === '/v1/sla/breaches';
    if (missing) return void request.respond({ status: 404, contentType: 'application/json', body: JSON.stringify({ statusCode: 404, code: 'NOT_FOUND' }) });
    // An older /v1/shipments ignores `attention` and lists every shipment.
    if (pathname === '/v1/shipments' && searchParams.has('attention')) {
      return void request.respond({ status: 200, contentType: 'application/json', body: JSON.stringify({ items: [{ courier: 'sandbox', trackingNumber: 'SBX-DELIVERED-1' }], total: 1 }) });
    }
    void request.continue();
  });
  await page.reload();
  await page.waitForSelector('body[data-loaded="true"] #runs[data-state="ready"]', { timeout: 10_000 });
  t.match(await panelData(page, 'quota'), { state: 'ready', source: 'runs', requests: String(runs.reduce((sum: number, r: { counts: { requests: number } }) => sum + r.counts.requests, 0)) }, 'quota from the runs instead');
  for (const id of ['breaches', 'attention']) {
    t.equal((await panelData(page, id)).state, 'unavailable', `${id}: unavailable`);
    t.match(await page.$eval(`#${id} .note`, (el) => el.textContent), /not available/);
  }
  t.equal((await panelData(page, 'statuses')).state, 'ready');
});
