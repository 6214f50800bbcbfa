import t from 'tap';
import { ManualClock } from '../../core/clock.js';
import { defineCourier } from '../../core/courier/plugin.js';
import type { ApiCallRecord } from '../../core/store/types.js';
import { startTestApp } from '../helpers/app.js';

const NOW = '2026-05-02T10:30:00.000Z';

/** 750 requests per 5 minutes (9,000 an hour), 1,000 a day. */
const metered = defineCourier(
  {
    name: 'metered',
    displayName: 'Metered',
    batchSize: 10,
    quota: { requests: 750, windowSeconds: 300, daily: 1000 },
    concurrency: 1,
    schedule: { cron: '0 0 1 1 *', maxPerRun: 10 },
    auth: { kind: 'none' },
    endpoints: { baseUrl: 'https://api.metered.example' },
    statuses: [{ status: 'moving', to: 'in_transit' }],
  },
  { track: async (batch) => batch.map(({ trackingNumber }) => ({ trackingNumber, found: false, reason: 'unknown' })) },
);

async function start(t: Parameters<typeof startTestApp>[0]) {
  const clock = new ManualClock(NOW);
  const h = await startTestApp(t, { couriers: [metered], clock });
  const calls = (courier: string, at: string, statuses: readonly (number | null)[]): ApiCallRecord[] =>
    statuses.map((status) => ({ courier, runId: null, method: 'POST', path: '/track', status, durationMs: 40, error: status === null ? 'no answer within 1500 ms' : null, at: new Date(at) }));
  await h.app.waybill.store.apiCalls.log([
    ...calls('metered', '2026-05-01T23:10:00.000Z', [200, 200]),
    ...calls('metered', '2026-05-02T09:15:00.000Z', Array(897).fill(200)),
    ...calls('metered', '2026-05-02T09:45:00.000Z', [429, 429, 500]),
    ...calls('metered', '2026-05-02T10:05:00.000Z', [200, 200, 200, 200, null, 429]),
    ...calls('gone', '2026-05-02T10:10:00.000Z', [200]),
  ]);
  return h;
}

t.test('GET /v1/usage: requests per courier per hour and per UTC day, against the declared quota and daily budget', async (t) => {
  const { app } = await start(t);
  const res = await app.inject({ url: '/v1/usage?from=2026-05-01T23:00:00Z&to=2026-05-02T11:00:00Z' });
  t.equal(res.statusCode, 200);
  const body = res.json();
  t.match(body, { from: '2026-05-01T23:00:00.000Z', to: '2026-05-02T11:00:00.000Z' });
  t.same(body.couriers.map((c: { courier: string }) => c.courier), ['gone', 'metered'], 'every courier sent requests, by name');
  const [gone, usage] = body.couriers;
  t.match(gone, { quotaPerHour: null, dailyBudget: null, totals: { requests: 1 }, hours: [{ quotaShare: null }] }, 'a courier no longer known: counted, no quota');
  t.match(usage, { courier: 'metered', quotaPerHour: 9000, dailyBudget: 1000, totals: { requests: 908, rateLimited: 3, failed: 2 } });
  t.same(usage.hours, [
    { hour: '2026-05-01T23:00:00.000Z', requests: 2, rateLimited: 0, failed: 0, quotaShare: 0.0002 },
    { hour: '2026-05-02T09:00:00.000Z', requests: 900, rateLimited: 2, failed: 1, quotaShare: 0.1 },
    { hour: '2026-05-02T10:00:00.000Z', requests: 6, rateLimited: 1, failed: 1, quotaShare: 0.0007 },
  ]);
  t.same(usage.days, [
    { day: '2026-05-01', requests: 2, rateLimited: 0, failed: 0, budgetShare: 0.002 },
    { day: '2026-05-02', requests: 906, rateLimited: 3, failed: 2, budgetShare: 0.906 },
  ]);

  const lastDay = (await app.inject({ url: '/v1/usage?courier=metered' })).json();
  t.match(lastDay, { from: '2026-05-01T10:30:00.000Z', to: NOW }, 'by default the 24 hours before now');
  t.same(lastDay.couriers.map((c: { totals: { requests: number } }) => c.totals.requests), [908]);
  t.same((await app.inject({ url: '/v1/usage?courier=metered&from=2026-05-02T10:00:00Z' })).json().couriers[0].totals, { requests: 6, rateLimited: 1, failed: 1 });
});

t.test('GET /v1/usage validates its query, naming the field', async (t) => {
  const { app } = await start(t);
  for (const [query, field] of [
    ['from=yesterday', 'querystring/from'],
    ['to=2026-13-01', 'querystring/to'],
    ['courier=NOT_ONE', 'querystring/courier'],
    ['from=2026-05-02T10:00:00Z&to=2026-05-02T09:00:00Z', 'querystring/from must be before querystring/to'],
    ['from=2026-03-01T00:00:00Z&to=2026-05-02T00:00:00Z', 'querystring/from must be at most 31 days'],
  ] as const) {
    const res = await app.inject({ url: `/v1/usage?${query}` });
    t.equal(res.statusCode, 400, query);
    t.match(res.json(), { code: 'VALIDATION_FAILED', message: new RegExp(field.replaceAll('/', '\\/')) }, `${query}: names ${field}`);
  }
});

t.test('/metrics has the same figures for the current hour and day', async (t) => {
  const { app } = await start(t);
  const text = (await app.inject({ url: '/metrics' })).body;
  const sample = (name: string, courier: string) => {
    const line = text.split('\n').find((l) => l.startsWith(`${name}{courier="${courier}"}`));
    return line === undefined ? undefined : Number(line.split(' ').at(-1));
  };
  t.equal(sample('waybill_courier_requests_this_hour', 'metered'), 6);
  t.equal(sample('waybill_courier_hourly_quota_used_ratio', 'metered'), 0.0007);
  t.equal(sample('waybill_courier_requests_today', 'metered'), 906);
  t.equal(sample('waybill_courier_daily_budget_used_ratio', 'metered'), 0.906);
  t.equal(sample('waybill_courier_rate_limited_requests_today', 'metered'), 3);
  t.equal(sample('waybill_courier_failed_requests_today', 'metered'), 2);
  t.equal(sample('waybill_courier_daily_budget_used_ratio', 'gone'), undefined, 'no budget, no ratio');
  t.equal(sample('waybill_courier_requests_today', 'gone'), 1);
});
