import t from 'tap';
import { ManualClock } from '../../core/clock.js';
import { pruneCheckLog } from '../../core/store/retention.js';
import { startSandboxApp } from '../helpers/sandbox.js';

const T0 = '2026-05-01T10:00:00.000Z';
const KEYS = ['first-key-0123456789', 'second-key-0123456789'];
const TRACK = '/v1/tracking/batch';

async function start(t: Parameters<typeof startSandboxApp>[0]) {
  const clock = new ManualClock(T0);
  const h = await startSandboxApp(t, { clock, env: { WAYBILL_API_KEYS: KEYS.join(',') } });
  const get = (url: string, key = KEYS[0]) => h.app.inject({ url, headers: { authorization: `Bearer ${key}` } });
  await h.app.waybill.store.shipments.register(['SBX-DELIVERED-1', 'SBX-DELIVERED-2'].map((trackingNumber) => ({ courier: 'sandbox', trackingNumber })), clock.now());
  return { ...h, clock, get };
}

t.test('every check is logged: what triggered it, who, the courier\'s answer, the status change and the events added', async (t) => {
  const { sim, run, clock, get } = await start(t);
  const scheduled = await run();
  clock.advance(60_000);
  t.equal((await get('/v1/shipments/sandbox/SBX-DELIVERED-1?refresh=true', KEYS[1])).json().source, 'live');
  clock.advance(60_000);
  sim.server.injectFault({ kind: 'status', status: 503 }, { match: (r) => r.path === TRACK, times: 1 });
  await run();
  clock.advance(60_000);
  sim.revokeTokens();
  await run();

  const res = await get('/v1/shipments/sandbox/SBX-DELIVERED-1/checks');
  t.equal(res.statusCode, 200);
  const { items, total } = res.json();
  t.equal(total, 5, 'a scheduled check, a manual one, a failed one, the one refused by an expired token and its retry');
  t.match(items, [
    { trigger: 'retry', triggeredBy: 'system', success: true, httpStatus: 200 },
    { trigger: 'scheduled', success: false, httpStatus: 401, error: /401|auth/i, statusChanged: false, eventsAdded: 0 },
    { trigger: 'scheduled', success: false, httpStatus: 503, error: /503/, statusChanged: false, eventsAdded: 0 },
    { trigger: 'manual', triggeredBy: 'key-2', success: true, httpStatus: 200, runId: null, previousStatus: 'info_received', newStatus: 'picked_up', statusChanged: true, eventsAdded: 1 },
    { trigger: 'scheduled', triggeredBy: 'system', success: true, httpStatus: 200, error: null, runId: scheduled.id, statusChanged: false, newStatus: 'info_received', eventsAdded: 1 },
  ]);
  for (const check of items) t.ok(Number.isInteger(check.responseTimeMs) && check.responseTimeMs >= 0, `${check.trigger} at ${check.at}: a response time`);
  t.same(
    items.map((c: { at: string }) => c.at),
    [...items.map((c: { at: string }) => c.at)].sort().reverse(),
    'newest first',
  );
});

t.test('checks are paged, filtered by courier and time, and each query is validated naming the field', async (t) => {
  const { run, clock, get } = await start(t);
  await run();
  const since = new Date(clock.now().getTime() + 1).toISOString();
  clock.advance(60_000);
  await run();

  const all = (await get('/v1/checks?courier=sandbox')).json();
  t.equal(all.total, 4, 'two shipments, two runs');
  const page = (await get('/v1/checks?courier=sandbox&limit=1&offset=1')).json();
  t.match(page, { total: 4, limit: 1, offset: 1 });
  t.same(page.items, [all.items[1]], 'the second newest');
  const recent = (await get(`/v1/checks?since=${encodeURIComponent(since)}`)).json();
  t.equal(recent.total, 2, 'the second run only');
  t.equal((await get('/v1/checks?courier=another')).json().total, 0);
  t.same((await get('/v1/shipments/sandbox/SBX-DELIVERED-2/checks?limit=1')).json().items.length, 1);

  for (const [url, field] of [
    ['/v1/checks?since=yesterday', 'querystring/since'],
    ['/v1/checks?limit=501', 'querystring/limit'],
    ['/v1/checks?offset=-1', 'querystring/offset'],
    ['/v1/checks?courier=Not%20A%20Courier', 'querystring/courier'],
    ['/v1/shipments/sandbox/SBX-DELIVERED-1/checks?limit=0', 'querystring/limit'],
  ] as const) {
    const refused = await get(url);
    t.equal(refused.statusCode, 400, url);
    t.match(refused.json(), { code: 'VALIDATION_FAILED', message: new RegExp(field) }, `${url}: names ${field}`);
  }
  t.match((await get('/v1/shipments/sandbox/SBX-UNKNOWN-1/checks')).json(), { statusCode: 404, code: 'SHIPMENT_NOT_FOUND' });
  t.equal((await get('/v1/checks', 'not-a-key-0123456789')).statusCode, 401, 'behind the API key');
});

t.test('the check log is pruned after WAYBILL_CHECK_LOG_DAYS', async (t) => {
  const { app, run, clock } = await start(t);
  await run();
  const { store } = app.waybill;
  t.equal((await store.checks.list({}, { limit: 10, offset: 0 })).total, 2);
  clock.advance(2 * 86_400_000);
  t.match(await pruneCheckLog(store.checks, clock, 3), { checks: 0 }, 'younger than the days kept');
  clock.advance(2 * 86_400_000);
  t.match(await pruneCheckLog(store.checks, clock, 3), { checks: 2 }, 'older');
  t.equal((await store.checks.list({}, { limit: 10, offset: 0 })).total, 0);
});
