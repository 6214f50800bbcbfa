import t from 'tap';
import { ManualClock } from '../../core/clock.js';
import { startSandboxApp } from '../helpers/sandbox.js';

const T0 = '2026-05-01T10:00:00.000Z';
const count = (sim: { server: { requests: { path: string }[] } }, path: string) => sim.server.requests.filter((r) => r.path === path).length;
const TOKEN = '/oauth/token';
const TRACK = '/v1/tracking/batch';

t.test('a token is fetched once and reused; a 401 leads to exactly one refresh and one retry', async (t) => {
  const clock = new ManualClock(T0);
  const { sim, register, run } = await startSandboxApp(t, { clock });
  await register('SBX-DELIVERED-1');
  await run();
  clock.advance(60_000);
  await run();
  t.equal(count(sim, TOKEN), 1, 'one token for two runs');
  sim.revokeTokens();
  clock.advance(60_000);
  const result = await run();
  t.match(result, { state: 'succeeded', counts: { updated: 1, failed: 0, requests: 3 } }, '401, token, retry');
  t.equal(count(sim, TOKEN), 2);
  t.equal(count(sim, TRACK), 4);
});

t.test('a second 401 right after a refresh does not refresh again: the run fails with the reason', async (t) => {
  const clock = new ManualClock(T0);
  const { app, sim, register, run } = await startSandboxApp(t, { clock });
  await register('SBX-DELIVERED-1');
  sim.server.injectFault({ kind: 'status', status: 401 }, { match: (r) => r.path === TRACK, times: 2 });
  const result = await run();
  t.match(result, { state: 'failed', error: /authentication failed/, counts: { failed: 0 } });
  t.equal(count(sim, TOKEN), 2, 'the first token and exactly one refresh');
  t.equal(count(sim, TRACK), 2, 'the call and exactly one retry');
  t.match(await app.waybill.store.shipments.get('sandbox', 'SBX-DELIVERED-1'), { consecutiveFailures: 0, lastCheckedAt: null }, 'an auth failure is not the shipment’s failure');

  sim.revokeTokens();
  clock.advance(2_000);
  await register('SBX-DELIVERED-2');
  t.match(await run(), { state: 'failed', error: /authentication failed/ }, 'within the minimum refresh interval (5 s) no new token is asked for');
  t.equal(count(sim, TOKEN), 2);
  clock.advance(5_000);
  t.match(await run(), { state: 'succeeded' }, 'after the interval a refresh is allowed again');
  t.equal(count(sim, TOKEN), 3);
});

t.test('concurrent 401s share one refresh (single flight)', async (t) => {
  const clock = new ManualClock(T0);
  const { sim, register, run } = await startSandboxApp(t, { clock, env: { WAYBILL_COURIER_SANDBOX_CONCURRENCY: '4', WAYBILL_COURIER_SANDBOX_BATCH_SIZE: '5' } });
  await register(...Array.from({ length: 20 }, (_, i) => `SBX-DELIVERED-${i}`));
  await run();
  t.equal(count(sim, TOKEN), 1);
  sim.revokeTokens();
  clock.advance(60_000);
  const result = await run();
  t.match(result, { state: 'succeeded', counts: { claimed: 20, updated: 20, failed: 0 } });
  t.equal(count(sim, TOKEN), 2, 'four batches met a 401 and one token was fetched');
});

t.test('refused credentials fail the run naming the cause and pause the courier so the account is not locked', async (t) => {
  const clock = new ManualClock(T0);
  const { app, sim, register, run, logs } = await startSandboxApp(t, { clock, env: { WAYBILL_COURIER_SANDBOX_CLIENT_SECRET: 'not-the-right-secret' } });
  await register('SBX-DELIVERED-1');
  t.match(await run(), { state: 'failed', error: /token endpoint refused the client credentials/ });
  t.match((await app.inject({ method: 'GET', url: '/v1/couriers/sandbox' })).json(), { paused: true, pausedUntil: '2026-05-01T11:00:00.000Z', pauseReason: /login refused: check the credentials/ });
  t.match(await run(), { state: 'skipped' });
  t.equal(count(sim, TOKEN), 1, 'one refused login, not one per run');
  t.match(await app.waybill.store.shipments.get('sandbox', 'SBX-DELIVERED-1'), { consecutiveFailures: 0, active: true });
  t.notMatch(logs.join('\n'), /not-the-right-secret/);
});

t.test('every worker meeting a 401 at once still finishes the run (retries take the next slot, not a nested one)', async (t) => {
  const clock = new ManualClock(T0);
  const { sim, register, run } = await startSandboxApp(t, { clock, env: { WAYBILL_COURIER_SANDBOX_CONCURRENCY: '1', WAYBILL_COURIER_SANDBOX_BATCH_SIZE: '5' } });
  await register(...Array.from({ length: 10 }, (_, i) => `SBX-DELIVERED-${i}`));
  sim.server.injectFault({ kind: 'status', status: 401 }, { match: (r) => r.path === TRACK });
  t.match(await run(), { state: 'succeeded', counts: { claimed: 10, updated: 10 } });
});

t.test('a token endpoint answering 429 to a refresh pauses the courier until its resume time; the batch is untouched', async (t) => {
  const clock = new ManualClock(T0);
  const { app, sim, register, run } = await startSandboxApp(t, { clock });
  await register('SBX-DELIVERED-1');
  await run();
  sim.revokeTokens();
  clock.advance(60_000);
  sim.server.injectFault({ kind: 'status', status: 429, headers: { 'Retry-After': '120' } }, { match: (r) => r.path === TOKEN });
  t.match(await run(), { state: 'paused', error: /429/ });
  t.match((await app.inject({ method: 'GET', url: '/v1/couriers/sandbox' })).json(), { paused: true, pausedUntil: '2026-05-01T10:03:00.000Z' });
  t.match(await app.waybill.store.shipments.get('sandbox', 'SBX-DELIVERED-1'), { consecutiveFailures: 0, lastCheckedAt: T0 });
});
