import t, { type Test } from 'tap';
import { DELIVERED, IN_TRANSIT, START, addMultiPieceShipment, inTransit, isTokenRequest, isTrackRequest, returningToShipper, startFedEx, trackingNumbers, type FedExHarness } from './testing.js';

const at = (offsetMs: number) => new Date(Date.parse(START) + offsetMs).toISOString();
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const tokenOf = (r: { headers: { authorization?: string | undefined } }) => r.headers.authorization;
const untouched = { active: true, status: 'info_received', consecutiveFailures: 0, lastCheckedAt: null, lastError: null };

async function updatedAll(t: Test, kit: FedExHarness, numbers: readonly string[], status = 'in_transit') {
  const statuses = await Promise.all(numbers.map(async (n) => (await kit.lookup(n)).status));
  t.same(new Set(statuses), new Set([status]), `all ${numbers.length} numbers are ${status}`);
}

t.test('over the HTTP API: register, run, read back status, scans, ETA and the numbers FedEx does not know', async (t) => {
  const kit = await startFedEx(t);
  kit.sim.setPackage('794644790131', IN_TRANSIT);
  kit.sim.setPackage('794644790132', DELIVERED);
  await kit.register(['794644790131', '794644790132', '794644790133']);
  const run = await kit.runOverHttp();
  t.match(run, { state: 'succeeded', counts: { claimed: 3, requests: 2, updated: 2, notFound: 1, failed: 0 } }, 'one token request and one tracking request');
  t.match(await kit.lookup('794644790131'), {
    status: 'in_transit',
    substatus: null,
    rawStatus: 'IT',
    eta: '2026-03-12T20:00:00-05:00',
    location: 'MEMPHIS, TN, US',
    events: [
      { at: '2026-03-10T00:20:00.000Z', status: 'PU', canonicalStatus: 'in_transit', substatus: 'picked_up' },
      { at: '2026-03-10T12:45:00.000Z', status: 'AR', canonicalStatus: 'in_transit', location: 'MEMPHIS, TN, US' },
    ],
  });
  t.match(await kit.lookup('794644790132'), { status: 'delivered', active: false, statusFirstSeen: { delivered: '2026-03-12T18:41:57.000Z' } });
  t.match(await kit.lookup('794644790133'), { status: 'info_received', active: true, lastError: /not found: TRACKING\.TRACKINGNUMBER\.NOTFOUND/ });
});

t.test('the token expires in the middle of a run: FedEx answers 401, one refresh for both workers, every number updated', async (t) => {
  const kit = await startFedEx(t, { options: { workers: '2' } });
  const numbers = trackingNumbers('61', 120);
  inTransit(kit.sim, numbers);
  await kit.register(numbers);
  kit.sim.holdTracking(2); // the first two batches are answered together,
  kit.sim.expireTokensAfter(2, 2); // then the token is over and the next two, in flight at once, meet the 401
  const run = await kit.runOverHttp();
  t.match(run, { state: 'succeeded', counts: { claimed: 120, updated: 120, failed: 0 } });
  t.equal(kit.requests(isTokenRequest).length, 2, 'the first token, and exactly one refresh');
  const exchanges = kit.sim.server.exchanges.filter((x) => isTrackRequest(x.request));
  t.same(exchanges.map((x) => x.status), [200, 200, 401, 401, 200, 200], 'two batches, two refused, the same two again');
  t.match(exchanges[2]!.body, /NOT\.AUTHORIZED\.ERROR.*Access token expired/, 'in FedEx’s words');
  const tokens = exchanges.map((x) => tokenOf(x.request));
  t.equal(new Set(tokens.slice(0, 4)).size, 1, 'the first four carried the first token');
  t.equal(tokens[4], tokens[5], 'both retries carry the one new token');
  t.not(tokens[4], tokens[0]);
  await updatedAll(t, kit, numbers);
});

t.test('a token is renewed before its expires_in runs out, without a 401', async (t) => {
  const kit = await startFedEx(t);
  inTransit(kit.sim, ['794644790141', '794644790142']);
  await kit.register(['794644790141']);
  await kit.runOverHttp();
  kit.clock.advance(59 * MINUTE); // FedEx would still accept it for a few seconds
  await kit.register(['794644790142']);
  t.match(await kit.runOverHttp(), { state: 'succeeded', counts: { updated: 1 } });
  t.equal(kit.requests(isTokenRequest).length, 2);
  t.same(kit.sim.server.exchanges.filter((x) => isTrackRequest(x.request)).map((x) => x.status), [200, 200], 'nothing refused');
});

t.test('a 429 of the 10-second window pauses until the window is over (or Retry-After), loses nothing, then resumes', async (t) => {
  const kit = await startFedEx(t);
  const numbers = trackingNumbers('62', 3);
  inTransit(kit.sim, numbers);
  await kit.register(numbers);
  kit.sim.throttle();
  t.match(await kit.runOverHttp(), { state: 'paused', error: /answered 429; resume at/, pausedUntil: at(10_000) });
  t.match(await kit.courierState(), { paused: true, pausedUntil: at(10_000) });
  t.match(await kit.runOverHttp(), { state: 'skipped', pausedUntil: at(10_000) }, 'no request while paused');
  for (const n of numbers) t.match(await kit.shipment(n), untouched, `${n} given back untouched`);
  kit.clock.advance(10_000);
  t.match(await kit.runOverHttp(), { state: 'succeeded', counts: { updated: 3 } }, 'resumes once the window is over');
  t.equal(kit.sim.trackingRequests().length, 2);
  await updatedAll(t, kit, numbers);

  await kit.register(['794644790151']);
  kit.sim.setPackage('794644790151', IN_TRANSIT);
  kit.sim.throttle({ 'Retry-After': '3' });
  t.match(await kit.runOverHttp(), { state: 'paused', pausedUntil: at(13_000) }, 'Retry-After, when FedEx sends it');
});

t.test('the daily quota’s 429 pauses FedEx until 00:00 GMT, then every number is asked again', async (t) => {
  const kit = await startFedEx(t);
  const numbers = trackingNumbers('63', 31);
  inTransit(kit.sim, numbers);
  await kit.register(numbers);
  kit.sim.exhaustDailyQuota();
  const run = await kit.runOverHttp();
  t.match(run, { state: 'paused', error: /daily quota used up .*Daily transaction quota exceeded/, pausedUntil: '2026-03-11T00:00:00.000Z' });
  t.match(await kit.courierState(), { paused: true, pausedUntil: '2026-03-11T00:00:00.000Z' });
  kit.clock.advance(Date.parse('2026-03-10T23:59:59Z') - kit.clock.now().getTime());
  t.match(await kit.runOverHttp(), { state: 'skipped' }, 'still paused a second before midnight GMT');
  for (const n of numbers) t.match(await kit.shipment(n), untouched);
  kit.clock.advance(2000);
  t.match(await kit.runOverHttp(), { state: 'succeeded', counts: { updated: 31, failed: 0 } });
  t.same(kit.sim.server.exchanges.filter((x) => isTrackRequest(x.request)).map((x) => x.status), [429, 429, 200, 200], 'both batches refused that day, both answered the next');
  await updatedAll(t, kit, numbers);
});

t.test('a return to the shipper under a new number: linked, tracked for the order, and the original closes when it arrives', async (t) => {
  const kit = await startFedEx(t);
  const [original, back] = ['289570105533', '289570198701'];
  returningToShipper(kit.sim, original, back);
  kit.sim.setPackage(back, { ...IN_TRANSIT, code: 'PU', description: 'Picked up' });
  await kit.register([original], () => ({ orderId: 'ORDER-7' }));

  await kit.runOverHttp();
  const returning = await kit.lookup(original);
  t.match(returning, { status: 'rto_initiated', substatus: 'return_to_shipper', rawStatus: 'DE', active: true, links: [{ trackingNumber: back, relation: 'return' }] });
  t.ok(
    returning.events.some((e) => e.substatus === 'customer_not_available_or_business_closed' && e.canonicalStatus === 'delivery_failed'),
    'the failed attempt before it stays in the timeline',
  );
  const registered = await kit.lookup(back);
  t.match(registered, { orderId: 'ORDER-7', origin: 'return', links: [{ trackingNumber: original, relation: 'return_of' }] }, 'the return is tracked for the same order');

  await kit.runOverHttp();
  t.match(await kit.lookup(back), { status: 'in_transit' }, 'the return’s own journey');
  t.match(await kit.lookup(original), { status: 'rto_initiated' });

  kit.sim.setPackage(back, DELIVERED);
  kit.clock.advance(3 * HOUR);
  await kit.runOverHttp();
  t.match(await kit.lookup(back), { status: 'delivered' });
  const closed = await kit.lookup(original);
  t.match(closed, { status: 'rto_delivered', active: false }, 'back at the shipper');
  t.same(closed.history.map((h) => h.status), ['info_received', 'rto_initiated', 'rto_delivered']);
});

t.test('a multi-piece shipment: master and two packages, each tracked under its own number with its own status', async (t) => {
  const kit = await startFedEx(t);
  const [master, second, third] = ['794699990001', '794699990002', '794699990003'];
  addMultiPieceShipment(kit.sim, { master, packages: [second, third] });
  const res = await kit.app.inject({ method: 'POST', url: '/v1/shipments', payload: { courier: 'fedex', trackingNumber: master, orderId: 'ORDER-MPS', packages: [second, third] } });
  t.equal(res.statusCode, 201, res.body);
  t.match(await kit.runOverHttp(), { state: 'succeeded', counts: { claimed: 3, updated: 3 } });
  t.equal(kit.sim.trackingRequests().length, 1, 'the three numbers in one request');
  t.match(await kit.lookup(master), { status: 'delivered', master: null });
  t.match(await kit.lookup(second), { status: 'out_for_delivery', master });
  t.match(await kit.lookup(third), { status: 'in_transit', master });
});
