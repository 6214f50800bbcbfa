import t from 'tap';
import { readFixture, replayFixture } from 'waybill/testing';
import { eta, flag } from './answer-fields.js';
import { isoOffset } from './event-time.js';
import { CREDENTIALS, START, isTokenRequest, isTrackRequest, startUsps, trackingNumbers, type UspsHarness } from './testing.js';

const FIXTURES = new URL('./fixtures/', import.meta.url);
const onTracking = { match: isTrackRequest };
const later = (ms: number) => new Date(Date.parse(START) + ms).toISOString();

/** Register `tn` (not known to the simulator unless shipped) and run once. */
async function checkOnce(h: UspsHarness, tn: string) {
  await h.register([tn]);
  return h.run();
}

function answer(events: unknown[], extra: Record<string, unknown> = {}) {
  return JSON.stringify({ trackingNumber: 'x', status: 'In Transit to Next Facility', statusCategory: 'In Transit', trackingEvents: events, ...extra });
}

t.test("USPS's live answer: scans at their GMT time, in the courier's words and codes, mapped one by one", async (t) => {
  const h = await startUsps(t);
  const fixture = readFixture(FIXTURES, 'track-delivered.json');
  replayFixture(h.sim.server, fixture, isTrackRequest);
  const run = await checkOnce(h, '9400109104250532908587');
  t.match(run, { state: 'succeeded', counts: { updated: 1, failed: 0, unmapped: 0 } });
  const view = await h.lookup('9400109104250532908587');
  t.match(view, { status: 'delivered', substatus: 'parcel_locker', rawStatus: 'Delivered', location: 'HERNANDO, FL 34442', active: false, lastEventAt: '2024-11-22T18:58:40.000Z' });
  t.equal(view.events.length, 12, 'every scan');
  const delivered = view.events.find((e) => e.code === '01');
  t.match(delivered, { at: '2024-11-22T18:58:40.000Z', status: '01', description: 'Delivered, Parcel Locker', canonicalStatus: 'delivered' }, 'GMTTimestamp, to the second');
  t.match(view.events.find((e) => e.code === 'GX'), { canonicalStatus: 'info_received', location: 'SPRINGFIELD GARDENS, NY 11413' });
  t.match(view.events.find((e) => e.code === 'A1'), { location: 'JACKSONVILLE FL DISTRIBUTION CENTER', canonicalStatus: 'in_transit' });
  t.same(h.requests(isTrackRequest).map((r) => r.query), [{ expand: 'DETAIL' }], 'expand=DETAIL');
});

t.test('without GMTTimestamp a scan is read at its GMTOffset; a local time without an offset is not guessed', async (t) => {
  const h = await startUsps(t);
  const [tn] = trackingNumbers(1);
  const scans = [
    { eventType: 'Arrived at Post Office', eventCode: '07', eventTimestamp: '2026-04-30T08:15:00', GMTOffset: '-7:00' },
    { eventType: 'In Transit to Next Facility', eventCode: 'TL', eventTimestamp: '2026-04-29T23:00:00' },
    { eventType: 'USPS in possession of item', eventCode: '03', eventTimestamp: '2026-04-29T10:00:00', GMTTimestamp: '2026-04-29T15:00:07Z', GMTOffset: '-05:00' },
  ];
  h.sim.server.injectFault({ kind: 'status', status: 200, body: answer(scans) }, onTracking);
  t.match(await checkOnce(h, tn!), { counts: { updated: 1 } });
  const view = await h.lookup(tn!);
  t.same(
    view.events.map((e) => [e.code, e.at]),
    [
      ['03', '2026-04-29T15:00:07.000Z'],
      ['07', '2026-04-30T15:15:00.000Z'],
    ],
    'GMT first; local 08:15 at -7:00 is 15:15 UTC; the scan with no zone at all is left out',
  );
  t.equal(view.lastEventAt, '2026-04-30T15:15:00.000Z');
});

t.test('a number USPS does not know (404 with its error body) is not found and still tracked', async (t) => {
  const h = await startUsps(t);
  const fixture = readFixture(FIXTURES, 'track-not-found.json');
  replayFixture(h.sim.server, fixture, isTrackRequest);
  const run = await checkOnce(h, '9400111899223397910390');
  t.match(run, { state: 'succeeded', counts: { notFound: 1, failed: 0 } });
  t.match(await h.lookup('9400111899223397910390'), { active: true, status: 'info_received', lastError: /^not found: Tracking is not available for this item/, lastCheckedAt: START });
});

t.test("a 404 without USPS's error body is no answer about the number: a transient failure naming the base URL", async (t) => {
  const h = await startUsps(t);
  // What the API gateway answers for a path it does not serve (a wrong base URL), not USPS's error body.
  const gateway = { fault: { faultstring: 'Unable to identify proxy for host: apis and url: /wrong/tracking/v3/tracking/x', detail: { errorcode: 'messaging.adaptors.http.flow.ApplicationNotFound' } } };
  h.sim.server.injectFault({ kind: 'status', status: 404, body: JSON.stringify(gateway) }, onTracking);
  const [tn] = trackingNumbers(1);
  t.match(await checkOnce(h, tn!), { counts: { failed: 1, notFound: 0 } });
  t.match(await h.shipment(tn!), { active: true, consecutiveFailures: 1, lastError: /answered 404 without USPS's error body \(is the base URL right\?\)/ });
});

t.test('an error inside a 200 answer is that number not found', async (t) => {
  const h = await startUsps(t);
  const body = { apiVersion: '/tracking/v3', error: { code: '404', message: 'No record of that item', errors: [] } };
  h.sim.server.injectFault({ kind: 'status', status: 200, body: JSON.stringify(body) }, onTracking);
  const [tn] = trackingNumbers(1);
  t.match(await checkOnce(h, tn!), { counts: { notFound: 1 } });
  t.match(await h.shipment(tn!), { lastError: 'not found: No record of that item', active: true });
});

t.test('503 with Retry-After pauses the courier until then; without it, it is a transient failure', async (t) => {
  const h = await startUsps(t);
  const body = JSON.stringify({ apiVersion: '/tracking/v3', error: { code: '503', message: 'Service Unavailable', errors: [] } });
  h.sim.server.injectFault({ kind: 'status', status: 503, headers: { 'Retry-After': '120' }, body }, onTracking);
  const [a, b] = trackingNumbers(2);
  h.sim.ship(a!, 'delivered', 2);
  h.sim.ship(b!, 'delivered', 2);
  t.match(await checkOnce(h, a!), { state: 'paused', pausedUntil: later(120_000), error: /503/ });
  t.match(await h.courierState(), { paused: true, pausedUntil: later(120_000) });
  t.match(await h.shipment(a!), { consecutiveFailures: 0, lastCheckedAt: null }, 'given back untouched');
  h.clock.advance(120_000);
  h.sim.server.injectFault({ kind: 'status', status: 503, body }, { match: (r) => isTrackRequest(r) && r.path.endsWith(b!) });
  t.match(await checkOnce(h, b!), { state: 'succeeded', counts: { failed: 1, updated: 1 } }, 'the bare 503 fails one check');
  t.match(await h.shipment(a!), { status: 'picked_up' }, 'the paused one was asked after the pause');
  t.match(await h.shipment(b!), { consecutiveFailures: 1, lastError: /answered 503/ });
});

t.test('the token request: client credentials and scope tracking as a form; USPS also takes JSON, nothing else', async (t) => {
  const h = await startUsps(t);
  const [tn] = trackingNumbers(1);
  h.sim.ship(tn!, 'delivered', 2);
  await checkOnce(h, tn!);
  const [token] = h.requests(isTokenRequest);
  t.match(token?.headers['content-type'], /^application\/x-www-form-urlencoded/);
  t.same(token?.body, { grant_type: 'client_credentials', client_id: CREDENTIALS.client_id, client_secret: CREDENTIALS.client_secret, scope: 'tracking' });
  t.match(h.requests(isTrackRequest)[0]?.headers.authorization, /^Bearer \S+$/);
  const post = (type: string, body: string) => fetch(`${h.sim.url}/oauth2/v3/token`, { method: 'POST', headers: { 'content-type': type }, body });
  const json = await post('application/json', JSON.stringify({ grant_type: 'client_credentials', client_id: CREDENTIALS.client_id, client_secret: CREDENTIALS.client_secret }));
  t.match(await json.json(), { token_type: 'Bearer', expires_in: 28_799, status: 'approved' }, 'JSON, as USPS documents it');
  t.equal((await post('text/plain', 'client_id=x')).status, 415);
});

t.test('a token lives its expires_in: renewed before it ends, without a 401', async (t) => {
  const h = await startUsps(t);
  const [a, b] = trackingNumbers(2);
  h.sim.ship(a!, 'delivered', 2);
  h.sim.ship(b!, 'delivered', 2);
  await checkOnce(h, a!);
  h.clock.advance(28_799_000 - 30_000); // 30 s of the token left at USPS: within the core's margin
  t.match(await checkOnce(h, b!), { state: 'succeeded', counts: { updated: 1 } });
  t.equal(h.requests(isTokenRequest).length, 2, 'a new token before the old one ended');
  t.same(h.sim.server.exchanges.filter((x) => isTrackRequest(x.request)).map((x) => x.status), [200, 200], 'no request refused');
});

t.test('expires_in as a string (USPS README examples) is read as its lifetime: renewed before it ends, without a 401', async (t) => {
  const h = await startUsps(t, { sim: { numbersAsStrings: true } });
  const [a, b] = trackingNumbers(2);
  h.sim.ship(a!, 'delivered', 2);
  h.sim.ship(b!, 'delivered', 2);
  await checkOnce(h, a!);
  h.clock.advance(28_799_000 - 30_000);
  t.match(await checkOnce(h, b!), { state: 'succeeded', counts: { updated: 1 } });
  t.equal(h.requests(isTokenRequest).length, 2, 'one new token, asked before the old one ended');
  t.same(h.sim.server.exchanges.filter((x) => isTrackRequest(x.request)).map((x) => x.status), [200, 200], 'no request refused');
});

t.test('an expired token is refused with USPS 401 body', async (t) => {
  const h = await startUsps(t, { sim: { tokenLifetimeSeconds: 60 } });
  const token = await (
    await fetch(`${h.sim.url}/oauth2/v3/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'client_credentials', ...CREDENTIALS }) })
  ).json();
  const [tn] = trackingNumbers(1);
  h.sim.ship(tn!, 'delivered', 1);
  const track = () => fetch(`${h.sim.url}/tracking/v3/tracking/${tn}?expand=DETAIL`, { headers: { authorization: `Bearer ${token.access_token}` } });
  t.equal((await track()).status, 200);
  h.clock.advance(60_000);
  const refused = await track();
  t.equal(refused.status, 401);
  t.match(refused.headers.get('www-authenticate'), /^Bearer realm="https:\/\/api\.usps\.com", error="invalid_token"$/);
  t.match(await refused.json(), { apiVersion: '/tracking/v3', error: { code: '401', message: 'The access token has expired.' } });
});

t.test('refused client credentials: the run fails naming it, nothing is asked, the courier pauses', async (t) => {
  const h = await startUsps(t, { credentials: { client_secret: 'not-the-secret' } });
  const [tn] = trackingNumbers(1);
  t.match(await checkOnce(h, tn!), { state: 'failed', error: /token endpoint refused the client credentials.*401/ });
  t.equal(h.requests(isTrackRequest).length, 0);
  t.match(await h.courierState(), { paused: true, pauseReason: /login refused/ });
  t.match(await h.shipment(tn!), { lastCheckedAt: null, consecutiveFailures: 0 });
  t.notOk(h.logs.some((line) => line.includes('not-the-secret')), 'the secret is never logged');
});

t.test('an app not authorized for the Tracking API (403) cools the courier down; nothing is marked failed', async (t) => {
  const h = await startUsps(t, { sim: { trackingAccess: false } });
  const [tn] = trackingNumbers(1);
  h.sim.ship(tn!, 'delivered', 2);
  t.match(await checkOnce(h, tn!), { state: 'paused', error: /403/, pausedUntil: later(8 * 60_000) });
  t.match(await h.shipment(tn!), { consecutiveFailures: 0, lastCheckedAt: null });
});

t.test('readers: string booleans, offsets, ETA', async (t) => {
  t.same([flag(true), flag('true'), flag(' FALSE '), flag(false), flag('yes'), flag(1), flag(null)], [true, true, false, false, undefined, undefined, undefined]);
  t.same([isoOffset('-05:00'), isoOffset('-7:00'), isoOffset('+1000'), isoOffset('-5'), isoOffset('GMT'), isoOffset('-25:00')], ['-05:00', '-07:00', '+10:00', '-05:00', undefined, undefined]);
  t.equal(eta({ expectedDeliveryTimeStamp: '2026-05-04T00:00:00Z' }), '2026-05-04T00:00:00Z', 'a zoned timestamp is kept');
  t.equal(eta({ expectedDeliveryTimeStamp: '2026-05-04T21:00:00' }), '2026-05-04', 'a zone-less one is its local day');
  t.equal(eta({ expectedDeliveryTimeStamp: '', predictedDeliveryDate: '2026-05-05' }), '2026-05-05');
  t.equal(eta({ expectedDeliveryTimeStamp: 'soon' }), undefined);
});
