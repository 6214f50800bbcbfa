import t from 'tap';
import { NO_CHANGE, StatusMapper, normalizeStatus } from 'waybill';
import { readFixture, replayFixture } from 'waybill/testing';
import { CODE_TEXTS, rawStatus } from './raw-status.js';
import { DOCUMENTED_STATUSES, EASYPARCEL_STATUSES } from './statuses.js';
import { START, isTrackRequest, startEasyParcel } from './testing.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const at = (offsetMs: number) => new Date(Date.parse(START) + offsetMs).toISOString();

/** What each documented text must mean, written independently of statuses.ts: [canonical, substatus]. */
const EXPECTED: Record<string, [string, string?]> = {
  'Order Created': ['info_received'],
  'Payment Confirmed': ['pending_pickup'],
  'Ready for Collection': ['pending_pickup', 'ready_for_collection'],
  'Item Collected': ['in_transit'],
  'In Transit to Hub': ['in_transit'],
  'Processing at Hub': ['in_transit'],
  'Schedule In Arrangement': ['pending_pickup'],
  'Out for Delivery': ['out_for_delivery'],
  Delivered: ['delivered'],
  'Delivery Failed': ['delivery_failed'],
  'Return to Sender': ['rto_initiated'],
  Cancel: ['cancelled'],
  'To Be Collected': ['pending_pickup'],
  Collected: ['in_transit'],
  'Delivery In Transit': ['in_transit'],
  Returned: ['rto_delivered'],
  'On Hold': ['exception', 'on_hold'],
  'Drop Off': ['in_transit', 'dropped_off'],
  Cancelled: ['cancelled'],
  'Parcel collected by recipient': ['delivered'],
};

t.test('the table maps every documented text as expected, and nothing else', async (t) => {
  const mapper = new StatusMapper('easyparcel', EASYPARCEL_STATUSES);
  t.same([...DOCUMENTED_STATUSES].sort(), Object.keys(EXPECTED).sort(), 'every documented text has an expectation');
  for (const status of DOCUMENTED_STATUSES) {
    const [to, substatus] = EXPECTED[status]!;
    const want = to === NO_CHANGE ? { kind: 'no_change' } : { kind: 'mapped', status: to, substatus };
    t.same(mapper.map(status, { now: new Date(), fields: {} }), want, `${status} → ${to}${substatus ? ` (${substatus})` : ''}`);
  }
  const documented = new Set(DOCUMENTED_STATUSES.map(normalizeStatus));
  for (const row of EASYPARCEL_STATUSES) t.ok(documented.has(normalizeStatus(row.status)), `row ${row.status} is a documented text`);
});

t.test('the text wins over the code; a code stands in only for a text the table lacks, and only where both code tables agree', async (t) => {
  t.same(Object.fromEntries(CODE_TEXTS), { 0: 'Cancel', 1: 'Order Created', 2: 'Payment Confirmed', 4: 'Item Collected', 7: 'Schedule In Arrangement', 9: 'Delivered', 10: 'Delivery Failed' });
  const cases: [string | undefined, number | undefined, { status: string; description?: string } | undefined, string][] = [
    ['Cancelled', 8, { status: 'Cancelled' }, 'the docs’ own example: 8 is "Out for Delivery" in the table'],
    ['Delivered', 5, { status: 'Delivered' }, '5 is "In Transit to Hub" in 2025-09'],
    ['Out for Delivery', 5, { status: 'Out for Delivery' }, 'text against code, the other way'],
    ['DELIVERY FAILED', 9, { status: 'DELIVERY FAILED' }, 'in any case'],
    ['Shipment information sent to City-Link', 7, { status: 'Schedule In Arrangement', description: 'Shipment information sent to City-Link' }, 'a courier’s words with an unambiguous code'],
    ['Parcel has been collected at Penang', 4, { status: 'Item Collected', description: 'Parcel has been collected at Penang' }, 'code 4 means collected in both tables'],
    [undefined, 9, { status: 'Delivered' }, 'no text: the code'],
    ['Deliverd To Suntech', 5, { status: 'Deliverd To Suntech' }, 'code 5 is in transit or delivered: the words stay, unmapped'],
    [undefined, 8, { status: 'shipment_status_code 8' }, 'no text and an ambiguous code: visible, unmapped'],
    [undefined, undefined, undefined, 'nothing at all'],
  ];
  for (const [words, code, want, why] of cases) t.same(rawStatus(words, code), want, `${words ?? '(no text)'} / ${code ?? '(no code)'}: ${why}`);
});

t.test("the documented error example through the engine: code 8 'Cancelled' cancels, courier scans keep their words, the unknown AWB is not found", async (t) => {
  const h = await startEasyParcel(t);
  const fixture = readFixture(new URL('./fixtures/', import.meta.url), 'tracking-status-cancelled-and-not-found.json');
  const numbers = (fixture.request.body as { awb_numbers: string[] }).awb_numbers;
  replayFixture(h.sim.server, fixture, isTrackRequest);
  await h.register(numbers);
  t.match(await h.run(), { state: 'succeeded', counts: { updated: 3, notFound: 1, unmapped: 0 } });

  const cancelled = await h.lookup('7227014253232636');
  t.match(cancelled, { status: 'cancelled', rawStatus: 'Cancelled', active: false, lastEventAt: '2026-01-30T10:04:18.000Z', location: 'Kuala Lumpur Hub, Kuala Lumpur, MY' });
  t.same(
    cancelled.events.map((e) => [e.at, e.status, e.code, e.description ?? null, e.canonicalStatus]).sort(),
    [
      ['2026-01-23T04:28:52.494Z', 'Schedule In Arrangement', '7', null, 'pending_pickup'],
      ['2026-01-23T12:28:52.000Z', 'Schedule In Arrangement', '7', 'Data Submitted - Awaiting Parcel Handover to DHL', 'pending_pickup'],
      ['2026-01-23T12:29:47.000Z', 'Schedule In Arrangement', '7', 'Shipment data received - Awaiting Parcel Handover to DHL', 'pending_pickup'],
      ['2026-01-30T10:04:18.000Z', 'Cancelled', '8', null, 'cancelled'],
    ],
    'times read as UTC; a courier’s words under its code’s text',
  );
  t.match(await h.lookup('960301021838937'), { status: 'pending_pickup', rawStatus: 'Schedule In Arrangement', active: true });
  t.match(await h.lookup('1234567890'), { status: 'info_received', active: true, lastError: 'not found: EasyParcel: AWB number not found' });
});

t.test('through the engine: the text moves the status; an ambiguous code with unknown words is kept raw and reported unmapped', async (t) => {
  const h = await startEasyParcel(t);
  h.sim.scan('EP-DELIVERED-5', 5, 'Delivered');
  h.sim.scan('EP-OFD-5', 5, 'Out for Delivery');
  h.sim.scan('EP-WORDS-4', 4, 'Parcel has been collected at Penang', { location: 'Penang' });
  h.sim.scan('EP-TYPO-5', 5, 'Deliverd To Suntech');
  await h.register(['EP-DELIVERED-5', 'EP-OFD-5', 'EP-WORDS-4', 'EP-TYPO-5']);
  const run = await h.run();
  t.match(run, { state: 'succeeded', counts: { updated: 3, unmapped: 1 }, unmappedStatuses: ['Deliverd To Suntech'] });
  t.match(await h.shipment('EP-DELIVERED-5'), { status: 'delivered', active: false });
  t.match(await h.shipment('EP-OFD-5'), { status: 'out_for_delivery' });
  t.match(await h.lookup('EP-WORDS-4'), { status: 'in_transit', rawStatus: 'Item Collected', events: [{ description: 'Parcel has been collected at Penang', location: 'Penang' }] });
  t.match(await h.shipment('EP-TYPO-5'), { status: 'info_received', rawStatus: 'Deliverd To Suntech', active: true }, 'not guessed as delivered, not dropped');
});

t.test("the seed's polling frequencies by status, and its daily API budget", async (t) => {
  const h = await startEasyParcel(t, { options: { daily_budget: '2' } });
  const scans: [string, number, string, number][] = [
    ['EP-PRE', 7, 'Schedule In Arrangement', 24 * HOUR],
    ['EP-TRANSIT', 6, 'Processing at Hub', 2 * HOUR],
    ['EP-OFD', 8, 'Out for Delivery', 30 * MINUTE],
    ['EP-FAILED', 10, 'Delivery Failed', HOUR],
    ['EP-HOLD', 8, 'On Hold', HOUR],
    ['EP-RETURN', 11, 'Return to Sender', 2 * HOUR],
  ];
  for (const [awb, code, words] of scans) h.sim.scan(awb, code, words);
  await h.register(scans.map(([awb]) => awb));
  const midnight = '2026-05-02T00:00:00.000Z';
  t.match(await h.run(), { state: 'paused', pausedUntil: midnight, counts: { updated: 6 } }, 'one token and one tracking request use a budget of 2: paused until midnight UTC');
  for (const [awb, , words, after] of scans) t.equal((await h.shipment(awb)).nextCheckAt, at(after), `${words}: next check after ${after / MINUTE} min`);

  h.clock.advance(HOUR);
  t.match(await h.run(), { state: 'skipped', pausedUntil: midnight }, 'no run, so no request, an hour later');
  t.equal(h.sim.trackingRequests().length, 1);
});
