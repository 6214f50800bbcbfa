import t, { type Test } from 'tap';
import { loadConfig } from '../../config/load.js';
import { ManualClock } from '../../core/clock.js';
import fedex from '../../plugins/couriers/fedex/index.js';
import sandbox from '../../plugins/couriers/sandbox/index.js';
import { startTestApp } from '../helpers/app.js';
import { startSandboxApp } from '../helpers/sandbox.js';

const KEY = 'k'.repeat(20);
const auth = { authorization: `Bearer ${KEY}` };
const PUBLIC = { WAYBILL_API_KEYS: KEY, WAYBILL_PUBLIC_TRACKING: 'on' };
const ALLOWED = ['ageSeconds', 'checkedAt', 'courier', 'eta', 'source', 'status', 'substatus', 'timeline', 'trackingNumber', 'updatedAt'];
const metadata = { destination: { postcode: 'SW1A 1AA', name: 'Asha Rao', phone: '+44 20 7946 0000', address: '10 Downing Street, London' } };

async function publicApp(t: Test, env: Record<string, string> = {}) {
  const clock = new ManualClock('2026-05-01T10:00:00.000Z');
  const harness = await startSandboxApp(t, { clock, env: { ...PUBLIC, ...env } });
  const registered = await harness.app.inject({
    method: 'POST',
    url: '/v1/shipments',
    headers: auth,
    payload: { courier: 'sandbox', trackingNumber: 'SBX-DELIVERED-1', orderId: 'order-1', reference: 'ref-1', metadata },
  });
  t.equal(registered.statusCode, 201);
  // One poll moves a sandbox story one step; the shipment is due again well within 8 hours.
  const poll = async () => {
    clock.advance(8 * 3_600_000);
    await harness.run();
  };
  return { ...harness, clock, poll };
}

t.test('with WAYBILL_PUBLIC_TRACKING=on a guest tracks by number, seeing the allow-list only', async (t) => {
  const { app, poll, clock } = await publicApp(t);
  const before = await app.inject({ method: 'GET', url: '/v1/track/SBX-DELIVERED-1' });
  t.equal(before.statusCode, 200, 'no API key needed');
  t.match(before.json(), { status: 'info_received', source: 'unavailable', ageSeconds: null, checkedAt: null });

  await poll();
  await poll();
  clock.advance(30_000);
  const res = await app.inject({ method: 'GET', url: '/v1/track/SBX-DELIVERED-1' });
  const body = res.json();
  t.same(Object.keys(body).sort(), ALLOWED);
  t.match(body, { trackingNumber: 'SBX-DELIVERED-1', courier: 'sandbox', status: 'picked_up', source: 'cached', ageSeconds: 30 });
  t.same(body.timeline.map((e: { status: string }) => e.status), ['info_received', 'picked_up']);
  for (const entry of body.timeline) t.same(Object.keys(entry).sort(), ['at', 'location', 'status', 'substatus']);
  t.equal(body.timeline[1].location, 'Bengaluru', "the courier's city");
  for (const secret of ['order-1', 'ref-1', 'Asha', '+44', 'Downing', 'SW1A', 'PICKED_UP', 'Picked up from seller', 'Seller warehouse']) t.notOk(res.body.includes(secret), `${secret} is not shown`);
  t.equal(res.headers['cache-control'], 'private, max-age=60');
  t.match(res.headers.etag, /^W\/"[\w-]{43}"$/);
  const doc = (await app.inject({ method: 'GET', url: '/docs/json' })).json();
  t.same(doc.paths['/v1/track/{trackingNumber}'].get.security, [], 'documented as public');
});

t.test('ETag: 304 on a matching If-None-Match, the same across ageing, another after a new check', async (t) => {
  const { app, poll, clock } = await publicApp(t);
  await poll();
  const first = await app.inject({ method: 'GET', url: '/v1/track/SBX-DELIVERED-1' });
  const etag = first.headers.etag as string;
  clock.advance(5_000);
  const notModified = await app.inject({ method: 'GET', url: '/v1/track/SBX-DELIVERED-1', headers: { 'if-none-match': etag } });
  t.equal(notModified.statusCode, 304, 'only the age changed');
  t.equal(notModified.body, '');
  t.equal(notModified.headers.etag, etag);
  t.equal((await app.inject({ method: 'GET', url: '/v1/track/SBX-DELIVERED-1', headers: { 'if-none-match': `"other", ${etag}` } })).statusCode, 304, 'one of a list');
  t.equal((await app.inject({ method: 'GET', url: '/v1/track/SBX-DELIVERED-1', headers: { 'if-none-match': '"other"' } })).statusCode, 200);
  t.equal((await app.inject({ method: 'GET', url: '/v1/track/SBX-DELIVERED-1', headers: { 'if-none-match': '*' } })).statusCode, 304, 'any');
  await poll();
  const changed = await app.inject({ method: 'GET', url: '/v1/track/SBX-DELIVERED-1', headers: { 'if-none-match': etag } });
  t.equal(changed.statusCode, 200, 'a new check is new data');
  t.not(changed.headers.etag, etag);
});

t.test('by order id, the destination postcode is the second factor', async (t) => {
  const { app } = await publicApp(t);
  const ok = await app.inject({ method: 'GET', url: '/v1/track/orders/order-1?postcode=sw1a-1aa' });
  t.equal(ok.statusCode, 200, 'compared without case, spaces or dashes');
  t.same(Object.keys(ok.json()).sort(), ['orderId', 'shipments']);
  t.same(Object.keys(ok.json().shipments[0]).sort(), ALLOWED);
  t.ok(ok.headers.etag);
  const etag = ok.headers.etag as string;
  t.equal((await app.inject({ method: 'GET', url: '/v1/track/orders/order-1?postcode=SW1A1AA', headers: { 'if-none-match': etag } })).statusCode, 304);

  const wrongPostcode = await app.inject({ method: 'GET', url: '/v1/track/orders/order-1?postcode=EC1A1BB' });
  const unknownOrder = await app.inject({ method: 'GET', url: '/v1/track/orders/order-404?postcode=SW1A1AA' });
  t.equal(wrongPostcode.statusCode, 404);
  t.same(wrongPostcode.json(), unknownOrder.json(), 'a wrong postcode does not tell that the order exists');
  t.match(unknownOrder.json(), { code: 'SHIPMENT_NOT_FOUND' });
});

t.test('input is validated, naming the field', async (t) => {
  const { app } = await publicApp(t);
  const cases: [string, string][] = [
    ['/v1/track/orders/order-1', 'querystring/postcode is required'],
    ['/v1/track/orders/order-1?postcode=%3Cscript%3E', 'querystring/postcode must match pattern'],
    [`/v1/track/orders/${'o'.repeat(129)}?postcode=SW1A1AA`, 'params/orderId must NOT have more than 128 characters'],
    ['/v1/track/has%20space', 'params/trackingNumber must match pattern'],
    ['/v1/track/SBX-1?courier=Not_A_Courier', 'querystring/courier must match pattern'],
  ];
  for (const [url, message] of cases) {
    const res = await app.inject({ method: 'GET', url });
    t.equal(res.statusCode, 400, url);
    t.match(res.json(), { code: 'VALIDATION_FAILED', message: new RegExp(message.replace(/[[\]()]/g, '\\$&')) }, url);
  }
  t.match((await app.inject({ method: 'GET', url: '/v1/track/SBX-UNKNOWN-1' })).json(), { statusCode: 404, code: 'SHIPMENT_NOT_FOUND' });
});

t.test('the per-client rate limit answers 429 with Retry-After', async (t) => {
  const { app } = await publicApp(t, { WAYBILL_PUBLIC_TRACKING_RATE: '3' });
  for (let i = 0; i < 3; i++) t.equal((await app.inject({ method: 'GET', url: '/v1/track/SBX-DELIVERED-1' })).statusCode, 200);
  const limited = await app.inject({ method: 'GET', url: '/v1/track/SBX-DELIVERED-1' });
  t.equal(limited.statusCode, 429);
  t.match(limited.json(), { statusCode: 429, code: 'RATE_LIMITED' });
  t.ok(Number(limited.headers['retry-after']) > 0, `Retry-After: ${String(limited.headers['retry-after'])}`);
  t.equal((await app.inject({ method: 'GET', url: '/v1/track/orders/order-1?postcode=SW1A1AA' })).statusCode, 429, 'both routes count against the client');
  const other = await app.inject({ method: 'GET', url: '/v1/track/SBX-DELIVERED-1', remoteAddress: '10.0.0.2' });
  t.equal(other.statusCode, 200, 'per client IP');
  t.equal((await app.inject({ method: 'GET', url: '/v1/couriers', headers: auth })).statusCode, 200, 'the rest of the API is not limited');
});

t.test('behind a trusted proxy each guest is limited by the address X-Forwarded-For names', async (t) => {
  const guest = (remoteAddress: string, forwardedFor?: string) => ({
    method: 'GET' as const,
    url: '/v1/track/SBX-DELIVERED-1',
    remoteAddress,
    ...(forwardedFor ? { headers: { 'x-forwarded-for': forwardedFor } } : {}),
  });
  const untrusted = await publicApp(t, { WAYBILL_PUBLIC_TRACKING_RATE: '2' });
  for (const ip of ['198.51.100.1', '198.51.100.2']) await untrusted.app.inject(guest('10.0.0.1', ip));
  t.equal((await untrusted.app.inject(guest('10.0.0.1', '198.51.100.3'))).statusCode, 429, 'without the setting, every guest behind the proxy shares its address');

  for (const trust of ['10.0.0.0/8', '1']) {
    const { app } = await publicApp(t, { WAYBILL_PUBLIC_TRACKING_RATE: '2', WAYBILL_TRUST_PROXY: trust });
    for (let i = 0; i < 2; i++) t.equal((await app.inject(guest('10.0.0.1', '198.51.100.1'))).statusCode, 200);
    t.equal((await app.inject(guest('10.0.0.1', '198.51.100.1'))).statusCode, 429, `${trust}: the third request of one guest is limited`);
    t.equal((await app.inject(guest('10.0.0.1', '198.51.100.2'))).statusCode, 200, `${trust}: another guest behind the same proxy is not`);
  }
  const { app } = await publicApp(t, { WAYBILL_PUBLIC_TRACKING_RATE: '2', WAYBILL_TRUST_PROXY: '10.0.0.0/8' });
  for (let i = 0; i < 2; i++) await app.inject(guest('203.0.113.9', `198.51.100.${i + 10}`));
  t.equal((await app.inject(guest('203.0.113.9', '198.51.100.99'))).statusCode, 429, 'a client that is not a trusted proxy cannot pick its address by the header');
});

t.test('off by default: the routes need the API key, and are not rate limited', async (t) => {
  const { app } = await startTestApp(t, { couriers: [sandbox], env: { WAYBILL_API_KEYS: KEY } });
  await app.waybill.store.shipments.register([{ courier: 'sandbox', trackingNumber: 'SBX-DELIVERED-1' }], new Date());
  t.equal((await app.inject({ method: 'GET', url: '/v1/track/SBX-DELIVERED-1' })).statusCode, 401);
  for (let i = 0; i < 12; i++) t.equal((await app.inject({ method: 'GET', url: '/v1/track/SBX-DELIVERED-1', headers: auth })).statusCode, 200);
});

t.test('a number tracked at several couriers needs ?courier=', async (t) => {
  const { app } = await startTestApp(t, { couriers: [sandbox, fedex] });
  const now = new Date();
  await app.waybill.store.shipments.register([{ courier: 'sandbox', trackingNumber: '123456789012' }, { courier: 'fedex', trackingNumber: '123456789012' }], now);
  const ambiguous = await app.inject({ method: 'GET', url: '/v1/track/123456789012' });
  t.equal(ambiguous.statusCode, 400);
  t.match(ambiguous.json(), { code: 'COURIER_NOT_DETECTED', candidates: ['sandbox', 'fedex'], message: /querystring\/courier/ });
  t.match((await app.inject({ method: 'GET', url: '/v1/track/123456789012?courier=fedex' })).json(), { courier: 'fedex' });
});

t.test('the settings are validated at start', async (t) => {
  t.throws(() => loadConfig({ WAYBILL_PUBLIC_TRACKING: 'yes' }), /WAYBILL_PUBLIC_TRACKING \(publicTracking\)/);
  t.throws(() => loadConfig({ WAYBILL_PUBLIC_TRACKING_RATE: '0' }), /WAYBILL_PUBLIC_TRACKING_RATE/);
  t.match(loadConfig({}), { publicTracking: 'off', publicTrackingRate: 10 });
  t.equal(loadConfig({}).trustProxy, undefined, 'no proxy is trusted unless named');
  t.same(loadConfig({ WAYBILL_TRUST_PROXY: ' 10.0.0.0/8, 192.168.1.7 ,loopback,::1' }).trustProxy, ['10.0.0.0/8', '192.168.1.7', 'loopback', '::1']);
  t.equal(loadConfig({ WAYBILL_TRUST_PROXY: '2' }).trustProxy, 2);
  t.throws(() => loadConfig({ WAYBILL_TRUST_PROXY: '10.0.0.0/33' }), /WAYBILL_TRUST_PROXY: "10.0.0.0\/33" is not an IP address, a CIDR range/);
  t.throws(() => loadConfig({ WAYBILL_TRUST_PROXY: 'everyone' }), /WAYBILL_TRUST_PROXY: "everyone"/);
  t.throws(() => loadConfig({ WAYBILL_TRUST_PROXY: '0' }), /WAYBILL_TRUST_PROXY: a hop count must be an integer from 1 to 10/);
  t.throws(() => loadConfig({ WAYBILL_TRUST_PROXY: ' , ' }), /WAYBILL_TRUST_PROXY: no proxy address given/);
});
