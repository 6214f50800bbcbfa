import t from 'tap';
import { ManualClock } from '../../core/clock.js';
import { defineCourier } from '../../core/courier/plugin.js';
import { startCourierHarness } from '../../core/testing/harness.js';
import sandbox, { SandboxSimulator } from '../../plugins/couriers/sandbox/index.js';
import { SANDBOX_SECRET, startSandboxApp } from '../helpers/sandbox.js';

const T0 = '2026-05-01T22:00:00.000Z';
const MIDNIGHT = '2026-05-02T00:00:00.000Z';

t.test('a used-up daily budget closes the courier for runs and live checks until midnight UTC', async (t) => {
  const clock = new ManualClock(T0);
  const { app, sim, register, run } = await startSandboxApp(t, { clock, env: { WAYBILL_COURIER_SANDBOX_DAILY_BUDGET: '2', WAYBILL_COURIER_SANDBOX_CONCURRENCY: '1' } });
  await register(...Array.from({ length: 45 }, (_, i) => `SBX-DELIVERED-${i + 1}`));
  const first = await run();
  t.match(first, { state: 'paused', pausedUntil: MIDNIGHT, error: /courier paused: daily budget of 2 requests used; paused until 2026-05-02T00:00:00.000Z/, counts: { requests: 2, claimed: 20 } }, 'the token and one batch, then closed');
  t.equal(sim.server.requests.length, 2, 'not one request over the budget');

  const live = (await app.inject({ url: '/v1/shipments/sandbox/SBX-DELIVERED-40?refresh=true' })).json();
  t.match(live, { source: 'cache', liveError: /courier paused: daily budget of 2 requests used/ }, 'a live check asks the same gate');
  const skipped = await run();
  t.match(skipped, { state: 'skipped', pausedUntil: MIDNIGHT }, 'a run started meanwhile is skipped with the time');
  t.match((await app.inject({ url: '/v1/couriers/sandbox' })).json(), { paused: true, pausedUntil: MIDNIGHT });

  clock.set('2026-05-02T00:00:01.000Z');
  t.match(await run(), { state: 'paused', counts: { requests: 2, claimed: 20 } }, 'a new day, a new budget: two more requests');
  t.same(sim.server.requests.map((r) => r.path), ['/oauth/token', '/v1/tracking/batch', '/oauth/token', '/v1/tracking/batch'], 'the token had expired overnight');
});

t.test('a push-only courier is never polled: no run, no live check, no cron job', async (t) => {
  const pushOnly = defineCourier({ ...sandbox.declaration, mode: 'push' }, sandbox.adapter);
  const h = await startCourierHarness(t, {
    plugin: pushOnly,
    simulator: () => SandboxSimulator.start({ clientId: 'sandbox-client', clientSecret: SANDBOX_SECRET }),
    credentials: { client_id: 'sandbox-client', client_secret: SANDBOX_SECRET, webhook_secret: 'push-secret-0123456789' },
  });
  await h.register(['SBX-DELIVERED-1']);
  t.same(await h.app.waybill.engine.startRun('sandbox', 'manual'), { kind: 'unavailable', reason: 'courier sandbox is not polled: its updates arrive by webhook (mode push)' });
  const started = await h.app.inject({ method: 'POST', url: '/v1/couriers/sandbox/runs' });
  t.equal(started.statusCode, 409);
  t.match((await h.app.inject({ url: '/v1/shipments/sandbox/SBX-DELIVERED-1?refresh=true' })).json(), { source: 'cache', liveError: /arrive by webhook/ });
  t.same(h.sim.server.requests, [], 'the courier was never called');
  t.match((await h.app.inject({ url: '/v1/couriers/sandbox' })).json(), { mode: 'push', enabled: true, polled: false, webhooks: true });
});
