import t from 'tap';
import { LICENCE_KEY, LOGIN_ID, START, isTrackRequest, startBlueDart, waybills, type BlueDartHarness } from './testing.js';

const MINUTE = 60_000;
const at = (ms: number) => new Date(Date.parse(START) + ms).toISOString();
const courierView = async (h: BlueDartHarness) => (await h.app.inject({ method: 'GET', url: '/v1/couriers/bluedart' })).json();
const inTransit = (h: BlueDartHarness, numbers: readonly string[]) =>
  numbers.forEach((n) => h.sim.setShipment(n, { status: 'SHIPMENT ARRIVED AT HUB', statusType: 'UD', scans: [{ scan: 'SHIPMENT ARRIVED AT HUB', code: '020', at: '2026-05-01T09:10' }] }));

t.test('registered over HTTP, run by the run route, read back: a delivery, a failed attempt and a waybill Blue Dart does not know', async (t) => {
  const h = await startBlueDart(t);
  const [delivered, attempted, unknown] = waybills(3);
  h.sim.setShipment(delivered!, {
    status: 'SHIPMENT DELIVERED',
    statusType: 'DL',
    refNo: 'ORDER-1001',
    receivedBy: 'SELF',
    expectedDelivery: '2026-05-02',
    scans: [
      { scan: 'SHIPMENT ARRIVED', code: '001', at: '2026-05-01T07:05', location: 'ITO SERVICE CENTRE' },
      { scan: 'SHIPMENT OUT FOR DELIVERY', code: '002', at: '2026-05-01T09:47', location: 'ITO SERVICE CENTRE' },
      { scan: 'SHIPMENT DELIVERED', type: 'DL', code: '000', group: 'T', at: '2026-05-01T11:27', location: 'ITO SERVICE CENTRE' },
    ],
  });
  h.sim.setShipment(attempted!, { status: 'NEED DEPARTMENT NAME/EXTENTION NUMBER', statusType: 'UD', scans: [{ scan: 'NEED DEPARTMENT NAME/EXTENTION NUMBER', code: '139', group: 'T', at: '2026-05-01T10:41', location: 'MAHADEVAPURA INDUS. AREA' }] });

  const registered = await h.app.inject({
    method: 'POST',
    url: '/v1/shipments',
    payload: { shipments: [delivered, attempted, unknown].map((trackingNumber, i) => ({ courier: 'bluedart', trackingNumber, orderId: `ORDER-100${i + 1}` })) },
  });
  t.equal(registered.statusCode, 201);
  const run = await h.runOverHttp();
  t.match(run, { state: 'succeeded', counts: { claimed: 3, requests: 1, updated: 2, notFound: 1, failed: 0 } });

  const [request] = h.sim.trackRequests;
  const { numbers, ...query } = request!.query;
  t.same(query, { handler: 'tnt', action: 'custawbquery', awb: 'awb', format: 'xml', verno: '1.3', scan: '1', loginid: LOGIN_ID, lickey: LICENCE_KEY }, 'the login id and licence key as query parameters');
  t.same(numbers?.split(',').sort(), [delivered, attempted, unknown].sort(), 'one GET for the three waybills');

  const d = await h.lookup(delivered!);
  t.match(d, { status: 'delivered', rawStatus: 'DL-SHIPMENT DELIVERED', location: 'ITO SERVICE CENTRE', eta: '2026-05-02T00:00:00+05:30', active: false, source: 'cache' });
  t.equal(d.statusFirstSeen.delivered, '2026-05-01T05:57:00.000Z', '11:27 IST');
  t.same(
    d.events.map((e) => [e.at, e.status, e.code, e.canonicalStatus]),
    [
      ['2026-05-01T01:35:00.000Z', 'SHIPMENT ARRIVED', '1', 'in_transit'],
      ['2026-05-01T04:17:00.000Z', 'SHIPMENT OUT FOR DELIVERY', '2', 'out_for_delivery'],
      ['2026-05-01T05:57:00.000Z', 'SHIPMENT DELIVERED', '0', 'delivered'],
    ],
    'every scan, in time order, read through the table',
  );
  t.equal(d.events.at(-1)?.description, 'received by SELF', 'who signed, on the delivery scan');
  t.match(await h.lookup(attempted!), { status: 'delivery_failed', substatus: 'incomplete_address', active: true });
  t.match(await h.lookup(unknown!), { status: 'info_received', active: true, lastError: /not found.*Incorrect Waybill number or No Information/ });
});

t.test('an RTO: NewWaybillNo links the return, which is tracked for the same order and closes the original once delivered', async (t) => {
  const h = await startBlueDart(t);
  const [original, returned] = waybills(2);
  h.sim.setShipment(original!, {
    status: "RETURNED TO ORIGIN AT SHIPPER'S REQUEST",
    statusType: 'RT',
    newWaybillNo: returned!,
    scans: [
      { scan: 'SHIPMENT OUT FOR DELIVERY', type: 'UD', code: '002', at: '2026-04-29T09:31' },
      { scan: 'CONSIGNEE NOT AVAILABLE', type: 'UD', code: '011', group: 'T', at: '2026-04-29T17:03' },
      { scan: "RETURNED TO ORIGIN AT SHIPPER'S REQUEST", type: 'RT', code: '074', group: 'T', at: '2026-04-30T17:45' },
    ],
  });
  h.sim.setShipment(returned!, { status: 'SHIPMENT FURTHER CONNECTED', statusType: 'UD', refNo: `074 - ${original}`, scans: [{ scan: 'SHIPMENT FURTHER CONNECTED', code: '003', at: '2026-04-30T22:03' }] });
  await h.register([original!], () => ({ orderId: 'ORDER-77' }));

  t.match(await h.runOverHttp(), { state: 'succeeded', counts: { failed: 0 } });
  t.match(await h.lookup(original!), { status: 'rto_initiated', rawStatus: "RT-RETURNED TO ORIGIN AT SHIPPER'S REQUEST", links: [{ trackingNumber: returned, relation: 'return' }] });
  const ret = await h.lookup(returned!);
  t.match(ret, { trackingNumber: returned, origin: 'return', orderId: 'ORDER-77', links: [{ trackingNumber: original, relation: 'return_of' }] }, 'the return is registered for the same order');
  t.notOk(ret.events.some((e) => e.status === "RETURNED TO ORIGIN AT SHIPPER'S REQUEST"), "the original's answer (which also lists the return) is not read into the return");

  h.sim.setShipment(returned!, {
    status: 'SHIPMENT DELIVERED',
    statusType: 'DL',
    refNo: `074 - ${original}`,
    receivedBy: 'CO STAMP',
    scans: [
      { scan: 'SHIPMENT FURTHER CONNECTED', code: '003', at: '2026-04-30T22:03' },
      { scan: 'SHIPMENT DELIVERED', type: 'DL', code: '000', group: 'T', at: '2026-05-01T14:39' },
    ],
  });
  h.later();
  await h.runOverHttp();
  t.match(await h.lookup(returned!), { status: 'delivered', active: false });
  const closed = await h.lookup(original!);
  t.match(closed, { status: 'rto_delivered', active: false }, 'the original is back with the shipper');
  t.same(
    closed.history.map((e) => e.status),
    ['info_received', 'rto_initiated', 'rto_delivered'],
  );
});

t.test('429: the courier is paused until the time Blue Dart gave, nothing is lost, and the next run after it finishes the work', async (t) => {
  // One worker, so which request meets the 429 is certain: the second of three batches.
  const h = await startBlueDart(t, { options: { concurrency: '1' } });
  const numbers = waybills(25);
  inTransit(h, numbers);
  await h.register(numbers);
  let tracked = 0;
  h.sim.server.injectFault(
    { kind: 'status', status: 429, headers: { 'Retry-After': '120' }, body: JSON.stringify({ fault: { faultstring: 'Spike arrest violation. Allowed rate : 30pm' } }) },
    { match: (req) => isTrackRequest(req) && ++tracked === 2 },
  );

  const paused = await h.runOverHttp();
  t.match(paused, { state: 'paused', pausedUntil: at(2 * MINUTE), error: /429/, counts: { updated: 10, failed: 0 } });
  t.match(await courierView(h), { paused: true, pausedUntil: at(2 * MINUTE) });
  const afterPause = await Promise.all(numbers.map((n) => h.lookup(n)));
  const untouched = afterPause.filter((s) => s.status === 'info_received' && s.lastCheckedAt === null && s.lastError === null);
  t.equal(afterPause.filter((s) => s.status === 'in_transit').length, 10, 'the first batch was written');
  t.equal(untouched.length, 15, 'the refused batch and the one after it were given back untouched');

  h.clock.advance(MINUTE);
  t.match(await h.runOverHttp(), { state: 'skipped', pausedUntil: at(2 * MINUTE) }, 'a run before the time Blue Dart gave does not call it');
  t.equal(h.sim.trackRequests.length, 2);

  h.clock.advance(MINUTE + 1000);
  t.match(await h.runOverHttp(), { state: 'succeeded', counts: { updated: 15, requests: 2 } }, 'after it, the rest in two requests');
  const all = await Promise.all(numbers.map((n) => h.lookup(n)));
  t.ok(
    all.every((s) => s.status === 'in_transit'),
    'all 25 updated',
  );
});

t.test('a refused licence ("License Mismatch"): the run fails naming authentication, no shipment is blamed, the courier waits for the fix', async (t) => {
  const h = await startBlueDart(t);
  const numbers = waybills(12);
  inTransit(h, numbers);
  await h.register(numbers);
  h.sim.refuseLicence();

  const run = await h.runOverHttp();
  t.match(run, { state: 'failed', error: /authentication failed: .*Blue Dart refused the login id and licence key: "License Mismatch"/, counts: { failed: 0, notFound: 0 } });
  t.notMatch(run.error, LICENCE_KEY, 'the licence key is not in the error');
  const shipments = await Promise.all(numbers.map((n) => h.lookup(n)));
  t.ok(
    shipments.every((s) => s.status === 'info_received' && s.lastCheckedAt === null && s.lastError === null && s.active),
    'every shipment given back untouched',
  );
  t.match(await courierView(h), { paused: true, pausedUntil: at(60 * MINUTE), pauseReason: /login refused/ }, 'paused for an hour: asking again at once would only be refused again');
  t.ok(h.sim.trackRequests.length <= 2, 'no request beyond the ones in flight (two workers)');

  h.sim.acceptLicence();
  t.match((await h.app.inject({ method: 'POST', url: '/v1/couriers/bluedart/resume' })).json(), { paused: false }, 'the operator fixed the key and resumed');
  t.match(await h.runOverHttp(), { state: 'succeeded', counts: { updated: 12 } });
});

t.test('faults: 503, a timeout and an answer cut off midway are transient failures; the statuses stay and the next run recovers', async (t) => {
  const h = await startBlueDart(t, { options: { request_timeout_ms: '300', concurrency: '1' } });
  const numbers = waybills(3);
  inTransit(h, numbers);
  await h.register(numbers.slice(0, 1));
  await h.run();
  const faults = [() => h.sim.server.injectFault({ kind: 'status', status: 503, body: '<html><body>Service Unavailable</body></html>' }, { match: isTrackRequest }), () => h.sim.server.injectFault({ kind: 'timeout' }, { match: isTrackRequest }), () => h.sim.cutNextAnswer()];
  for (const fault of faults) {
    h.later();
    fault();
    t.match(await h.run(), { state: 'succeeded', counts: { failed: 1 } });
  }
  const s = await h.shipment(numbers[0]!);
  t.match(s, { status: 'in_transit', active: true, consecutiveFailures: 3, lastError: /truncated|cut off/ }, 'the last failure named, the status kept');
  h.clock.advance(24 * 60 * MINUTE);
  t.match(await h.run(), { state: 'succeeded', counts: { failed: 0 } });
  t.match(await h.shipment(numbers[0]!), { consecutiveFailures: 0, lastError: null });
});

t.test('"no information" for a whole batch names no waybill: the core asks again in halves until each stands alone', async (t) => {
  const h = await startBlueDart(t, { options: { concurrency: '1' }, simulator: { unknownWaybills: 'error' } });
  const numbers = waybills(3);
  await h.register(numbers);
  t.match(await h.runOverHttp(), { state: 'succeeded', counts: { notFound: 3, requests: 5, failed: 0 } }, 'three, then two and one, then one and one');
  for (const n of numbers) t.match(await h.lookup(n), { status: 'info_received', active: true, lastError: /not found/ });
});

t.test('a format setting other than json or xml fails each batch naming the variable', async (t) => {
  const h = await startBlueDart(t, { options: { format: 'yaml' } });
  const [awb] = waybills(1);
  await h.register([awb!]);
  t.match(await h.runOverHttp(), { state: 'succeeded', counts: { failed: 1, requests: 0 } });
  t.match(await h.lookup(awb!), { lastError: /WAYBILL_COURIER_BLUEDART_FORMAT is "yaml": it must be one of json, xml/ });
});

t.test(
  'format=xml end to end',
  async (t) => {
    const h = await startBlueDart(t, { options: { format: 'xml' } });
    const [awb] = waybills(1);
    h.sim.setShipment(awb!, { status: 'SHIPMENT DELIVERED', statusType: 'DL', at: '2026-05-01T11:27' });
    await h.register([awb!]);
    t.match(await h.runOverHttp(), { state: 'succeeded', counts: { updated: 1, failed: 0 } });
    t.equal(h.sim.trackRequests[0]?.query.format, 'xml');
    t.match(await h.lookup(awb!), { status: 'delivered' });
  },
);
