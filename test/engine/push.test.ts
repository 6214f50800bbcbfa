import t, { type Test } from 'tap';
import { ManualClock } from '../../core/clock.js';
import type { EffectMessage, SideEffect } from '../../core/effects/contract.js';
import { startTestApp } from '../helpers/app.js';
import { PUSHY_KEY, pushCourier, sign } from '../helpers/pushy-courier.js';

async function start(t: Test) {
  const changes: EffectMessage[] = [];
  const recorder: SideEffect = { name: 'recorder', deliver: async (m) => void changes.push(m) };
  const clock = new ManualClock('2026-05-01T10:00:00.000Z');
  const h = await startTestApp(t, { couriers: [pushCourier], sideEffects: [recorder], clock, env: { WAYBILL_COURIER_PUSHY_SIGNING_KEY: PUSHY_KEY, WAYBILL_API_KEYS: 'an-api-key-of-16-chars' } });
  const hook = (raw: string, signature: string | null = sign(raw), courier = 'pushy') =>
    h.app.inject({ method: 'POST', url: `/v1/webhooks/${courier}`, headers: { 'content-type': 'application/json', ...(signature !== null ? { 'x-signature': signature } : {}) }, payload: raw });
  const view = async (id: string) => (await h.app.inject({ url: `/v1/shipments/pushy/${id}`, headers: { authorization: 'Bearer an-api-key-of-16-chars' } })).json();
  return { ...h, clock, changes, hook, view };
}

t.test('a signed webhook is applied like a poll result; the route needs the signature and only it', async (t) => {
  const h = await start(t);
  const first = JSON.stringify({ id: 'DEL-1', order_id: 'ORD-9', status: 'assigned', at: '2026-05-01T09:59:00Z' });
  const accepted = await h.hook(first);
  t.equal(accepted.statusCode, 200, 'no API key needed: the courier signs instead');
  t.match(accepted.json(), { accepted: true, events: 1, registered: 1, changed: 1 });
  t.match(await h.view('DEL-1'), { status: 'driver_assigned', orderId: 'ORD-9', origin: 'webhook', history: [{ status: 'info_received', source: 'registration' }, { status: 'driver_assigned', source: 'courier' }] }, 'an unknown delivery is registered with its order id');

  t.equal((await h.hook(JSON.stringify({ id: 'DEL-1', status: 'done', at: '2026-05-01T10:30:00Z' }), sign('something else'))).statusCode, 401, 'a signature over other bytes');
  t.equal((await h.hook(JSON.stringify({ id: 'DEL-1', status: 'done', at: '2026-05-01T10:30:00Z' }), null)).statusCode, 401, 'no signature');
  t.equal((await h.hook(first, sign(first, 'another-key-0000000000'))).statusCode, 401, 'another key');
  const spaced = `{ "id": "DEL-1", "status": "picked", "at": "2026-05-01T10:05:00Z" }`;
  t.equal((await h.hook(spaced, sign(JSON.stringify(JSON.parse(spaced))))).statusCode, 401, 'a signature over the re-serialized JSON is refused: the exact bytes count');
  t.equal((await h.hook(spaced)).statusCode, 200, 'the same bytes, signed as sent, are accepted');
  t.equal((await h.view('DEL-1')).status, 'picked_up');

  t.equal((await h.hook('not json')).statusCode, 400);
  t.match((await h.hook('not json')).json(), { message: 'courier pushy: the body is not JSON' });
  t.match((await h.hook('{"status":"done"}')).json(), { statusCode: 400, message: 'courier pushy: the body has no delivery id' });
  t.match((await h.hook('{}', sign('{}'), 'nobody')).json(), { statusCode: 404, message: 'unknown courier "nobody"' });
  const metrics = (await h.app.inject({ url: '/metrics', headers: { authorization: 'Bearer an-api-key-of-16-chars' } })).body;
  t.match(metrics, /waybill_webhooks_total\{courier="pushy",outcome="refused"\} 4/);
  t.match(metrics, /waybill_webhooks_total\{courier="pushy",outcome="unreadable"\} 3/);
  t.match(metrics, /waybill_webhooks_total\{courier="pushy",outcome="accepted"\} 2/);
  while ((await h.app.waybill.outbox.drain()) > 0);
  t.same(h.changes.map((c) => (c.type === 'shipment.status_changed' ? `${c.from}>${c.to}` : c.type)), ['info_received>driver_assigned', 'driver_assigned>picked_up'], 'effects hear webhook changes as they hear polled ones');
});

t.test('duplicates change nothing, an older event never moves the status back, two at once lose nothing', async (t) => {
  const h = await start(t);
  const body = (status: string, at: string) => JSON.stringify({ id: 'DEL-2', status, at });
  await h.hook(body('assigned', '2026-05-01T09:00:00Z'));
  await h.hook(body('dropping', '2026-05-01T09:30:00Z'));
  t.match((await h.hook(body('dropping', '2026-05-01T09:30:00Z'))).json(), { changed: 0 }, 'a duplicate: accepted, nothing changed');
  await h.hook(body('picked', '2026-05-01T09:10:00Z'));
  const view = await h.view('DEL-2');
  t.equal(view.status, 'out_for_delivery', 'the late "picked" did not move it back');
  t.same(view.history.map((x: { status: string }) => x.status), ['info_received', 'driver_assigned', 'out_for_delivery']);
  t.ok(view.events.some((e: { status: string }) => e.status === 'picked'), 'but the late event is recorded');

  const [a, b] = await Promise.all([h.hook(body('done', '2026-05-01T10:00:00Z')), h.hook(JSON.stringify({ id: 'DEL-2', at: '2026-05-01T09:59:00Z', driver: { lat: 19.1, lng: 72.9, name: 'Ravi' } }))]);
  t.same([a.statusCode, b.statusCode], [200, 200]);
  t.match(await h.view('DEL-2'), { status: 'delivered', driver: { location: { lat: 19.1, lng: 72.9 }, name: 'Ravi' } }, 'a status and a position at once: both kept');
});

t.test('driver positions update the shipment without history; an older ping is dropped; GET …/location', async (t) => {
  const h = await start(t);
  await h.hook(JSON.stringify({ id: 'DEL-3', status: 'assigned', at: '2026-05-01T09:00:00Z' }));
  const ping = (lat: number, at: string) => h.hook(JSON.stringify({ id: 'DEL-3', at, driver: { lat, lng: 72.8, name: 'Asha' } }));
  await ping(19.0, '2026-05-01T09:01:00Z');
  await ping(19.2, '2026-05-01T09:01:20Z');
  await ping(18.9, '2026-05-01T09:00:40Z');
  const location = await h.app.inject({ url: '/v1/shipments/pushy/DEL-3/location', headers: { authorization: 'Bearer an-api-key-of-16-chars' } });
  t.same(location.json(), { courier: 'pushy', trackingNumber: 'DEL-3', status: 'driver_assigned', driver: { at: '2026-05-01T09:01:20Z', location: { lat: 19.2, lng: 72.8 }, name: 'Asha' } });
  t.equal((await h.view('DEL-3')).history.length, 2, 'no history for positions');
  t.match(await h.app.waybill.engine.startRun('pushy', 'manual'), { kind: 'unavailable', reason: /is not polled: its updates arrive by webhook/ });
});
