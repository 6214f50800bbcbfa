import t from 'tap';
import { COURIER, START, awbs, awbsOf, inTransit, isTrackRequest, startEasyParcel, type EasyParcelHarness } from './testing.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const at = (offsetMs: number) => new Date(Date.parse(START) + offsetMs).toISOString();

/** Register over the public API, as a shop does (POST /v1/shipments). */
async function register(h: EasyParcelHarness, numbers: readonly string[]) {
  const shipments = numbers.map((trackingNumber, i) => ({ courier: COURIER, trackingNumber, orderId: `SHOP-${i}` }));
  const res = await h.app.inject({ method: 'POST', url: '/v1/shipments', payload: { shipments } });
  if (res.statusCode !== 201) throw new Error(`registering failed: ${res.statusCode} ${res.body}`);
}

const statuses = async (h: EasyParcelHarness, numbers: readonly string[]) => new Set(await Promise.all(numbers.map(async (n) => (await h.lookup(n)).status)));

t.test('over the HTTP API: registered, run by the run-control route, read back in canonical terms', async (t) => {
  const h = await startEasyParcel(t, { refreshToken: true });
  // The harness opens the per-minute quota up for speed; the rest is as declared.
  t.match(await h.courierState(), { auth: 'oauth2', batchSize: 100, concurrency: 3, quota: { daily: 1000 }, schedule: { cron: '*/15 * * * *', maxPerRun: 1000 } });
  h.sim.scan('EP-BOOKED', 7, 'Schedule In Arrangement');
  h.sim.scan('EP-CANCELLED', 7, 'Schedule In Arrangement');
  h.sim.scan('EP-CANCELLED', 8, 'Cancelled', { location: 'Kuala Lumpur Hub, Kuala Lumpur, MY' });
  h.sim.scan('EP-OFD', 4, 'Item Collected', { at: new Date(Date.parse(START) - 3 * HOUR) });
  h.sim.scan('EP-OFD', 8, 'Out for Delivery', { location: 'Penang Hub, Penang, MY' });
  await register(h, ['EP-BOOKED', 'EP-CANCELLED', 'EP-OFD', 'EP-NOBODY']);

  const run = await h.runOverHttp();
  t.match(run, { courier: COURIER, state: 'succeeded', counts: { claimed: 4, updated: 3, notFound: 1, unmapped: 0, failed: 0 } });
  t.same(h.sim.trackingRequests().map((r) => awbsOf(r).sort()), [['EP-BOOKED', 'EP-CANCELLED', 'EP-NOBODY', 'EP-OFD']], 'one request for the four');

  t.match(await h.lookup('EP-BOOKED'), { status: 'pending_pickup', rawStatus: 'Schedule In Arrangement', active: true, nextCheckAt: at(24 * HOUR) });
  t.match(await h.lookup('EP-CANCELLED'), { status: 'cancelled', rawStatus: 'Cancelled', active: false, inactiveReason: 'terminal', location: 'Kuala Lumpur Hub, Kuala Lumpur, MY' }, 'code 8 with "Cancelled" is a cancellation');
  const ofd = await h.lookup('EP-OFD');
  t.match(ofd, { status: 'out_for_delivery', nextCheckAt: at(30 * MINUTE), lastEventAt: START });
  t.same(ofd.events.map((e) => [e.at, e.status, e.code, e.canonicalStatus]).sort(), [
    [at(-3 * HOUR), 'Item Collected', '4', 'in_transit'],
    [START, 'Out for Delivery', '8', 'out_for_delivery'],
  ]);
  t.match(await h.lookup('EP-NOBODY'), { status: 'info_received', active: true, lastError: 'not found: EasyParcel: AWB number not found' }, 'an unknown AWB stays tracked');
});

t.test('the access token expires while requests are in flight: exactly one refresh for all workers, no batch lost', async (t) => {
  // The requests below stay in flight for two minutes of the test's clock: longer than the default lease.
  // Batches of 25 keep it quick: 90 AWBs make four batches for the three workers.
  const h = await startEasyParcel(t, { env: { WAYBILL_LEASE_SECONDS: '600' }, options: { batch_size: '25' } });
  const numbers = awbs('EPX', 90);
  inTransit(h.sim, numbers);
  await register(h, numbers);
  t.match(await h.runOverHttp(), { state: 'succeeded', counts: { updated: 90 } });
  t.equal(h.sim.tokenRequests().length, 1, 'one token for the first run');

  for (const awb of numbers) h.sim.scan(awb, 8, 'Out for Delivery');
  // 10 h less 61 s after the token was issued: Waybill still uses it (it renews a minute before expiry).
  h.clock.advance(10 * HOUR - 61_000);
  const before = h.sim.trackingRequests().length;
  // Three workers, four batches: the first three requests are in flight with the token when it expires.
  const inFlight = h.sim.holdTracking(3);
  const running = h.runOverHttp();
  await inFlight;
  h.clock.advance(2 * MINUTE);
  h.sim.release();
  const run = await running;

  t.match(run, { state: 'succeeded', counts: { claimed: 90, updated: 90, failed: 0 } });
  t.equal(h.sim.tokenRequests().length, 2, 'exactly one new token, shared by the three workers');
  const second = h.sim.server.exchanges.filter((x) => isTrackRequest(x.request)).slice(before);
  t.same(second.map((x) => x.status).sort(), [200, 200, 200, 200, 401, 401, 401], 'three refused, retried once each, and the fourth batch');
  t.match(second.find((x) => x.status === 401)?.body, /"name":"invalid_token"/, "refused in EasyParcel's words");
  t.same([...(await statuses(h, numbers))], ['out_for_delivery'], 'every AWB was updated');
});

t.test('a 429 pauses EasyParcel until the time it gave; nothing is lost and the next run after it catches up', async (t) => {
  const h = await startEasyParcel(t, { options: { batch_size: '25' } });
  const numbers = awbs('EPR', 50);
  inTransit(h.sim, numbers);
  await register(h, numbers);
  // Both batches go out at once; EasyParcel refuses the first it reads.
  const inFlight = h.sim.holdTracking(2);
  h.sim.rateLimitNext({ 'Retry-After': '120' });
  const running = h.runOverHttp();
  await inFlight;
  h.sim.release();
  const limited = await running;
  t.match(limited, { state: 'paused', error: /429/, pausedUntil: at(2 * MINUTE) });
  t.match(await h.courierState(), { paused: true, pausedUntil: at(2 * MINUTE) });
  const exchanges = h.sim.server.exchanges.filter((x) => isTrackRequest(x.request));
  t.same(exchanges.map((x) => x.status).sort(), [200, 429], 'one refused, one answered');
  const refusedExchange = exchanges.find((x) => x.status === 429);
  const answeredExchange = exchanges.find((x) => x.status === 200);
  t.same(JSON.parse(refusedExchange!.body), { status_code: 429, message: 'Too Many Requests', data: null }, "in EasyParcel's envelope");
  // The refused batch is given back untouched; the one answered beside it is kept.
  const refused = awbsOf(refusedExchange!.request);
  const answered = awbsOf(answeredExchange!.request);
  for (const awb of [refused[0]!, refused.at(-1)!]) {
    t.match(await h.lookup(awb), { status: 'info_received', active: true, lastError: null, lastCheckedAt: null }, `${awb} untouched`);
    t.equal((await h.shipment(awb)).consecutiveFailures, 0, `${awb}: a rate limit is no failure of the shipment`);
  }
  t.same([...(await statuses(h, answered))], ['in_transit'], 'the batch answered beside it is kept');

  h.clock.advance(MINUTE);
  t.match(await h.runOverHttp(), { state: 'skipped' }, 'still paused a minute later');
  const asked = h.sim.trackingRequests().length;
  h.clock.advance(MINUTE + 1000);
  t.match(await h.runOverHttp(), { state: 'succeeded', counts: { claimed: refused.length, updated: refused.length, failed: 0 } }, 'after the time EasyParcel gave');
  t.equal(h.sim.trackingRequests().length - asked, 1, 'the refused batch asked once more');
  t.same([...(await statuses(h, numbers))], ['in_transit'], 'every AWB is up to date');
});
