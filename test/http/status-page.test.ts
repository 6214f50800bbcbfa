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
  if (quota.source === 'runs') t.equal(Number(quota.requests), runs.reduce((sum: number, r: { counts: { requests: number } }) => sum + r.counts.requests, 0), 'requests per run');
  t.ok(Number(quota.requests) > 0, `${quota.requests} requests from ${quota.source}`);
  t.ok((await drawnPixels(page, 'quota')) > 100, 'the quota chart is drawn');

  // The attention and SLA panels draw what the service has; a route it does not have yet is "not available".
  const breachesRoute = await app.inject({ method: 'GET', url: '/v1/sla/breaches?open=true', headers: auth });
  t.equal((await panelData(page, 'breaches')).state, breachesRoute.statusCode === 200 ? 'ready' : 'unavailable');
  const attention = await app.inject({ method: 'GET', url: '/v1/shipments?attention=true', headers: auth });
  const filtered = attention.statusCode === 200 && attention.json().items.every((s: { requiresAttention?: boolean }) => s.requiresAttention === true);
  t.equal((await panelData(page, 'attention')).state, filtered ? 'ready' : 'unavailable');

  t.same(failedRequests, [], 'every asset loads from the service (no CDN)');
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, 'status-page.png'), fullPage: true });

  await page.reload();
  await page.waitForSelector('body[data-loaded="true"] #runs[data-state="ready"]', { timeout: 10_000 });
  t.pass('the key is kept in sessionStorage across a reload');
});
