import { join } from 'node:path';
import t from 'tap';
import { ManualClock } from '../../core/clock.js';
import { SqliteStore } from '../../core/store/sqlite/store.js';
import { tempDir } from '../helpers/app.js';
import { askedNumbers, startSandboxApp } from '../helpers/sandbox.js';
import { applyCheck } from '../store/writes.js';

t.test('two engines on one store never poll the same shipment in the same window', async (t) => {
  const path = join(tempDir(t), 'shared.db');
  const first = await startSandboxApp(t, {
    store: new SqliteStore(path),
    instanceId: 'instance-a',
    env: { WAYBILL_COURIER_SANDBOX_BATCH_SIZE: '5', WAYBILL_COURIER_SANDBOX_CONCURRENCY: '2' },
  });
  const second = await startSandboxApp(t, {
    store: new SqliteStore(path),
    instanceId: 'instance-b',
    simulator: first.sim,
    env: { WAYBILL_COURIER_SANDBOX_BATCH_SIZE: '5', WAYBILL_COURIER_SANDBOX_CONCURRENCY: '2' },
  });
  const numbers = Array.from({ length: 120 }, (_, i) => `SBX-DELIVERED-${i}`);
  await first.register(...numbers);
  const [a, b] = await Promise.all([first.run(), second.run()]);
  const asked = askedNumbers(first.sim);
  t.equal(asked.length, 120, 'every shipment asked about once');
  t.equal(new Set(asked).size, 120, 'none asked about twice');
  t.equal(a.counts.claimed + b.counts.claimed, 120);
  t.ok(a.counts.claimed > 0 && b.counts.claimed > 0, `both instances did work (${a.counts.claimed} + ${b.counts.claimed})`);
});

t.test('a crashed instance’s shipments are reclaimed once its lease (60 s) has passed', async (t) => {
  const clock = new ManualClock('2026-05-01T10:00:00.000Z');
  const { app, register, run } = await startSandboxApp(t, { clock });
  await register('SBX-DELIVERED-1', 'SBX-DELIVERED-2');
  const crashed = await app.waybill.store.shipments.claimDue('sandbox', { owner: 'crashed-instance', now: clock.now(), limit: 10, leaseMs: 60_000 });
  t.equal(crashed.length, 2);
  clock.advance(30_000);
  t.match(await run(), { counts: { claimed: 0 } }, 'still leased to the crashed instance');
  clock.advance(30_001);
  t.match(await run(), { counts: { claimed: 2, updated: 2 } }, 'reclaimed after 60 s');
  const late = await applyCheck(
    app.waybill.store,
    crashed[0]!.shipment.id,
    crashed[0]!.lease,
    { checkedAt: clock.now(), nextCheckAt: clock.now(), consecutiveFailures: 0, lastError: null, active: true, inactiveReason: null, events: [] },
    clock.now(),
  );
  t.same(late, { written: false, reason: 'lease_lost' }, 'a late write from the crashed instance is rejected');
});

t.test('runs of one courier never overlap', async (t) => {
  const { app, sim, register } = await startSandboxApp(t);
  await register('SBX-DELIVERED-1');
  sim.server.injectFault({ kind: 'timeout' }, { match: (r) => r.path === '/v1/tracking/batch' });
  const first = await app.waybill.engine.startRun('sandbox', 'manual');
  t.equal(first.kind, 'started');
  const second = await app.waybill.engine.startRun('sandbox', 'schedule');
  t.same(second, { kind: 'in_progress', runId: first.kind === 'started' ? first.run.id : '' });
  const viaHttp = await app.inject({ method: 'POST', url: '/v1/couriers/sandbox/runs' });
  t.equal(viaHttp.statusCode, 409);
  t.match(viaHttp.json(), { message: /in progress/, runId: first.kind === 'started' ? first.run.id : '' });
  if (first.kind === 'started') t.match(await first.done, { state: 'succeeded', counts: { failed: 1 } });
  const third = await app.inject({ method: 'POST', url: '/v1/couriers/sandbox/runs' });
  t.equal(third.statusCode, 202, 'a new run may start once the first one ended');
});

t.test('two triggers in the same tick start one run; the other is told which run is in progress', async (t) => {
  const { app, register } = await startSandboxApp(t);
  await register('SBX-DELIVERED-1');
  const [a, b] = await Promise.all([app.waybill.engine.startRun('sandbox', 'manual'), app.waybill.engine.startRun('sandbox', 'schedule')]);
  t.equal(a.kind, 'started');
  t.same(b, { kind: 'in_progress', runId: a.kind === 'started' ? a.run.id : '' });
  if (a.kind === 'started') await a.done;
  const [x, y] = await Promise.all([
    app.inject({ method: 'POST', url: '/v1/couriers/sandbox/runs' }),
    app.inject({ method: 'POST', url: '/v1/couriers/sandbox/runs' }),
  ]);
  t.same([x.statusCode, y.statusCode].sort(), [202, 409], 'two HTTP triggers at once: one 202, one 409');
  const { runs } = (await app.inject({ method: 'GET', url: '/v1/runs?courier=sandbox' })).json() as { runs: unknown[] };
  t.equal(runs.length, 2, 'two runs in all, never two at once');
});
