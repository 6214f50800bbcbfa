import t from 'tap';
import { ManualClock } from '../../core/clock.js';
import type { CheckNotice, EffectMessage, SideEffect } from '../../core/effects/contract.js';
import { startSandboxApp } from '../helpers/sandbox.js';

const STORIES: Record<string, { status: string; active: boolean; history: string[] }> = {
  // Arriving at the destination hub is a substatus of in_transit: a change of its own in the history.
  'SBX-DELIVERED-100': { status: 'delivered', active: false, history: ['info_received', 'picked_up', 'in_transit', 'in_transit/arrived_at_hub', 'out_for_delivery', 'delivered'] },
  'SBX-RETRY-100': {
    status: 'delivered',
    active: false,
    history: ['info_received', 'picked_up', 'in_transit', 'out_for_delivery', 'delivery_failed', 'out_for_delivery', 'delivered'],
  },
  'SBX-RETURNED-100': {
    status: 'rto_delivered',
    active: false,
    history: ['info_received', 'picked_up', 'in_transit', 'out_for_delivery', 'delivery_failed', 'rto_initiated', 'rto_in_transit', 'rto_delivered'],
  },
  'SBX-LOST-100': { status: 'lost', active: false, history: ['info_received', 'picked_up', 'in_transit', 'lost'] },
  'SBX-CANCELLED-100': { status: 'cancelled', active: false, history: ['info_received', 'cancelled'] },
  'SBX-NOTFOUND-100': { status: 'info_received', active: true, history: ['info_received'] },
  'SBX-ODDITY-100': { status: 'in_transit', active: true, history: ['info_received', 'picked_up', 'in_transit'] },
};

t.test('every sandbox story, registered and driven over HTTP, ends in its canonical status', async (t) => {
  const clock = new ManualClock('2026-05-01T10:00:00.000Z');
  const delivered: EffectMessage[] = [];
  const recorder: SideEffect = { name: 'recorder', runReports: true, deliver: async (m) => void delivered.push(m) };
  const observed: CheckNotice[] = [];
  const { app } = await startSandboxApp(t, { clock, sideEffects: [recorder], observers: [{ name: 'mirror', observe: async (n) => void observed.push(...n) }] });
  const registered = await app.inject({
    method: 'POST',
    url: '/v1/shipments',
    payload: { shipments: Object.keys(STORIES).map((trackingNumber) => ({ courier: 'sandbox', trackingNumber, orderId: `order-${trackingNumber}` })) },
  });
  t.equal(registered.statusCode, 201);

  let lastRun: { state: string; counts: Record<string, number> } | undefined;
  for (let i = 0; i < 10; i++) {
    const started = await app.inject({ method: 'POST', url: '/v1/couriers/sandbox/runs' });
    t.equal(started.statusCode, 202);
    do {
      await new Promise((r) => setTimeout(r, 10));
      lastRun = (await app.inject({ method: 'GET', url: `/v1/runs/${started.json().runId}` })).json();
    } while (lastRun!.state === 'running');
    t.equal(lastRun!.state, 'succeeded');
    clock.advance(6_000);
  }

  for (const [trackingNumber, expected] of Object.entries(STORIES)) {
    const res = await app.inject({ method: 'GET', url: `/v1/shipments/sandbox/${trackingNumber}` });
    const body = res.json();
    t.equal(body.status, expected.status, `${trackingNumber} status`);
    t.equal(body.active, expected.active, `${trackingNumber} active`);
    const history = body.history.map((h: { status: string; substatus: string | null }) => (h.substatus ? `${h.status}/${h.substatus}` : h.status));
    t.same(history, expected.history, `${trackingNumber} history has no consecutive duplicates`);
    t.ok(Object.keys(body.statusFirstSeen).length === new Set(expected.history.map((h) => h.split('/')[0])).size, `${trackingNumber} first-seen per status`);
  }
  const oddity = (await app.inject({ method: 'GET', url: '/v1/shipments/sandbox/SBX-ODDITY-100' })).json();
  t.equal(oddity.rawStatus, 'IN_TRANSIT');
  t.ok(oddity.events.some((e: { status: string; canonicalStatus: string | null }) => e.status === 'WEATHER_DELAY' && e.canonicalStatus === null), 'the unmapped status is kept as an event, with no canonical reading');
  const notFound = (await app.inject({ method: 'GET', url: '/v1/shipments/sandbox/SBX-NOTFOUND-100' })).json();
  t.match(notFound.lastError, /not found: No shipment with this tracking number/);

  const runs = (await app.inject({ method: 'GET', url: '/v1/runs?courier=sandbox&limit=20' })).json().runs as { id: string; counts: { unmapped: number }; unmappedStatuses: string[] }[];
  t.equal(runs.reduce((n, r) => n + r.counts.unmapped, 0), 1, 'the unmapped status was counted once');
  const met = runs.find((r) => r.counts.unmapped > 0)!;
  t.same(met.unmappedStatuses, ['WEATHER_DELAY'], 'the run names it');
  t.same((await app.inject({ method: 'GET', url: `/v1/runs/${met.id}` })).json().unmappedStatuses, ['WEATHER_DELAY'], 'and so does GET /v1/runs/:id');
  t.ok(runs.filter((r) => r.counts.unmapped === 0).every((r) => r.unmappedStatuses.length === 0), 'the other runs name none');

  await app.waybill.outbox.drain();
  await app.waybill.outbox.drain();
  const changes = delivered.filter((m) => m.type === 'shipment.status_changed');
  const statusChanges = (history: string[]) => history.map((h) => h.split('/')[0]).filter((status, i, all) => i > 0 && status !== all[i - 1]).length;
  const expectedChanges = Object.values(STORIES).reduce((n, s) => n + statusChanges(s.history), 0);
  t.equal(changes.length, expectedChanges, 'one side-effect delivery per status change, none twice (substatus changes are only for effects that ask)');
  t.ok(delivered.some((m) => m.type === 'run.finished' && m.unmappedStatuses.includes('WEATHER_DELAY')), 'the run report names the unmapped status');
  t.ok(observed.length >= Object.keys(STORIES).length, 'observers saw the checks');
  t.same(await app.waybill.store.outbox.counts(), { pending: 0, delivered: changes.length + 10, dead: 0 });
});
