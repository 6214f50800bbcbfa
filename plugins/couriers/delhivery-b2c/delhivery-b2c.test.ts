import t from 'tap';
import { readFixture, replayFixture } from 'waybill/testing';
import { IST } from '../../shared/ist.js';
import type { B2cShipmentScript } from './simulator.js';
import { LIFECYCLE_EXPECTED } from '../../shared/delhivery/expected-mappings.js';
import { TRACK_PATH } from './adapter.js';
import { DOCUMENTED_STATUSES } from './index.js';
import { TOKEN, startB2c } from './testing.js';

/** B2C's own rule for UD + Pending: with no PickUpDate the package is still waiting for pickup. */
const EXPECTED = new Map([...LIFECYCLE_EXPECTED, ['UD|Pending', 'pending_pickup']]);

/** The documented StatusType + Status pairs; the closed statuses without a documented type are in delhivery-b2c-statuses.test.ts. */
const TYPED = DOCUMENTED_STATUSES.flatMap((d) => (d.type === undefined ? [] : [{ type: d.type, status: d.status }]));

t.test('every documented StatusType + Status maps as expected through the engine and store', async (t) => {
  t.same(TYPED.map((d) => `${d.type}|${d.status}`).sort(), [...EXPECTED.keys()].sort(), 'the expectations cover exactly the documented pairs');
  const { sim, register, run, view } = await startB2c(t);
  const awbs = TYPED.map((_, i) => `1000${i}`);
  TYPED.forEach((d, i) => sim.setShipment(awbs[i]!, { status: d.status, statusType: d.type, pickUpDate: null }));
  await register(awbs.map((trackingNumber) => ({ trackingNumber })));
  const result = await run();
  t.equal(result.counts.unmapped, 0, 'no documented status is unmapped');
  for (const [i, d] of TYPED.entries()) {
    const s = await view(awbs[i]!);
    const expected = EXPECTED.get(`${d.type}|${d.status}`);
    t.equal(s.status, expected ?? 'info_received', `${d.type} ${d.status} → ${expected ?? 'no change'}`);
    t.equal(s.rawStatus, `${d.type}-${d.status}`, `raw status stored as ${d.type}-${d.status}`);
  }
});

t.test('a batch size above the 50 waybills per request is refused at start, naming the variable', async (t) => {
  await t.rejects(
    startB2c(t, { env: { WAYBILL_COURIER_DELHIVERY_B2C_BATCH_SIZE: '51' } }),
    /WAYBILL_COURIER_DELHIVERY_B2C_BATCH_SIZE: 51 is more than .* accepts in one request \(50\)/,
  );
});

t.test('an undocumented status is kept raw and counted as unmapped, the canonical status unchanged', async (t) => {
  const { sim, register, run, view } = await startB2c(t);
  sim.setShipment('20001', { status: 'Held At Customs', statusType: 'UD' });
  await register([{ trackingNumber: '20001' }]);
  const result = await run();
  t.equal(result.counts.unmapped, 1);
  const s = await view('20001');
  t.equal(s.status, 'info_received');
  t.equal(s.rawStatus, 'UD-Held At Customs');
});

t.test('direction: the same "In Transit" is forward under UD and the return leg under RT', async (t) => {
  const { sim, register, run, view, later } = await startB2c(t);
  sim.setShipment('30001', { status: 'In Transit', statusType: 'UD', statusDateTime: '2026-03-10T08:00:00' });
  sim.setShipment('30002', { status: 'In Transit', statusType: 'RT', statusDateTime: '2026-03-10T08:00:00' });
  await register([{ trackingNumber: '30001' }, { trackingNumber: '30002' }]);
  await run();
  t.equal((await view('30001')).status, 'in_transit');
  t.equal((await view('30001')).rawStatus, 'UD-In Transit');
  t.equal((await view('30002')).status, 'rto_in_transit');
  t.equal((await view('30002')).rawStatus, 'RT-In Transit');
  // The forward shipment turns back: RT In Transit now means the return leg.
  sim.setShipment('30001', { status: 'In Transit', statusType: 'RT', statusDateTime: '2026-03-10T11:00:00' });
  later();
  await run();
  const s = await view('30001');
  t.equal(s.status, 'rto_in_transit');
  t.same(s.history.map((h: { status: string }) => h.status), ['info_received', 'in_transit', 'rto_in_transit']);
});

t.test('UD + Pending: pending_pickup until the PickUpDate is an earlier IST day, then in_transit', async (t) => {
  const { clock, sim, register, run, view, later } = await startB2c(t);
  // 00:30 IST on 10 March is still 9 March in UTC: the rule must count days in IST.
  clock.set('2026-03-09T19:00:00Z');
  sim.setShipment('40001', { status: 'Pending', statusType: 'UD', pickUpDate: '2026-03-09T23:00:00', statusDateTime: '2026-03-10T00:20:00' });
  sim.setShipment('40002', { status: 'Pending', statusType: 'UD', pickUpDate: '2026-03-10T00:10:00', statusDateTime: '2026-03-10T00:20:00' });
  sim.setShipment('40003', { status: 'Pending', statusType: 'UD', pickUpDate: null, statusDateTime: '2026-03-10T00:20:00' });
  await register([{ trackingNumber: '40001' }, { trackingNumber: '40002' }, { trackingNumber: '40003' }]);
  await run();
  t.equal((await view('40001')).status, 'in_transit', 'picked up yesterday (IST) → in transit');
  t.equal((await view('40002')).status, 'pending_pickup', 'picked up today (IST) → still pending pickup');
  t.equal((await view('40003')).status, 'pending_pickup', 'no PickUpDate → pending pickup');
  // A day later the same answer for 40002 means it was picked up before today.
  later(24);
  await run();
  t.equal((await view('40002')).status, 'in_transit', 'next IST day → in transit');
  t.equal((await view('40003')).status, 'pending_pickup');
});

t.test('reference matching: exact, every rebooking suffix in any case, and mismatches rejected', async (t) => {
  const { sim, register, run, view } = await startB2c(t);
  const refs = ['ORD-7', 'ORD-7-C', 'ord-7-c1', 'ORD-7-C2', 'ORD-7-k', 'ORD-7-K', 'ORD-7-r', 'ORD-7-R', 'ord-7-R'];
  refs.forEach((ref, i) => sim.setShipment(`5000${i}`, { status: 'In Transit', statusType: 'UD', referenceNo: ref }));
  sim.setShipment('59999', { status: 'In Transit', statusType: 'UD', referenceNo: 'ORD-8' });
  sim.setShipment('59998', { status: 'In Transit', statusType: 'UD', referenceNo: 'ORD-7-X' });
  await register([
    ...refs.map((_, i) => ({ trackingNumber: `5000${i}`, orderId: 'ORD-7' })),
    { trackingNumber: '59999', orderId: 'ORD-7' },
    { trackingNumber: '59998', orderId: 'ORD-7' },
  ]);
  const result = await run();
  for (const [i, ref] of refs.entries()) t.equal((await view(`5000${i}`)).status, 'in_transit', `reference ${ref} matches order ORD-7`);
  t.equal(result.counts.referenceMismatch, 2, 'two mismatches counted in the run');
  for (const tn of ['59999', '59998']) {
    const s = await view(tn);
    t.equal(s.status, 'info_received', `${tn} is not updated`);
    t.equal(s.rawStatus, null);
    t.match(s.lastError, /reference mismatch/);
  }
});

t.test('first-seen timestamps are kept and history has no consecutive duplicates', async (t) => {
  const { sim, register, run, view, later } = await startB2c(t);
  sim.setShipment('60001', { status: 'In Transit', statusType: 'UD', statusDateTime: '2026-03-10T09:25:10.124' });
  await register([{ trackingNumber: '60001' }]);
  await run();
  later();
  sim.setShipment('60001', { status: 'In Transit', statusType: 'UD', statusDateTime: '2026-03-10T13:00:00' });
  await run();
  later();
  sim.setShipment('60001', { status: 'Dispatched', statusType: 'UD', statusDateTime: '2026-03-10T17:40:00' });
  await run();
  const s = await view('60001');
  t.equal(s.statusFirstSeen.in_transit, '2026-03-10T03:55:10.124Z', 'first in-transit time (IST read as +05:30) kept');
  t.equal(s.statusFirstSeen.out_for_delivery, '2026-03-10T12:10:00.000Z');
  t.same(s.history.map((h: { status: string }) => h.status), ['info_received', 'in_transit', 'out_for_delivery']);
  t.equal(s.events.length, 3, 'each distinct scan stored once');
});

t.test('fixture replay: a live-shaped response (failed attempt, UD Pending) parses completely', async (t) => {
  const fixture = readFixture(new URL('./fixtures/', import.meta.url), 'track-ndr-pending.json');
  const { sim, register, run, view } = await startB2c(t);
  await register([{ trackingNumber: '90000000000001', orderId: 'SHOP-1001' }]);
  replayFixture(sim.server, fixture, (r) => r.path === TRACK_PATH);
  await run();
  t.same(sim.trackRequests[0]!.query, fixture.request.query, 'request as documented');
  t.equal(sim.trackRequests[0]!.headers.authorization, `Token ${TOKEN}`);
  const s = await view('90000000000001');
  t.equal(s.status, 'delivery_failed', 'UD Pending with NSL EOD-11 after a dispatch is a failed attempt, not transit');
  t.equal(s.substatus, 'consignee_unavailable', 'with its reason');
  t.equal(s.rawStatus, 'UD-Pending');
  t.equal(s.location, 'Mumbai_Andheri_D (Maharashtra)');
  t.equal(s.eta, '2026-03-12T23:59:59+05:30');
  t.equal(s.events.length, 5);
  t.match(s.events.at(-1), { status: 'Pending', statusType: 'UD', code: 'EOD-11', description: 'Consignee Unavailable', at: '2026-03-09T15:57:29.002Z', canonicalStatus: 'delivery_failed', substatus: 'consignee_unavailable' });
  t.same(s.events.map((e: { canonicalStatus: string | null }) => e.canonicalStatus), [null, 'in_transit', 'in_transit', 'out_for_delivery', 'delivery_failed'], 'every scan read in canonical terms (the manifest says no change)');
});

t.test('failed attempts: each is delivery_failed with its reason; a second attempt is a change of substatus; a redelivery moves on', async (t) => {
  const { sim, register, run, view, later } = await startB2c(t);
  const awb = '90000000000077';
  await register([{ trackingNumber: awb }]);
  const pickedUp = { pickUpDate: '2026-03-07T17:15:22', expectedDeliveryDate: '2026-03-12T23:59:59' };
  const step = async (script: Partial<B2cShipmentScript> & { status: string }) => {
    sim.setShipment(awb, { statusType: 'UD', ...pickedUp, ...script, statusDateTime: IST.wallClock(later(3)) });
    await run();
    return view(awb);
  };
  t.match(await step({ status: 'Dispatched', statusCode: 'X-DDD3FD', dispatchCount: 1 }), { status: 'out_for_delivery' });
  t.match(await step({ status: 'Pending', statusCode: 'EOD-11', instructions: 'Consignee Unavailable', dispatchCount: 1 }), { status: 'delivery_failed', substatus: 'consignee_unavailable' });
  t.match(await step({ status: 'Dispatched', statusCode: 'X-DDD3FD', dispatchCount: 2 }), { status: 'out_for_delivery' });
  t.match(await step({ status: 'Pending', statusCode: 'EOD- 74', instructions: 'Bad/Incomplete Address', dispatchCount: 2 }), { status: 'delivery_failed', substatus: 'bad_address' }, 'the code as Delhivery sometimes spaces it');
  const third = await step({ status: 'Pending', statusCode: 'EOD-6', instructions: 'Customer Refused to accept/Order Cancelled', dispatchCount: 2 });
  t.match(third, { status: 'delivery_failed', substatus: 'refused' }, 'a new reason without a new dispatch is a change of substatus');
  t.same(
    third.history.map((h: { status: string; substatus: string | null }) => `${h.status}${h.substatus ? `/${h.substatus}` : ''}`),
    ['info_received', 'out_for_delivery', 'delivery_failed/consignee_unavailable', 'out_for_delivery', 'delivery_failed/bad_address', 'delivery_failed/refused'],
    'every attempt and reason is in the history',
  );
  t.match(await step({ status: 'Pending', statusCode: 'EOD-999', instructions: 'Some New Reason', dispatchCount: 2 }), { status: 'delivery_failed', substatus: 'some_new_reason' }, 'an NDR code not yet listed, after a dispatch: the remark is the reason');
  t.match(await step({ status: 'Pending', statusCode: 'X-IBD3F', instructions: 'Shipment Received at Facility', dispatchCount: 2 }), { status: 'in_transit', substatus: null }, 'a Pending with no NDR code is a package waiting at a facility again');
});
