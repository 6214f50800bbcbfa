import { readFileSync } from 'node:fs';
import t from 'tap';
import { NO_CHANGE, normalizeStatus, StatusMapper } from 'waybill';
import { NOT_FOUND_ENTRIES } from './simulator.js';
import { DOCUMENTED_STATUSES, VELOCITY_STATUSES } from './statuses.js';
import { awbs, inTransit, isTrackRequest, startVelocity } from './testing.js';

/** What each raw status must mean, written independently of statuses.ts: [canonical, substatus]. */
const EXPECTED: Record<string, [string, string?]> = {
  pending: ['info_received'], rejected: ['cancelled', 'rejected'], processing: [NO_CHANGE],
  ready_for_pickup: ['pending_pickup'], pickup_scheduled: ['pending_pickup'], not_picked: ['cancelled', 'not_picked'],
  in_transit: ['in_transit'], out_for_delivery: ['out_for_delivery'], delivered: ['delivered'],
  ndr_raised: ['delivery_failed'], need_attention: ['exception', 'need_attention'],
  reattempt_delivery: ['delivery_failed', 'reattempt_scheduled'], cancelled: ['cancelled'], lost: ['lost'],
  externally_fulfilled: [NO_CHANGE],
  rto_initiated: ['rto_initiated'], rto_cancelled: ['in_transit', 'rto_cancelled'], rto_in_transit: ['rto_in_transit'],
  rto_need_attention: ['rto_in_transit', 'need_attention'], rto_delivered: ['rto_delivered'], rto_lost: ['lost', 'rto_lost'],
  return_rejected: ['cancelled', 'customer_return'], return_pickup_scheduled: ['pending_pickup', 'customer_return'],
  return_not_picked: ['cancelled', 'customer_return'], return_in_transit: ['in_transit', 'customer_return'],
  return_delivered: ['delivered', 'customer_return'], return_cancelled: ['cancelled', 'customer_return'],
  return_ndr_raised: ['delivery_failed', 'customer_return'], return_need_attention: ['exception', 'customer_return'],
  return_qc_failed: ['exception', 'customer_return'], return_lost: ['lost', 'customer_return'],
  CANCELLED: ['cancelled'], NOT_PICKED: ['cancelled', 'not_picked'], IN_TRANSIT: ['in_transit'], SHIPPED: ['in_transit'],
  PICKED_UP: ['in_transit'], MANIFEST_UPLOADED: [NO_CHANGE], OUT_FOR_DELIVERY: ['out_for_delivery'], DELIVERED: ['delivered'],
  RTO: ['rto_initiated'], RTO_INITIATED: ['rto_initiated'], RTO_IN_TRANSIT: ['rto_in_transit'], RETURN_TO_ORIGIN: ['rto_in_transit'],
  NDR: ['delivery_failed'], UNDELIVERED: ['delivery_failed'], FAILED_ATTEMPT: ['delivery_failed'], 'OUT FOR PICKUP': ['pending_pickup', 'out_for_pickup'], LOST: ['lost'], MISSING: ['lost'],
  DAMAGED: ['destroyed', 'damaged'], DESTROYED: ['destroyed'],
};

t.test('the table maps every documented and seed status as expected, and nothing else', async (t) => {
  const mapper = new StatusMapper('velocity', VELOCITY_STATUSES);
  const ctx = { now: new Date(), fields: {} };
  t.equal(DOCUMENTED_STATUSES.length, Object.keys(EXPECTED).length, 'every documented status has an expectation');
  for (const { status } of DOCUMENTED_STATUSES) {
    const [to, substatus] = EXPECTED[status] ?? ['(missing expectation)'];
    const want = to === NO_CHANGE ? { kind: 'no_change' } : { kind: 'mapped', status: to, substatus };
    t.same(mapper.map(status, ctx), want, `${status} → ${to}${substatus ? ` (${substatus})` : ''}`);
  }
  const documented = new Set(DOCUMENTED_STATUSES.map((s) => normalizeStatus(s.status)));
  for (const row of VELOCITY_STATUSES) t.ok(documented.has(normalizeStatus(row.status)), `row ${row.status} is a documented status`);
});

t.test('every status through the real engine and store: one batch, stored raw and canonical', async (t) => {
  const kit = await startVelocity(t);
  const unique = [...new Map(DOCUMENTED_STATUSES.map((s) => [normalizeStatus(s.status), s.status])).values()];
  const numbers = unique.map((_, i) => `VST${i}`);
  unique.forEach((status, i) => kit.sim.setShipment(numbers[i]!, { shipmentStatus: status, activities: [{ date: '2026-03-01 09:00:00', activity: status }] }));
  await kit.register(numbers);
  const run = await kit.run();
  t.equal(run.state, 'succeeded');
  t.equal(run.counts.unmapped, 0);
  t.equal(kit.sim.trackingRequests().length, 1, `${unique.length} statuses fit one batch`);
  for (const [i, status] of unique.entries()) {
    const [to, substatus] = EXPECTED[status]!;
    const stored = await kit.shipment(numbers[i]!);
    t.equal(stored.status, to === NO_CHANGE ? 'info_received' : to, `${status}: canonical`);
    if (to !== NO_CHANGE) t.equal(stored.substatus, substatus ?? null, `${status}: substatus`);
    t.equal(stored.rawStatus, status, `${status}: raw status kept`);
  }
  const external = await kit.shipment(numbers[unique.indexOf('externally_fulfilled')]!);
  t.equal(external.active, false, 'externally fulfilled: tracking stops');
  t.equal(external.inactiveReason, 'stopped');
});

t.test('the documented sample response: status, IST scan times, raw Authorization, request body', async (t) => {
  const kit = await startVelocity(t);
  const fixture = JSON.parse(readFileSync(new URL('./fixtures/order-tracking.json', import.meta.url), 'utf8'));
  kit.sim.setEntry('PD6786164', fixture.response.body.result.PD6786164);
  await kit.register(['PD6786164']);
  t.equal((await kit.run()).state, 'succeeded');
  const stored = await kit.shipment('PD6786164');
  t.equal(stored.status, 'delivered');
  t.equal(stored.lastEventAt, '2025-07-30T12:09:29.000Z', '17:39:29 IST');
  t.equal(stored.location, 'Bengaluru');
  const events = await kit.app.waybill.store.shipments.events(stored.id);
  t.same(events.map((e) => [e.at, e.status]).sort(), [
    ['2025-07-30T10:50:30.000Z', 'OUT FOR PICKUP'],
    ['2025-07-30T10:50:31.000Z', 'PICKED UP'],
    ['2025-07-30T12:08:18.000Z', 'OUT FOR DELIVERY'],
    ['2025-07-30T12:09:29.000Z', 'DELIVERED'],
  ]);
  const [login] = kit.sim.loginRequests();
  t.same(login?.body, { username: '+919866340090', password: 'velocity-test-password' });
  const [track] = kit.sim.trackingRequests();
  t.same(track?.body, { awbs: ['PD6786164'] });
  t.match(track?.headers.authorization, /^[A-Za-z0-9_-]{22}$/, 'the token alone, no "Bearer"');
});

t.test('the response is keyed by AWB: every missing-AWB shape is "not found", none is dropped', async (t) => {
  const kit = await startVelocity(t);
  kit.sim.setShipment('VFOUND', { shipmentStatus: 'in_transit' });
  kit.sim.setEntry('VZERO', NOT_FOUND_ENTRIES.trackStatusZero);
  kit.sim.setEntry('VERROR', NOT_FOUND_ENTRIES.errorString);
  kit.sim.setEntry('VSTRING', 'Invalid AWB');
  kit.sim.setEntry('VBESIDE', { error: 'AWB does not belong to this account' });
  const numbers = ['VFOUND', 'VABSENT', 'VZERO', 'VERROR', 'VSTRING', 'VBESIDE'];
  await kit.register(numbers);
  const run = await kit.run();
  t.equal(run.counts.claimed, 6);
  t.equal(run.counts.updated, 1);
  t.equal(run.counts.notFound, 5);
  t.equal((await kit.shipment('VFOUND')).status, 'in_transit');
  const reasons: Record<string, RegExp> = {
    VABSENT: /no entry for this AWB/,
    VZERO: /track_status 0/,
    VERROR: /No tracking details found/,
    VSTRING: /Invalid AWB/,
    VBESIDE: /does not belong/,
  };
  for (const [awb, reason] of Object.entries(reasons)) {
    const stored = await kit.shipment(awb);
    t.match(stored.lastError, reason, `${awb}: ${stored.lastError}`);
    t.ok(stored.active, `${awb} stays tracked`);
    t.equal(stored.status, 'info_received');
  }
});

t.test('status comes from shipment_status, falling back to shipment_track[0].current_status', async (t) => {
  const kit = await startVelocity(t);
  kit.sim.setShipment('VNULL', { shipmentStatus: null, currentStatus: 'out_for_delivery' });
  kit.sim.setShipment('VEMPTY', { shipmentStatus: '', currentStatus: 'DELIVERED' });
  kit.sim.setShipment('VBOTH', { shipmentStatus: 'in_transit', currentStatus: 'delivered' });
  await kit.register(['VNULL', 'VEMPTY', 'VBOTH']);
  await kit.run();
  t.equal((await kit.shipment('VNULL')).status, 'out_for_delivery');
  t.equal((await kit.shipment('VEMPTY')).status, 'delivered');
  t.equal((await kit.shipment('VBOTH')).status, 'in_transit', 'shipment_status wins when both are present');
});

t.test('46 shipments → a batch of 45 and a batch of 1; one result each', async (t) => {
  const kit = await startVelocity(t);
  const numbers = awbs('VB', 46);
  inTransit(kit.sim, numbers);
  await kit.register(numbers);
  const run = await kit.run();
  const sizes = kit.sim.trackingRequests().map((r) => (r.body as { awbs: string[] }).awbs.length);
  t.same(sizes.sort((a, b) => a - b), [1, 45]);
  t.equal(run.counts.claimed, 46);
  t.equal(run.counts.updated, 46);
});

t.test('the simulator refuses more than 50 AWBs; a batch size above 50 is refused at start', async (t) => {
  const kit = await startVelocity(t);
  const token = await kit.foreignLogin();
  const tooMany = await fetch(`${kit.sim.url}/custom/api/v1/order-tracking`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: token },
    body: JSON.stringify({ awbs: awbs('X', 51) }),
  });
  t.equal(tooMany.status, 400);
  await t.rejects(startVelocity(t, { options: { batch_size: '51' } }), /WAYBILL_COURIER_VELOCITY_BATCH_SIZE: 51 is more than .* accepts in one request \(50\)/);
});

t.test('a 4xx for a batch (here 422) is asked again in halves: the AWBs are answered, none is retired', async (t) => {
  const kit = await startVelocity(t);
  inTransit(kit.sim, ['V422A', 'V422B']);
  kit.sim.server.injectFault({ kind: 'status', status: 422, body: JSON.stringify({ error: 'Waybill operation failed' }) }, { match: isTrackRequest });
  await kit.register(['V422A', 'V422B']);
  const run = await kit.run();
  t.same(kit.sim.trackingRequests().map((r) => (r.body as { awbs: string[] }).awbs.length), [2, 1, 1]);
  t.match(run.counts, { claimed: 2, updated: 2, failed: 0 });
  for (const awb of ['V422A', 'V422B']) t.match(await kit.shipment(awb), { active: true, status: 'in_transit', consecutiveFailures: 0 }, `${awb} answered on its own`);
});

t.test('a 4xx for a batch of one AWB marks that AWB failed', async (t) => {
  const kit = await startVelocity(t);
  kit.sim.server.injectFault({ kind: 'status', status: 422, body: JSON.stringify({ error: 'AWB does not belong to this account' }) }, { match: isTrackRequest });
  await kit.register(['V422C']);
  t.match((await kit.run()).counts, { claimed: 1, failed: 1 });
  t.match(await kit.shipment('V422C'), { active: false, inactiveReason: 'failed', lastError: /answered 422: .*does not belong/ });
});
