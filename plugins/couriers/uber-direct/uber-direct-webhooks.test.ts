import { createHmac } from 'node:crypto';
import t from 'tap';
import { BadWebhook, NO_CHANGE, StatusMapper, type WebhookEvent } from 'waybill';
import { readWebhookFixture } from 'waybill/testing';
import { uberDirectAdapter } from './adapter.js';
import { DOCUMENTED_STATUSES, RETURN_LEG, UBER_DIRECT_STATUSES } from './statuses.js';

const KEY = 'unit-signing-key-0123456789';
const ctx = { credentials: { webhook_signing_key: KEY }, settings: {}, now: new Date('2026-05-01T07:00:00Z') };
const WEBHOOKS = new URL('./fixtures/webhooks/', import.meta.url);
const sign = (raw: Buffer | string, key = KEY) => createHmac('sha256', key).update(raw).digest('hex');
const verify = (raw: Buffer, headers: Record<string, string | string[]>) => uberDirectAdapter.verifyWebhook!(raw, headers, ctx);
const parse = (body: unknown): WebhookEvent[] => uberDirectAdapter.parseWebhook!(Buffer.from(JSON.stringify(body)), {}, ctx);
const fixture = (file: string) => JSON.parse(readWebhookFixture(WEBHOOKS, file).raw.toString('utf8')) as Record<string, unknown> & { data: Record<string, unknown> };

/** What each documented status means, written apart from statuses.ts: [canonical, substatus] when not imminent, and when imminent. */
const EXPECTED: Record<string, [string, string?][]> = {
  pending: [['pending_pickup']],
  pickup: [['driver_assigned'], ['driver_assigned', 'arriving_at_pickup']],
  pickup_complete: [['picked_up']],
  dropoff: [['out_for_delivery'], ['out_for_delivery', 'arriving']],
  delivered: [['delivered']],
  canceled: [['cancelled']],
  returned: [['rto_in_transit']],
  'return-pending': [['rto_in_transit']],
  'return-pickup': [['rto_in_transit']],
  'return-pickup_complete': [['rto_in_transit']],
  'return-dropoff': [['rto_in_transit'], ['rto_in_transit', 'arriving_at_origin']],
  'return-delivered': [['rto_delivered']],
  'return-canceled': [['cancelled', 'return_cancelled']],
  'return-returned': [[NO_CHANGE]],
};

t.test('the table: every documented status, on the delivery and as a return leg, imminent or not', async (t) => {
  const mapper = new StatusMapper('uber-direct', UBER_DIRECT_STATUSES);
  t.equal(DOCUMENTED_STATUSES.length, Object.keys(EXPECTED).length);
  for (const documented of DOCUMENTED_STATUSES) {
    const [status, type] = typeof documented === 'string' ? [documented, undefined] : [documented.status, documented.type];
    const cases = EXPECTED[type ? `${type}-${status}` : status]!;
    cases.forEach(([to, substatus], imminent) => {
      const want = to === NO_CHANGE ? { kind: 'no_change' } : { kind: 'mapped', status: to, substatus };
      const got = mapper.map(status, { now: ctx.now, statusType: type, fields: { courier_imminent: imminent === 1 } });
      t.same(got, want, `${type ? `${type} leg ` : ''}${status}${imminent ? ' (courier imminent)' : ''} → ${to}${substatus ? `/${substatus}` : ''}`);
    });
  }
});

t.test('signatures: HMAC-SHA256 hex of the exact bytes in either header; nothing else passes', async (t) => {
  const raw = Buffer.from(JSON.stringify(fixture('story-2-pickup.json')));
  t.ok(verify(raw, { 'x-postmates-signature': sign(raw) }), 'X-Postmates-Signature (Webhooks Guide)');
  t.ok(verify(raw, { 'x-uber-signature': sign(raw) }), 'x-uber-signature (Webhooks Overview)');
  t.ok(verify(raw, { 'x-uber-signature': sign(raw).toUpperCase() }), 'hex in upper case');
  t.ok(verify(raw, { 'x-postmates-signature': 'f00d', 'x-uber-signature': sign(raw) }), 'one good header of two');
  t.notOk(verify(raw, {}), 'no signature');
  t.notOk(verify(raw, { 'x-postmates-signature': sign(raw, 'another-key-0000') }), 'another key');
  t.notOk(verify(raw, { 'x-postmates-signature': sign(Buffer.concat([raw, Buffer.from(' ')])) }), 'other bytes');
  t.notOk(verify(raw, { 'x-signature': sign(raw) }), 'a header Uber does not use');
  t.notOk(uberDirectAdapter.verifyWebhook!(raw, { 'x-postmates-signature': sign(raw, '') }, { ...ctx, credentials: { webhook_signing_key: '' } }), 'never with an empty key');
});

t.test('event.delivery_status: a status report built from the delivery, with its times, ETA and courier', async (t) => {
  const [event] = parse(fixture('story-3-pickup-imminent.json'));
  t.match(event, {
    trackingNumber: 'del_aWs4Rm8pT1yGJ2lHbq0Xcw',
    orderId: 'ORDER-10023',
    driver: { at: '2026-05-01T06:08:01.000Z', location: { lat: 40.70798, lng: -74.0077 }, name: 'Cori R.', vehicle: 'white Toyota Prius (car), plate **E54Q', phone: '+15555555557,48023618' },
    result: { found: true, status: 'pickup', statusAt: '2026-05-01T06:08:01.000Z', fields: { courier_imminent: true }, eta: '2026-05-01T06:31:00.000Z', reference: 'ORDER-10023' },
  });
  t.same(event?.result?.events, [
    { status: 'pending', at: '2026-05-01T06:00:00.000Z' },
    { status: 'pickup', at: '2026-05-01T06:08:01.000Z' },
  ], 'the delivery created (pending) and the webhook itself');
  const [delivered] = parse(fixture('story-7-delivered.json'));
  t.same(delivered?.result?.events.map((e) => e.status), ['pending', 'pickup_complete', 'delivered'], 'waypoints completed, with their status_timestamp');
  t.equal(delivered?.driver, undefined, 'no courier once delivered');
  const [pending] = parse(fixture('story-1-pending.json'));
  t.same(Object.keys(pending!).sort(), ['driver', 'orderId', 'result', 'trackingNumber'].sort());
});

t.test('event.courier_update: a driver position only, missing fields left out', async (t) => {
  const body = fixture('courier-update.json');
  t.same(parse(body), [
    {
      trackingNumber: 'del_aWs4Rm8pT1yGJ2lHbq0Xcw',
      orderId: 'ORDER-10023',
      driver: { at: '2026-05-01T06:05:00.000Z', location: { lat: 40.7126, lng: -74.00776 }, name: 'Cori R.', vehicle: 'white Toyota Prius (car), plate **E54Q', phone: '+15555555557,48023618' },
    },
  ]);
  const courier = { name: 'Ana P.', vehicle_type: 'bicycle', phone_number: '+15555550123', location: { lat: 40.1, lng: -74.1 } };
  t.same(parse({ ...body, data: { ...body.data, courier } })[0]?.driver, { at: '2026-05-01T06:05:00.000Z', location: { lat: 40.1, lng: -74.1 }, name: 'Ana P.', vehicle: 'bicycle', phone: '+15555550123' });
  t.throws(() => parse({ ...body, data: { ...body.data, courier: undefined } }), new BadWebhook('data.courier is missing'));
});

t.test('the return delivery: its webhooks are about the original, as its return leg', async (t) => {
  const body = fixture('return-3-return-leg-dropoff.json');
  t.match(parse(body)[0], { trackingNumber: 'del_Rt4Hq8Zm2XwLp6YcNv1KaB', result: { trackingNumber: 'del_Rt4Hq8Zm2XwLp6YcNv1KaB', status: 'dropoff', statusType: RETURN_LEG } });
  t.ok(parse(body)[0]?.result?.events.every((e) => e.statusType === RETURN_LEG), "every event is the return leg's");
  const single = { ...body, data: { ...body.data, related_deliveries: { id: 'del_Rt4Hq8Zm2XwLp6YcNv1KaB', relationship: 'original' } } };
  t.match(parse(single)[0], { trackingNumber: 'del_Rt4Hq8Zm2XwLp6YcNv1KaB' }, 'related_deliveries as a single object (the OpenAPI shape)');
  const orphan = { ...body, data: { ...body.data, related_deliveries: [] } };
  t.throws(() => parse(orphan), new BadWebhook('return delivery ret_Vb7Np3Kx9QmT2LcZr5WyHg names no original delivery in related_deliveries'));
  const returned = parse(fixture('return-2-returned.json'))[0];
  t.match(returned, { trackingNumber: 'del_Rt4Hq8Zm2XwLp6YcNv1KaB', result: { status: 'returned', statusType: undefined, description: 'NO_SECURE_LOCATION_TO_DROPOFF' } });
  t.match(parse({ ...body, kind: 'event.delivery_return' })[0], { result: { status: 'dropoff', statusType: RETURN_LEG } }, 'event.delivery_return is read as a status');
});

t.test('kinds: documented ones without tracking news are accepted empty; what cannot be read is named', async (t) => {
  const body = fixture('story-2-pickup.json');
  t.same(parse({ ...body, kind: 'event.refund_request' }), []);
  t.same(parse({ ...body, kind: 'event.shopping_progress' }), []);
  const unreadable: [string, unknown, string][] = [
    ['not an object', [1, 2], 'the body is not a JSON object'],
    ['no data', { ...body, data: 'x' }, 'data (the delivery) is missing'],
    ['no created', { ...body, created: 'yesterday' }, 'created is missing or not a time'],
    ['only the top-level delivery_id', { ...body, data: { ...body.data, id: undefined } }, ''],
  ];
  for (const [what, broken, message] of unreadable) {
    if (message) t.throws(() => parse(broken), new BadWebhook(message), what);
    else t.match(parse(broken)[0], { trackingNumber: 'del_aWs4Rm8pT1yGJ2lHbq0Xcw' }, what);
  }
  t.throws(() => uberDirectAdapter.parseWebhook!(Buffer.from('{"kind":'), {}, ctx), new BadWebhook('the body is not JSON'));
});
