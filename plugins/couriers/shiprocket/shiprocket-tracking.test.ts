import t from 'tap';
import type { SideEffect } from 'waybill';
import { ManualClock, startCourierHarness } from 'waybill/testing';
import shiprocket from './index.js';
import { scan, ShiprocketSimulator } from './simulator.js';
import { CREDENTIALS, fixture, isTrackRequest, START, startShiprocket, type ShiprocketHarness } from './testing.js';
import { istTime } from './tracking-data.js';

const onTrack = { match: isTrackRequest };

/** Serve one documented response as the next track/awbs answer. */
function serveFixture(h: ShiprocketHarness, name: string) {
  const { response } = fixture(name);
  h.sim.server.injectFault({ kind: 'status', status: response.status, body: JSON.stringify(response.body) }, onTrack);
}

const eventsOf = async (h: ShiprocketHarness, awb: string) => h.app.waybill.store.shipments.events((await h.shipment(awb)).id);

t.test('IST times: zone attached, zoned values kept, junk dropped', async (t) => {
  t.equal(istTime('2023-05-23 11:43:52'), '2023-05-23T11:43:52+05:30');
  t.equal(istTime('2023-05-23 11:43'), '2023-05-23T11:43:00+05:30');
  t.equal(istTime('23 05 2023 11:43:52'), '2023-05-23T11:43:52+05:30', 'the webhook spelling');
  t.equal(istTime('2023-05-23T06:13:52Z'), '2023-05-23T06:13:52Z');
  for (const junk of ['NA', '', null, undefined, '0000-00-00 00:00:00', 'yesterday']) t.equal(istTime(junk), undefined, String(junk));
});

t.test('doc example: a delivered shipment, its scans in IST, ETA and location', async (t) => {
  const h = await startShiprocket(t);
  const awb = '141123221084922';
  t.same(fixture('track-awbs-delivered').request.body, { awbs: [awb] });
  await h.register([awb]);
  serveFixture(h, 'track-awbs-delivered');
  const run = await h.run();
  t.match(run.counts, { updated: 1, unmapped: 0 });
  const s = await h.shipment(awb);
  t.match(s, { status: 'delivered', rawStatus: 'Delivered', active: false, location: 'MADANPALLI, Madanapalli, ANDHRA PRADESH' });
  t.equal(s.eta, '2022-07-20T19:28:00+05:30');
  t.equal(s.statusFirstSeen.delivered, '2022-07-19T06:07:00.000Z', 'delivered at 11:37 IST');
  const events = await eventsOf(h, awb);
  t.equal(events.length, 8);
  const byTime = new Map(events.map((e) => [e.at, e]));
  t.match(byTime.get('2022-07-19T06:07:00.000Z'), { status: 'DELIVERED', code: 'DLVD', description: 'Delivered' });
  t.match(byTime.get('2022-07-18T04:21:00.000Z'), { status: 'DRC', description: 'Pending Manifest Data Received' }, 'an NA label falls back to the courier code');
});

t.test('doc example: two AWBs, activities without any status field', async (t) => {
  const h = await startShiprocket(t);
  await h.register(['788829354408', '788830567028']);
  serveFixture(h, 'track-awbs-multiple');
  const run = await h.run();
  t.match(run.counts, { claimed: 2, unmapped: 0, notFound: 0 });
  t.match(await h.shipment('788829354408'), { status: 'info_received', rawStatus: 'AWB Assigned' });
  t.match(await h.shipment('788830567028'), { status: 'info_received', rawStatus: 'Pickup Generated', location: null }, 'pickup scheduled: no change; "NA" is no location');
  t.same(
    (await eventsOf(h, '788830567028')).map(({ at, status, location }) => ({ at, status, location })),
    [{ at: '2019-07-31T23:50:55.000Z', status: 'Shipment information sent to FedEx - OC', location: undefined }],
  );
});

t.test('doc example: sr-status codes without labels name the scans', async (t) => {
  const h = await startShiprocket(t);
  await h.register(['1091188857722']);
  serveFixture(h, 'track-awbs-picked-up');
  await h.run();
  t.match(await h.shipment('1091188857722'), { status: 'in_transit', rawStatus: 'PICKED UP', eta: '2021-12-28T10:19:35+05:30' });
  const statuses = (await eventsOf(h, '1091188857722')).map((e) => e.status).sort();
  t.same(statuses, ['FMPUR-101', 'Manifest Generated', 'Picked Up']);
});

t.test('doc examples: unknown AWBs', async (t) => {
  for (const name of ['track-awbs-not-found', 'track-awbs-invalid']) {
    const h = await startShiprocket(t);
    const awbs = (fixture(name).request.body as { awbs: string[] }).awbs;
    await h.register(awbs);
    serveFixture(h, name);
    const run = await h.run();
    t.match(run.counts, { notFound: awbs.length, failed: 0 }, name);
  }
});

t.test('status fallbacks: current_status, then the newest real sr-status-label, then the numeric code', async (t) => {
  const h = await startShiprocket(t);
  const na = { 'sr-status': 'NA', 'sr-status-label': 'NA', status: 'DRC', activity: 'Data received' };
  h.sim.setShipment('TEXT', { currentStatus: 'Delivered', shipmentStatus: 18, activities: [scan(18, '2025-12-30 10:00:00')] });
  h.sim.setShipment('LABEL', {
    currentStatus: null,
    shipmentStatus: 18,
    activities: [{ date: '2025-12-30 12:00:00', ...na }, scan(17, '2025-12-30 09:00:00'), scan(18, '2025-12-29 09:00:00')],
  });
  h.sim.setShipment('NA-TEXT', { currentStatus: 'NA', activities: [scan(21, '2025-12-30 09:00:00')] });
  h.sim.setShipment('CODE', { currentStatus: null, shipmentStatus: 9, activities: [{ date: '2025-12-30 09:00:00', ...na }] });
  h.sim.setShipment('SR-CODE', { currentStatus: null, activities: [{ date: '2025-12-30 09:00:00', 'sr-status': '10', 'sr-status-label': 'NA' }] });
  h.sim.setShipment('ODD-CODE', { currentStatus: null, shipmentStatus: 99 });
  h.sim.setShipment('NOTHING', { currentStatus: null, activities: [{ date: '2025-12-30 09:00:00', ...na }] });
  await h.register(['TEXT', 'LABEL', 'NA-TEXT', 'CODE', 'SR-CODE', 'ODD-CODE', 'NOTHING']);
  const run = await h.run();
  t.match(await h.shipment('TEXT'), { status: 'delivered', rawStatus: 'Delivered' }, 'the text wins over the code');
  t.match(await h.shipment('LABEL'), { status: 'out_for_delivery', rawStatus: 'OUT FOR DELIVERY' }, 'NA labels are skipped');
  t.match(await h.shipment('NA-TEXT'), { status: 'delivery_failed', rawStatus: 'UNDELIVERED' }, 'an "NA" text is no text');
  t.match(await h.shipment('CODE'), { status: 'rto_initiated', rawStatus: 'RTO Initiated' }, 'shipment_status 9 → its label');
  t.match(await h.shipment('SR-CODE'), { status: 'rto_delivered', rawStatus: 'RTO Delivered' }, 'the newest sr-status → its label');
  t.match(await h.shipment('ODD-CODE'), { status: 'info_received', rawStatus: 'status code 99' }, 'an undocumented code stays visible');
  t.match(await h.shipment('NOTHING'), { status: 'info_received', lastError: /without any status/ });
  t.match(run.counts, { unmapped: 1, notFound: 1 });
});

t.test('AWB keys are matched exactly, then case-insensitively', async (t) => {
  const h = await startShiprocket(t);
  await h.register(['sf123abc']);
  h.sim.server.injectFault(
    { kind: 'status', status: 200, body: JSON.stringify({ SF123ABC: { tracking_data: { track_status: 1, shipment_status: 18 } } }) },
    onTrack,
  );
  await h.run();
  t.equal((await h.shipment('sf123abc')).status, 'in_transit');
});

t.test('a wrong type inside tracking_data is a BadResponse naming the field, not a crash', async (t) => {
  const h = await startShiprocket(t);
  await h.register(['BAD1']);
  h.sim.server.injectFault(
    { kind: 'status', status: 200, body: JSON.stringify({ BAD1: { tracking_data: { track_status: 1, shipment_track: 'oops' } } }) },
    onTrack,
  );
  const run = await h.run();
  t.match(run.counts, { failed: 1 });
  t.match((await h.shipment('BAD1')).lastError, /tracking_data\.shipment_track of BAD1 to be an array/);
});

t.test('a second failed attempt is a change of substatus: stored, in the history, and heard by effects that ask for it', async (t) => {
  const heard: { to: string; fromSubstatus: string | null; substatus: string | null; effect: string }[] = [];
  const effect = (name: string, substatusChanges: boolean): SideEffect => ({
    name,
    substatusChanges,
    deliver: async (message) => {
      if (message.type === 'shipment.status_changed') heard.push({ effect: name, to: message.to, fromSubstatus: message.fromSubstatus, substatus: message.substatus });
    },
  });
  const clock = new ManualClock(START);
  const h = await startCourierHarness(t, {
    plugin: shiprocket,
    simulator: () => ShiprocketSimulator.start(CREDENTIALS),
    credentials: CREDENTIALS,
    clock,
    sideEffects: [effect('every-step', true), effect('status-only', false)],
  });
  const awb = 'SRNDR0000001';
  await h.register([awb]);
  const attempt = async (status: string, date: string) => {
    h.sim.setShipment(awb, { currentStatus: status, shipmentStatus: 21, activities: [scan(21, date, { activity: status })] });
    clock.advance(3 * 3_600_000);
    await h.run();
    while ((await h.app.waybill.outbox.drain()) > 0);
    return h.lookup(awb);
  };
  t.match(await attempt('Undelivered 1st Attempt', '2026-01-01 12:00:00'), { status: 'delivery_failed', substatus: 'attempt_1' });
  const second = await attempt('Undelivered 2nd Attempt', '2026-01-02 12:00:00');
  t.match(second, { status: 'delivery_failed', substatus: 'attempt_2' }, 'the second attempt is not lost');
  t.same(second.history.map((h) => [h.status, h.substatus]), [['info_received', null], ['delivery_failed', 'attempt_1'], ['delivery_failed', 'attempt_2']]);
  t.match(await attempt('Undelivered 2nd Attempt', '2026-01-02 12:00:00'), { substatus: 'attempt_2' }, 'the same answer again');
  t.equal((await h.lookup(awb)).history.length, 3, 'changes nothing');
  t.same(heard, [
    { effect: 'every-step', to: 'delivery_failed', fromSubstatus: null, substatus: 'attempt_1' },
    { effect: 'status-only', to: 'delivery_failed', fromSubstatus: null, substatus: 'attempt_1' },
    { effect: 'every-step', to: 'delivery_failed', fromSubstatus: 'attempt_1', substatus: 'attempt_2' },
  ], 'the substatus change reaches only the effect that subscribed to substatus changes, once');
});
