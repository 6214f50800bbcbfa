import t from 'tap';
import { readFixture } from 'waybill/testing';
import { CREDENTIALS, DELIVERED, IN_TRANSIT, isTokenRequest, isTrackRequest, numbersOf, startFedEx, trackingNumbers } from './testing.js';

const fixtures = new URL('./fixtures/', import.meta.url);
const recorded = (file: string) => readFixture(fixtures, file).response.body as { output: { completeTrackResults: { trackingNumber: string; trackResults: unknown[] }[] } };
const onTrack = { match: isTrackRequest };

t.test('the request: the documented body, a bearer token from the form-encoded client credentials, English descriptions', async (t) => {
  const kit = await startFedEx(t);
  kit.sim.setPackage('794644790138', IN_TRANSIT);
  await kit.register(['794644790138']);
  t.equal((await kit.run()).state, 'succeeded');
  const [token] = kit.requests(isTokenRequest);
  t.same(token?.body, { grant_type: 'client_credentials', ...CREDENTIALS });
  t.match(token?.headers['content-type'], /application\/x-www-form-urlencoded/);
  const [track] = kit.requests(isTrackRequest);
  t.same(track?.body, { includeDetailedScans: true, trackingInfo: [{ trackingNumberInfo: { trackingNumber: '794644790138' } }] });
  t.match(track?.headers.authorization, /^Bearer [\w-]{20,}$/);
  t.equal(track?.headers['x-locale'], 'en_US');
});

t.test('a recorded delivered answer: status, delivery time, scans with their offsets, location', async (t) => {
  const kit = await startFedEx(t);
  kit.sim.setTrackResults('738488882438', recorded('track-delivered.json').output.completeTrackResults[0]!.trackResults);
  await kit.register(['738488882438']);
  await kit.run();
  const view = await kit.lookup('738488882438');
  t.match(view, { status: 'delivered', rawStatus: 'DL', location: 'Blue Point, NY, US', lastEventAt: '2024-08-20T16:41:57.000Z', active: false });
  t.equal(view.statusFirstSeen.delivered, '2024-08-20T16:41:57.000Z', 'ACTUAL_DELIVERY, 12:41:57 at -04:00');
  t.same(
    view.events.map((e) => [e.at, e.status, e.canonicalStatus]),
    [
      ['2024-08-18T20:03:54.000Z', 'IT', 'in_transit'],
      ['2024-08-19T13:13:51.000Z', 'IT', 'in_transit'],
      ['2024-08-19T18:31:00.000Z', 'AR', 'in_transit'],
      ['2024-08-20T05:29:05.000Z', 'DP', 'in_transit'],
      ['2024-08-20T10:38:00.000Z', 'AR', 'in_transit'],
      ['2024-08-20T10:47:00.000Z', 'OD', 'out_for_delivery'],
      ['2024-08-20T16:41:57.000Z', 'DL', 'delivered'],
    ],
    'oldest first, each in UTC from its own offset',
  );
});

t.test('a reused number (duplicate trackResults): the shipment with the newest scan is the one tracked', async (t) => {
  const kit = await startFedEx(t);
  kit.sim.setTrackResults('776094337676', recorded('track-duplicate.json').output.completeTrackResults[0]!.trackResults);
  kit.sim.setTrackResults('776094337677', [...recorded('track-duplicate.json').output.completeTrackResults[0]!.trackResults].reverse());
  await kit.register(['776094337676', '776094337677']);
  await kit.run();
  for (const n of ['776094337676', '776094337677']) {
    const view = await kit.lookup(n);
    t.match(view, { status: 'delivered', rawStatus: 'DL' }, `${n}: the delivered shipment of 26 April, not the older one running late`);
    t.equal(view.events.length, 8, 'its own eight scans only');
    t.ok(view.events.some((e) => e.status === 'DE' && e.canonicalStatus === 'delivery_failed' && e.substatus === 'customer_not_available_or_business_closed'), 'the failed attempt is in the timeline with its reason');
  }
});

t.test('per-number errors inside a 200 never fail the batch: not found keeps tracking, invalid stops', async (t) => {
  const kit = await startFedEx(t);
  kit.sim.setPackage('111111111111', IN_TRANSIT);
  kit.sim.setInvalid('12345');
  kit.sim.setTrackResults('222222222222', []);
  await kit.register(['111111111111', '999999999999', '12345', '222222222222']);
  const run = await kit.run();
  t.match(run.counts, { claimed: 4, updated: 1, notFound: 2, stopped: 1, failed: 0 });
  t.equal(kit.sim.trackingRequests().length, 1, 'one request for the four');
  t.match(await kit.shipment('999999999999'), { active: true, status: 'info_received', lastError: /not found: TRACKING\.TRACKINGNUMBER\.NOTFOUND: Tracking number cannot be found/ });
  t.match(await kit.shipment('12345'), { active: false, inactiveReason: 'stopped', lastError: /TRACKING\.TRACKINGNUMBER\.INVALID/ });
  t.match(await kit.shipment('222222222222'), { active: true, lastError: /no trackResults/ });
});

t.test('request-level errors[]: about the numbers → asked again in halves; FedEx’s own trouble → a transient failure', async (t) => {
  const kit = await startFedEx(t);
  inTransitAll(kit.sim, ['333333333331', '333333333332']);
  const refused = { transactionId: 'x', errors: [{ code: 'TRACKING.TRACKINGNUMBER.EMPTY', message: 'Please provide tracking number.' }] };
  kit.sim.server.injectFault({ kind: 'status', status: 200, body: JSON.stringify(refused) }, onTrack);
  await kit.register(['333333333331', '333333333332']);
  t.match((await kit.run()).counts, { updated: 2, failed: 0 });
  t.same(kit.sim.trackingRequests().map((r) => numbersOf(r).length), [2, 1, 1], 'refused as a whole, then each half answered');

  kit.clock.advance(3 * 3600_000);
  const trouble = { transactionId: 'y', errors: [{ code: 'SYSTEM.UNAVAILABLE.EXCEPTION', message: 'The service is currently unavailable.' }] };
  kit.sim.server.injectFault({ kind: 'status', status: 200, body: JSON.stringify(trouble) }, onTrack);
  const run = await kit.run();
  t.match(run.counts, { failed: 2 });
  t.match(await kit.shipment('333333333331'), { active: true, status: 'in_transit', consecutiveFailures: 1, lastError: /SYSTEM\.UNAVAILABLE\.EXCEPTION/ });
});

t.test('ETA: ESTIMATED_DELIVERY, else the end of estimatedDeliveryTimeWindow; times without an offset are not guessed', async (t) => {
  const kit = await startFedEx(t);
  kit.sim.setPackage('444444444441', IN_TRANSIT);
  kit.sim.setPackage('444444444442', { ...IN_TRANSIT, dateAndTimes: [], estimatedDeliveryTimeWindow: { begins: '2026-03-12T08:00:00-05:00', ends: '2026-03-12T12:00:00-05:00' } });
  kit.sim.setPackage('444444444443', { ...IN_TRANSIT, dateAndTimes: [{ type: 'ESTIMATED_DELIVERY', dateTime: '2026-03-12T00:00:00' }], scans: [...IN_TRANSIT.scans!, { date: '2026-03-10T07:00:00', eventType: 'DP' }] });
  await kit.register(['444444444441', '444444444442', '444444444443']);
  await kit.run();
  t.equal((await kit.lookup('444444444441')).eta, '2026-03-12T20:00:00-05:00');
  t.equal((await kit.lookup('444444444442')).eta, '2026-03-12T12:00:00-05:00');
  const zoneless = await kit.lookup('444444444443');
  t.equal(zoneless.eta, null);
  t.same(zoneless.events.map((e) => e.status), ['PU', 'AR'], 'the zone-less scan is left out');
});

t.test('FedEx refuses more than 30 numbers; a batch size above 30 is refused at start', async (t) => {
  const kit = await startFedEx(t);
  const token = (await (await fetch(`${kit.sim.url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'client_credentials', ...CREDENTIALS }) })).json()) as { access_token: string };
  const body = { includeDetailedScans: true, trackingInfo: trackingNumbers('5', 31).map((trackingNumber) => ({ trackingNumberInfo: { trackingNumber } })) };
  const res = await fetch(`${kit.sim.url}/track/v1/trackingnumbers`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token.access_token}` }, body: JSON.stringify(body) });
  t.equal(res.status, 400);
  t.match(await res.json(), { errors: [{ message: /maximum of 30/ }] });
  await t.rejects(startFedEx(t, { options: { batch_size: '31' } }), /WAYBILL_COURIER_FEDEX_BATCH_SIZE: 31 is more than .* \(30\)/);
});

t.test('a 429 that is not JSON: its words still tell the daily quota from the window', async (t) => {
  const kit = await startFedEx(t);
  inTransitAll(kit.sim, ['666666666661']);
  await kit.register(['666666666661']);
  kit.sim.server.injectFault({ kind: 'status', status: 429, headers: { 'content-type': 'text/plain' }, body: 'Daily transaction quota exceeded. Retry after 12:00AM GMT' }, onTrack);
  t.match(await kit.run(), { state: 'paused', pausedUntil: '2026-03-11T00:00:00.000Z' });
  kit.clock.advance(10 * 3600_000 + 1000);
  kit.sim.server.injectFault({ kind: 'status', status: 429, body: '' }, onTrack);
  const run = await kit.run();
  t.match(run, { state: 'paused', pausedUntil: new Date(kit.clock.now().getTime() + 10_000).toISOString() }, 'an empty 429: the 10-second window');
});

t.test('FedEx’s 403 (FORBIDDEN.ERROR) cools the courier down for the 10 minutes of FedEx’s penalty', async (t) => {
  const kit = await startFedEx(t);
  inTransitAll(kit.sim, ['777777777771']);
  await kit.register(['777777777771']);
  kit.sim.forbid();
  t.match(await kit.run(), { state: 'paused', error: /403/, pausedUntil: '2026-03-10T14:10:00.000Z' });
});

t.test('the simulator serves a delivered package with its recorded shape', async (t) => {
  const kit = await startFedEx(t);
  kit.sim.setPackage('888888888881', DELIVERED);
  await kit.register(['888888888881']);
  await kit.run();
  t.match(await kit.lookup('888888888881'), { status: 'delivered', location: 'BROOKLYN, NY, US', lastEventAt: '2026-03-12T18:41:57.000Z' });
});

function inTransitAll(sim: { setPackage(n: string, ...p: (typeof IN_TRANSIT)[]): void }, numbers: string[]) {
  for (const n of numbers) sim.setPackage(n, IN_TRANSIT);
}
