import t from 'tap';
import { ManualClock } from '../../core/clock.js';
import { validateDefinition } from '../../core/courier/definition.js';
import { nextCheckAfterFailure, nextCheckFor } from '../../core/engine/next-check.js';
import { sandboxDeclaration } from '../../plugins/couriers/sandbox/declaration.js';
import { startSandboxApp } from '../helpers/sandbox.js';

const T0 = '2026-05-01T10:00:00.000Z';
const at = (ms: number) => new Date(Date.parse(T0) + ms).toISOString();

t.test('default intervals follow the status: out for delivery often, delivered never', async (t) => {
  const { polling: _demo, ...plain } = sandboxDeclaration;
  const definition = validateDefinition(plain, 'sandbox');
  const now = new Date(T0);
  t.equal(nextCheckFor('out_for_delivery', definition, now)!.toISOString(), at(30 * 60_000));
  t.equal(nextCheckFor('in_transit', definition, now)!.toISOString(), at(2 * 3_600_000));
  t.equal(nextCheckFor('info_received', definition, now)!.toISOString(), at(4 * 3_600_000));
  t.equal(nextCheckFor('delivered', definition, now), null);
  t.equal(nextCheckFor('rto_delivered', definition, now), null);
  const custom = validateDefinition({ ...plain, polling: { intervals: { in_transit: 8 } } }, 'sandbox');
  t.equal(nextCheckFor('in_transit', custom, now)!.toISOString(), at(8 * 60_000), 'a courier may declare its own interval');
  t.same(
    [1, 2, 3, 4, 9, 30].map((n) => (Date.parse(nextCheckAfterFailure(n, definition, now).toISOString()) - now.getTime()) / 60_000),
    [1, 2, 4, 8, 256, 360],
    'failures back off exponentially from one minute, capped at six hours',
  );
});

t.test('in virtual time a shipment is polled when due, backs off on failures and stops when delivered', async (t) => {
  const clock = new ManualClock(T0);
  const { app, sim, register, run } = await startSandboxApp(t, { clock });
  await register('SBX-DELIVERED-1');
  const get = () => app.waybill.store.shipments.get('sandbox', 'SBX-DELIVERED-1');

  t.match(await run(), { counts: { claimed: 1 } });
  t.match(await get(), { status: 'info_received', nextCheckAt: at(6_000) }, 'sandbox declares 0.1 min for moving statuses');
  clock.advance(5_000);
  t.match(await run(), { counts: { claimed: 0 } }, 'not due yet');
  clock.advance(1_000);
  t.match(await run(), { counts: { claimed: 1 } });
  t.match(await get(), { status: 'picked_up' });

  sim.server.injectFault({ kind: 'status', status: 502 }, { match: (r) => r.path === '/v1/tracking/batch', times: 3 });
  const delays: number[] = [];
  for (let i = 0; i < 3; i++) {
    clock.set((await get())!.nextCheckAt!);
    await run();
    delays.push(Date.parse((await get())!.nextCheckAt!) - clock.now().getTime());
  }
  t.same(delays, [5_000, 10_000, 20_000], 'backoff doubles from the declared base');
  t.match(await get(), { consecutiveFailures: 3, status: 'picked_up' });

  for (let i = 0; i < 6; i++) {
    const next = (await get())!.nextCheckAt;
    if (next === null) break;
    clock.set(next);
    await run();
  }
  t.match(await get(), { status: 'delivered', active: false, inactiveReason: 'terminal', nextCheckAt: null, consecutiveFailures: 0, lastError: null });
  clock.advance(86_400_000);
  t.match(await run(), { counts: { claimed: 0 } }, 'delivered is never polled again');
});

t.test('shipments past the maximum tracking age expire and can be re-tracked on request', async (t) => {
  const clock = new ManualClock(T0);
  const { app, register, run } = await startSandboxApp(t, { clock, env: { WAYBILL_COURIER_SANDBOX_MAX_AGE_DAYS: '2' } });
  await register('SBX-NOTFOUND-1');
  await run();
  t.match(await app.waybill.store.shipments.get('sandbox', 'SBX-NOTFOUND-1'), { active: true, lastError: /not found/ });
  clock.advance(2 * 86_400_000 + 1);
  t.match(await run(), { counts: { expired: 1, claimed: 0 } });
  t.match(await app.waybill.store.shipments.get('sandbox', 'SBX-NOTFOUND-1'), { active: false, inactiveReason: 'expired' });
  await register('SBX-NOTFOUND-1');
  t.match(await app.waybill.store.shipments.get('sandbox', 'SBX-NOTFOUND-1'), { active: true, inactiveReason: null });
  t.match(await run(), { counts: { claimed: 1, notFound: 1 } });
});
