import t from 'tap';
import { ManualClock } from '../../core/clock.js';
import { startSandboxApp } from '../helpers/sandbox.js';
import { applyCheck } from '../store/writes.js';

const T0 = '2026-05-01T10:00:00.000Z';
const isTrack = (r: { path: string }) => r.path === '/v1/tracking/batch';

/** One sandbox answer for one number, as the sandbox API writes it. */
function answer(trackingNumber: string, status: string, at: string): string {
  const event = { status, status_detail: status, occurred_at: at, location: 'Pune Hub' };
  return JSON.stringify({ results: [{ tracking_number: trackingNumber, ...event, events: [event] }], errors: [] });
}

t.test('a late courier report never regresses a terminal status; the event is still recorded', async (t) => {
  const clock = new ManualClock(T0);
  const { app, sim, register, run } = await startSandboxApp(t, { clock });
  await register('SBX-LOST-1');
  sim.server.injectFault({ kind: 'status', status: 200, body: answer('SBX-LOST-1', 'LOST', '2026-05-01T09:00:00.000Z') }, { match: isTrack });
  await run();
  sim.server.injectFault({ kind: 'status', status: 200, body: answer('SBX-LOST-1', 'IN_TRANSIT', '2026-05-01T09:30:00.000Z') }, { match: isTrack });
  clock.advance(60_000);
  const live = (await app.inject({ method: 'GET', url: '/v1/shipments/sandbox/SBX-LOST-1?refresh=true' })).json();
  t.match(live, { source: 'live', status: 'lost', rawStatus: 'LOST', active: false }, 'still lost, and the raw status still explains it');
  t.same(
    live.events.map((e: { status: string }) => e.status),
    ['LOST', 'IN_TRANSIT'],
    'the late scan is kept in the events',
  );
  t.same(live.history.map((h: { status: string }) => h.status), ['info_received', 'lost'], 'no regression in the history');
});

t.test('an out-of-order report from an earlier phase does not undo the return leg', async (t) => {
  const clock = new ManualClock(T0);
  const { app, sim, register, run } = await startSandboxApp(t, { clock });
  await register('SBX-RETURNED-1');
  sim.server.injectFault({ kind: 'status', status: 200, body: answer('SBX-RETURNED-1', 'RETURN_IN_TRANSIT', '2026-05-01T09:00:00.000Z') }, { match: isTrack });
  await run();
  sim.server.injectFault({ kind: 'status', status: 200, body: answer('SBX-RETURNED-1', 'OUT_FOR_DELIVERY', '2026-05-01T09:40:00.000Z') }, { match: isTrack });
  clock.advance(60_000);
  const live = (await app.inject({ method: 'GET', url: '/v1/shipments/sandbox/SBX-RETURNED-1?refresh=true' })).json();
  t.match(live, { status: 'rto_in_transit', rawStatus: 'RETURN_IN_TRANSIT', active: true });
});

t.test('a manual update fences out a check in flight: the stale courier result is not written over it', async (t) => {
  const clock = new ManualClock(T0);
  const { app, register } = await startSandboxApp(t, { clock });
  await register('SBX-DELIVERED-1');
  const { store } = app.waybill;
  const [claim] = await store.shipments.claimDue('sandbox', { owner: 'engine-a', now: clock.now(), limit: 1, leaseMs: 60_000 });
  const manual = await app.inject({
    method: 'PUT',
    url: '/v1/shipments/sandbox/SBX-DELIVERED-1/status',
    payload: { status: 'delivered', updatedBy: 'ops@shop.example', notes: 'customer confirmed' },
  });
  t.equal(manual.statusCode, 200);
  const stale = await applyCheck(
    store,
    claim!.shipment.id,
    claim!.lease,
    {
      checkedAt: clock.now(),
      nextCheckAt: clock.now(),
      consecutiveFailures: 0,
      lastError: null,
      active: true,
      inactiveReason: null,
      rawStatus: 'IN_TRANSIT',
      events: [{ at: '2026-05-01T09:59:00.000Z', status: 'IN_TRANSIT', canonicalStatus: 'in_transit', substatus: null }],
      transition: { status: 'in_transit', substatus: null, rawStatus: 'IN_TRANSIT', at: new Date('2026-05-01T09:59:00.000Z') },
    },
    clock.now(),
  );
  t.same(stale, { written: false, reason: 'lease_lost' }, 'the check judged on the state before the manual update is rejected');
  t.match(await store.shipments.get('sandbox', 'SBX-DELIVERED-1'), { status: 'delivered', active: false });
  t.same((await store.shipments.history(claim!.shipment.id)).map((h) => [h.status, h.source]), [['info_received', 'registration'], ['delivered', 'manual']]);
});
