import type { AddressInfo } from 'node:net';
import t from 'tap';
import { decodeProtectedHeader } from 'jose';
import { LocalTime } from 'waybill';
import { alertsFor } from '../../shared/alerts/alerts.js';
import { DOORDASH_KEYS, isGetDelivery, startDoorDash } from './testing.js';

const DASHER = { name: 'John D.', phone: '+16504379788', vehicle: 'Toyota Prius' };

t.test('a whole delivery over HTTP: DoorDash POSTs its webhooks to the listening service, the API shows statuses and the Dasher', async (t) => {
  const h = await startDoorDash(t);
  await h.app.listen({ port: 0, host: '127.0.0.1' });
  const target = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}/v1/webhooks/doordash`;
  h.sim.create('D-1001');
  const seen: string[] = [];
  for (let step = await h.sim.pushNext(target, 'D-1001'); step; step = await h.sim.pushNext(target, 'D-1001')) {
    t.equal(step.status, 200, `${step.event} accepted`);
    seen.push(`${step.event} → ${(await h.lookup('D-1001')).status}`);
    h.minutes(4);
  }
  t.same(seen, [
    'DASHER_CONFIRMED → driver_assigned',
    'DASHER_ENROUTE_TO_PICKUP → driver_assigned',
    'DASHER_CONFIRMED_PICKUP_ARRIVAL → driver_assigned',
    'DASHER_PICKED_UP → picked_up',
    'DASHER_ENROUTE_TO_DROPOFF → picked_up',
    'DASHER_CONFIRMED_DROPOFF_ARRIVAL → out_for_delivery',
    'DASHER_DROPPED_OFF → delivered',
  ]);
  t.same(await h.history('D-1001'), ['info_received', 'driver_assigned', 'driver_assigned/at_pickup', 'picked_up', 'out_for_delivery/at_dropoff', 'delivered'], 'the location-tracking webhooks add no history');
  const view = await h.lookup('D-1001');
  t.match(view, { orderId: 'D-1001', rawStatus: 'DASHER_DROPPED_OFF', active: false, inactiveReason: 'terminal' }, 'registered by its first webhook, with the external id as the order id');
  t.match((await h.location('D-1001')).driver, { ...DASHER, location: { lat: 47.6062, lng: -122.3352 } }, 'GET …/location: the Dasher at the customer');
  t.equal(h.sim.server.requests.length, 0, 'no poll was needed');
});

t.test('the Dasher moves between steps: positions update GET …/location without history; an older position is dropped', async (t) => {
  const h = await startDoorDash(t);
  h.sim.create('D-1002');
  await h.sim.pushNext(h.hook, 'D-1002');
  const before = await h.history('D-1002');
  h.minutes(1);
  t.equal(await h.sim.pushPosition(h.hook, 'D-1002'), 200);
  const moved = (await h.location('D-1002')).driver;
  t.match(moved, { ...DASHER, at: h.clock.now().toISOString() }, 'the ping is the latest position');
  t.not(moved.location.lat, 47.5952, 'somewhere between the Dasher and the store');
  const late = { ...h.sim.sent.at(-1)!.body, created_at: new Date(h.clock.now().getTime() - 30_000).toISOString(), dasher_location: { lat: 1, lng: 1 } };
  t.equal(await h.sim.sendWebhook(h.hook, late), 200);
  t.same((await h.location('D-1002')).driver.location, moved.location, 'a ping older than the known position changes nothing');
  t.same(await h.history('D-1002'), before, 'no history entry for positions');
});

t.test('a wrong or missing Authorization is refused (401) and leaves everything as it was', async (t) => {
  const h = await startDoorDash(t);
  h.sim.create('D-1003');
  await h.sim.pushNext(h.hook, 'D-1003');
  const before = await h.lookup('D-1003');
  h.sim.advance('D-1003');
  h.sim.advance('D-1003');
  const arrival = h.sim.webhookOf('D-1003', 3);
  t.equal(await h.sim.sendWebhook(h.hook, arrival, { authorization: 'Basic d3Jvbmc6d3Jvbmc=' }), 401, 'another credential');
  t.equal(await h.sim.sendWebhook(h.hook, arrival, { authorization: `${DOORDASH_KEYS.webhook_authorization} ` }), 401, 'the credential with a byte more');
  t.equal(await h.sim.sendWebhook(h.hook, arrival, 'none'), 401, 'no Authorization header');
  h.sim.create('D-1004');
  await h.sim.pushNext(h.hook, 'D-1004', 'none');
  const after = await h.lookup('D-1003');
  t.same({ ...after, ageSeconds: null }, { ...before, ageSeconds: null }, 'the shipment, its events and history are unchanged');
  t.equal((await h.app.inject({ url: '/v1/shipments/doordash/D-1004' })).statusCode, 404, 'an unauthorized webhook registers nothing');
  const metrics = (await h.app.inject({ url: '/metrics' })).body;
  t.match(metrics, /waybill_webhooks_total\{courier="doordash",outcome="refused"\} 4/);
  const logs = h.logs.join('\n');
  t.notOk(logs.includes(DOORDASH_KEYS.webhook_authorization.slice('Basic '.length)) || logs.includes('d3Jvbmc6d3Jvbmc='), 'neither credential appears in the logs');
});

t.test('duplicates (DoorDash retries up to 3 times) and events out of order change nothing', async (t) => {
  const h = await startDoorDash(t);
  h.sim.create('D-1005');
  for (let i = 0; i < 4; i++) {
    await h.sim.pushNext(h.hook, 'D-1005');
    h.minutes(3);
  }
  const before = await h.lookup('D-1005');
  t.equal(before.status, 'picked_up');
  for (const { body } of [...h.sim.sent]) {
    const res = await h.app.inject({ method: 'POST', url: '/v1/webhooks/doordash', headers: { authorization: DOORDASH_KEYS.webhook_authorization, 'content-type': 'application/json' }, payload: body });
    t.match(res.json(), { accepted: true, changed: 0 }, `${String(body.event_name)} again: accepted, nothing changed`);
  }
  t.same((await h.lookup('D-1005')).history, before.history, 'no history entry added');
  t.equal((await h.lookup('D-1005')).events.length, before.events.length, 'no event added');

  h.sim.create('D-1006');
  for (let i = 0; i < 4; i++) {
    h.sim.advance('D-1006');
    h.minutes(3);
  }
  for (const index of [4, 1, 3]) t.equal(await h.sim.sendWebhook(h.hook, h.sim.webhookOf('D-1006', index)), 200);
  t.same(await h.history('D-1006'), ['info_received', 'picked_up'], 'picked up first: the late confirmation and arrival do not move it back');
  t.same((await h.lookup('D-1006')).events.map((e) => e.status), ['DASHER_CONFIRMED', 'DASHER_CONFIRMED_PICKUP_ARRIVAL', 'DASHER_PICKED_UP'], 'but every event is recorded, in time order');
});

t.test('the return flow: return initialized → back at the store → returned', async (t) => {
  const h = await startDoorDash(t);
  h.sim.create('D-1007', 'RETURNED');
  for (let next = await h.sim.pushNext(h.hook, 'D-1007'); next; next = await h.sim.pushNext(h.hook, 'D-1007')) h.minutes(4);
  t.same(await h.history('D-1007'), [
    'info_received',
    'driver_assigned',
    'driver_assigned/at_pickup',
    'picked_up',
    'out_for_delivery/at_dropoff',
    'rto_initiated',
    'rto_in_transit/at_return',
    'rto_delivered',
  ]);
  t.match(await h.lookup('D-1007'), { status: 'rto_delivered', rawStatus: 'DELIVERY_RETURNED', active: false });
  t.match((await h.location('D-1007')).driver, { location: { lat: 47.6036, lng: -122.3295 } }, 'the Dasher back at the store');
});

t.test('a return that fails (DELIVERY_CANCELLED, reason failed_to_return) ends lost/failed_to_return and alerts as lost; a plain cancellation is cancelled', async (t) => {
  const h = await startDoorDash(t);
  h.sim.create('D-1008', 'FAILED_TO_RETURN');
  h.sim.create('D-1009', 'CANCELLED');
  for (const id of ['D-1008', 'D-1009']) for (let next = await h.sim.pushNext(h.hook, id); next; next = await h.sim.pushNext(h.hook, id)) h.minutes(4);
  t.same((await h.history('D-1008')).slice(-2), ['rto_initiated', 'lost/failed_to_return']);
  t.match(await h.lookup('D-1008'), { status: 'lost', substatus: 'failed_to_return', rawStatus: 'DELIVERY_CANCELLED', active: false });
  t.same((await h.history('D-1009')).slice(-2), ['driver_assigned', 'cancelled/cancelled_by_creator']);
  const changes = (await h.drain()).filter((m) => m.type === 'shipment.status_changed');
  const lost = changes.find((c) => c.to === 'lost');
  t.match(lost, { trackingNumber: 'D-1008', from: 'rto_initiated', substatus: 'failed_to_return' }, 'effects hear the change to lost');
  t.match(alertsFor(lost!, { b2bCouriers: [], zone: new LocalTime('-07:00') }), [{ kind: 'lost', title: 'Shipment lost: D-1008' }], 'which the Slack and e-mail alerts send as a lost shipment');
});

t.test('with polling credentials, a run repairs missed webhooks (Get Delivery with a self-signed JWT); late webhooks then change nothing', async (t) => {
  const h = await startDoorDash(t);
  h.sim.create('D-1010');
  await h.sim.pushNext(h.hook, 'D-1010');
  for (let i = 0; i < 3; i++) {
    h.minutes(2);
    h.sim.advance('D-1010');
  }
  t.equal(h.sim.statusOf('D-1010'), 'picked_up', 'at DoorDash the order is picked up; its webhooks were lost');
  t.equal((await h.run()).counts.requests, 0, 'nothing is due yet: the webhook counted as a check');
  h.minutes(5);
  const repaired = await h.run();
  t.match(repaired, { state: 'succeeded', counts: { requests: 1, updated: 1 } });
  t.match(await h.lookup('D-1010'), { status: 'picked_up', rawStatus: 'picked_up' }, 'the run caught up');
  const [request] = h.requests(isGetDelivery);
  t.equal(request?.path, '/drive/v2/deliveries/D-1010');
  t.match(decodeProtectedHeader(request!.headers.authorization!.replace(/^Bearer /, '')), { alg: 'HS256', 'dd-ver': 'DD-JWT-V1' }, 'a DoorDash JWT');
  t.equal(await h.sim.sendWebhook(h.hook, h.sim.webhookOf('D-1010', 3)), 200, 'DoorDash retries the lost arrival webhook');
  t.equal((await h.lookup('D-1010')).status, 'picked_up', 'and it does not move the status back');

  for (let i = 0; i < 3; i++) {
    h.minutes(3);
    h.sim.advance('D-1010');
  }
  t.equal(h.sim.statusOf('D-1010'), 'delivered');
  h.minutes(11);
  await h.run();
  t.match(await h.lookup('D-1010'), { status: 'delivered', active: false, nextCheckAt: null }, 'the dropoff webhook was lost too: repaired, and tracking ends');
  t.same(await h.history('D-1010'), ['info_received', 'driver_assigned', 'picked_up', 'delivered']);

  h.sim.create('D-1011', 'FAILED_TO_RETURN');
  await h.sim.pushNext(h.hook, 'D-1011');
  while (h.sim.advance('D-1011')) h.minutes(2);
  h.minutes(11);
  await h.run();
  t.match(await h.lookup('D-1011'), { status: 'lost', substatus: 'failed_to_return', rawStatus: 'cancelled' }, 'Get Delivery’s failed_to_return cancellation is lost too');
});

t.test('with only the webhook credential: webhooks are received, nothing is polled', async (t) => {
  const h = await startDoorDash(t, { polling: false });
  t.match(await h.courierState(), {
    enabled: true,
    webhooks: true,
    polled: false,
    pollingOffReason: /WAYBILL_COURIER_DOORDASH_DEVELOPER_ID, WAYBILL_COURIER_DOORDASH_KEY_ID, WAYBILL_COURIER_DOORDASH_SIGNING_SECRET/,
  });
  h.sim.create('D-1012');
  t.same(await h.sim.pushAll(h.hook, 'D-1012'), [200, 200, 200, 200, 200, 200, 200]);
  t.equal((await h.lookup('D-1012')).status, 'delivered');
  t.match(await h.app.waybill.engine.startRun('doordash', 'manual'), { kind: 'unavailable' }, 'a run cannot start');
  t.equal(h.sim.server.requests.length, 0, 'DoorDash was never asked');
});

t.test('an unreadable webhook is answered 400 naming what is missing; an unknown event is kept raw and reported', async (t) => {
  const h = await startDoorDash(t);
  const send = (payload: string) => h.app.inject({ method: 'POST', url: '/v1/webhooks/doordash', headers: { authorization: DOORDASH_KEYS.webhook_authorization, 'content-type': 'application/json' }, payload });
  const full = { created_at: '2026-05-01T17:59:00.000000Z', event_name: 'DASHER_CONFIRMED', external_delivery_id: 'D-1013' };
  const without = (field: keyof typeof full) => JSON.stringify({ ...full, [field]: undefined });
  t.match((await send(without('event_name'))).json(), { statusCode: 400, message: 'courier doordash: event_name is missing' });
  t.match((await send(without('external_delivery_id'))).json(), { statusCode: 400, message: 'courier doordash: external_delivery_id is missing' });
  t.match((await send(without('created_at'))).json(), { statusCode: 400, message: 'courier doordash: created_at is missing or not a time' });
  t.match((await send(JSON.stringify({ ...full, created_at: 'yesterday' }))).json(), { statusCode: 400, message: /created_at/ });
  t.match((await send('<html>')).json(), { statusCode: 400, message: 'courier doordash: the body is not JSON' });
  t.match((await send(JSON.stringify({ ...full, event_name: 'DASHER_SUPPLIED_PARKING_DETAILS' }))).json(), { accepted: true, unmapped: ['DASHER_SUPPLIED_PARKING_DETAILS'] }, 'accepted (DoorDash would retry a refusal), stored raw, reported');
  t.match(await h.lookup('D-1013'), { status: 'info_received', rawStatus: 'DASHER_SUPPLIED_PARKING_DETAILS' });
});
