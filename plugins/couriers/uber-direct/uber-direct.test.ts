import t, { type Test } from 'tap';
import type { WebhookSendOptions } from './simulator.js';
import { COURIER, CREDENTIALS, CUSTOMER_ID, isTokenRequest, isTrackRequest, startUberDirect, type UberDirectHarness } from './testing.js';

const MINUTE = 60_000;

/** `status` or `status/substatus`, as the API shows a shipment and each history entry. */
const label = (s: { status: string; substatus: string | null }) => (s.substatus ? `${s.status}/${s.substatus}` : s.status);

/** The delivery's next step, a minute later, sent as a signed webhook; the answer must be 200. */
async function step(t: Test, h: UberDirectHarness, id: string, options: WebhookSendOptions = {}) {
  h.later();
  const sent = await h.sim.pushNext(h.webhookUrl, id, options);
  t.equal(sent.status, 200, `${h.sim.status(id)} accepted${sent.status === 200 ? '' : `: ${JSON.stringify(sent.answer)}`}`);
  return sent;
}

/** A new delivery at Uber, its first webhook (`pending`) sent. */
async function created(t: Test, h: UberDirectHarness, script: 'delivered' | 'cancelled' | 'returned', orderId: string) {
  const id = h.sim.createDelivery(script, orderId);
  const first = await h.sim.send(h.webhookUrl, h.sim.statusWebhook(id));
  t.match(first, { status: 200, answer: { accepted: true, registered: 1, changed: 1 } }, 'the first webhook registers the delivery');
  return id;
}

t.test('a whole delivery arrives by signed webhook over HTTP; statuses, the shipment and the driver come out of the API', async (t) => {
  const h = await startUberDirect(t);
  const id = await created(t, h, 'delivered', 'ORDER-2001');
  t.match(await h.lookup(id), { courier: COURIER, trackingNumber: id, orderId: 'ORDER-2001', status: 'pending_pickup', rawStatus: 'pending' }, 'registered with the order id of its external_id');

  const seen: string[] = [];
  for (let i = 0; i < 6; i += 1) {
    // Uber's two header names are both read.
    await step(t, h, id, i % 2 === 0 ? {} : { header: 'x-uber-signature' });
    seen.push(label(await h.lookup(id)));
    if (h.sim.status(id) === 'pickup' && i === 0) {
      h.later(20_000);
      const ping = await h.sim.send(h.webhookUrl, h.sim.courierWebhook(id));
      t.match(ping, { status: 200, answer: { changed: 0 } }, 'a courier_update changes no status');
      const location = (await h.app.inject({ url: `/v1/shipments/${COURIER}/${id}/location` })).json();
      t.match(location, {
        status: 'driver_assigned',
        driver: { name: 'Cori R.', vehicle: 'white Toyota Prius (car), plate **E54Q', phone: '+15555550177,48023618', location: { lat: Number, lng: Number } },
      }, 'GET …/location: where the courier is and who they are');
    }
  }
  t.same(seen, ['driver_assigned', 'driver_assigned/arriving_at_pickup', 'picked_up', 'out_for_delivery', 'out_for_delivery/arriving', 'delivered']);
  const view = await h.lookup(id);
  t.match(view, { status: 'delivered', active: false, inactiveReason: 'terminal', eta: String, rawStatus: 'delivered' });
  t.same(view.history.map(label), ['info_received', 'pending_pickup', 'driver_assigned', 'driver_assigned/arriving_at_pickup', 'picked_up', 'out_for_delivery', 'out_for_delivery/arriving', 'delivered']);
  t.same(view.history.slice(1).map((e) => e.source), Array(7).fill('courier'), 'every change came from the courier');
  t.ok(view.events.some((e) => e.status === 'pickup_complete') && view.events.some((e) => e.status === 'delivered'), 'the events carry the steps');
  t.equal(h.sim.server.requests.length, 0, 'nothing was polled: the webhooks told everything');
});

t.test('a refused signature leaves everything as it was; a duplicate and an out-of-order event change nothing', async (t) => {
  const h = await startUberDirect(t);
  const id = await created(t, h, 'delivered', 'ORDER-2002');
  await step(t, h, id);
  await step(t, h, id);
  const pickedUp = await step(t, h, id);
  const dropoff = await step(t, h, id);
  const before = await h.lookup(id);
  const snapshot = (v: typeof before) => ({ status: label(v), history: v.history.length, events: v.events.length, driver: v.driver });

  h.later();
  h.sim.advance(id);
  const imminent = h.sim.statusWebhook(id);
  t.equal((await h.sim.send(h.webhookUrl, imminent, { key: 'not-the-signing-key-000' })).status, 401, 'signed with another key');
  t.equal((await h.sim.send(h.webhookUrl, imminent, { signature: h.sim.sign(JSON.stringify({ ...imminent, status: 'delivered' })) })).status, 401, 'a signature of other bytes');
  t.equal((await h.sim.send(h.webhookUrl, imminent, { signature: 'not hex at all' })).status, 401, 'a signature that is not hex');
  t.same(snapshot(await h.lookup(id)), snapshot(before), 'refused: nothing changed');

  t.match(await h.sim.send(h.webhookUrl, dropoff.body), { status: 200, answer: { changed: 0 } }, 'the dropoff webhook again (Uber retries)');
  t.match(await h.sim.send(h.webhookUrl, pickedUp.body), { status: 200, answer: { changed: 0 } }, 'pickup_complete arriving after dropoff');
  t.same(snapshot(await h.lookup(id)), snapshot(before), 'still out for delivery, no history added');

  t.match(await h.sim.send(h.webhookUrl, imminent), { status: 200, answer: { changed: 1 } }, 'the refused webhook, signed as Uber signs, applies');
  t.equal(label(await h.lookup(id)), 'out_for_delivery/arriving');
});

t.test('the return flow: the original is returned, and its ret_ return delivery brings it to rto_delivered', async (t) => {
  const h = await startUberDirect(t);
  const id = await created(t, h, 'returned', 'ORDER-2003');
  for (let i = 0; i < 4; i += 1) await step(t, h, id);
  await step(t, h, id);
  t.match(await h.lookup(id), { status: 'rto_in_transit', rawStatus: 'returned', active: true });

  const ret = h.sim.returnOf(id);
  h.later();
  t.match(await h.sim.send(h.webhookUrl, h.sim.statusWebhook(ret)), { status: 200, answer: { registered: 0 } }, "the return delivery's first webhook");
  await step(t, h, ret);
  h.later(20_000);
  t.equal((await h.sim.send(h.webhookUrl, h.sim.courierWebhook(ret))).status, 200, "the return's courier_update");
  t.match((await h.app.inject({ url: `/v1/shipments/${COURIER}/${id}/location` })).json(), { driver: { name: 'Cori R.', location: { lat: Number } } }, 'the courier driving back shows on the original');
  await step(t, h, ret);
  t.equal(label(await h.lookup(id)), 'rto_in_transit/arriving_at_origin');
  await step(t, h, ret);

  const view = await h.lookup(id);
  t.match(view, { status: 'rto_delivered', rawStatus: 'return-delivered', active: false, orderId: 'ORDER-2003' });
  t.same(view.history.map(label).slice(-3), ['rto_in_transit', 'rto_in_transit/arriving_at_origin', 'rto_delivered']);
  t.equal(await h.app.waybill.store.shipments.get(COURIER, ret), null, 'the return delivery is not tracked as a shipment of its own');
});

t.test('with polling credentials, a run repairs missed webhooks; it claims only shipments that are due', async (t) => {
  const h = await startUberDirect(t);
  const delivered = await created(t, h, 'delivered', 'ORDER-2004');
  for (let i = 0; i < 4; i += 1) await step(t, h, delivered);
  const returned = await created(t, h, 'returned', 'ORDER-2005');
  for (let i = 0; i < 3; i += 1) await step(t, h, returned);
  t.equal((await h.lookup(delivered)).status, 'out_for_delivery');

  // Uber carries on; its webhooks are lost.
  h.later();
  h.sim.advance(delivered);
  h.sim.advance(delivered);
  h.sim.advance(returned);
  h.sim.advance(returned);
  const ret = h.sim.returnOf(returned);
  for (let i = 0; i < 3; i += 1) h.sim.advance(ret);
  t.equal(h.sim.status(ret), 'delivered');

  const early = await h.app.waybill.engine.runToCompletion(COURIER, 'manual');
  t.match(early, { state: 'succeeded', counts: { claimed: 0 } }, 'right after their webhooks, nothing is due');
  t.equal(h.requests(isTrackRequest).length, 0);

  h.later(16 * MINUTE);
  const run = await h.app.waybill.engine.runToCompletion(COURIER, 'manual');
  t.match(run, { state: 'succeeded', counts: { claimed: 2, updated: 2, failed: 0 } });
  t.match(await h.lookup(delivered), { status: 'delivered', rawStatus: 'delivered', history: [{}, {}, {}, {}, {}, {}, { status: 'delivered', source: 'courier' }] });
  t.match(await h.lookup(returned), { status: 'rto_delivered', rawStatus: 'return-delivered' });
  t.same(
    h.requests(isTrackRequest).map((r) => r.path.split('/').pop()).sort(),
    [delivered, returned, ret].sort(),
    'one Get Delivery each, and one for the return delivery the returned one names',
  );
  const [token] = h.requests(isTokenRequest);
  t.same(token?.body, { grant_type: 'client_credentials', client_id: CREDENTIALS.client_id, client_secret: CREDENTIALS.client_secret, scope: 'eats.deliveries' }, 'one token, client credentials, scope eats.deliveries');
  t.equal(h.requests(isTokenRequest).length, 1);
  t.ok(h.requests(isTrackRequest).every((r) => r.path.startsWith(`/v1/customers/${CUSTOMER_ID}/deliveries/`) && /^Bearer \S+$/.test(r.headers.authorization ?? '')), 'under the customer id, with the bearer token');
});

t.test('a returned delivery whose return delivery Uber does not serve stays rto_in_transit', async (t) => {
  const h = await startUberDirect(t);
  const id = h.sim.createDelivery('returned');
  for (let i = 0; i < 5; i += 1) h.sim.advance(id);
  const ret = h.sim.returnOf(id);
  h.sim.server.injectFault(
    { kind: 'status', status: 404, body: JSON.stringify({ code: 'delivery_not_found', message: 'The requested delivery does not exist.', kind: 'error' }) },
    { match: (req) => req.path.endsWith(`/${ret}`) },
  );
  await h.register([id]);
  t.match(await h.run(), { state: 'succeeded', counts: { updated: 1, failed: 0 } });
  t.match(await h.lookup(id), { status: 'rto_in_transit', rawStatus: 'returned', active: true });
});

t.test('polling without a customer id, or with one Uber does not know: the run fails naming the variable, the shipments are not blamed', async (t) => {
  for (const [customerId, error] of [
    ['', /WAYBILL_COURIER_UBER_DIRECT_CUSTOMER_ID is not set/],
    ['cus_not-this-one', /customer_not_found: check WAYBILL_COURIER_UBER_DIRECT_CUSTOMER_ID/],
  ] as const) {
    const h = await startUberDirect(t, { options: { customer_id: customerId } });
    const id = h.sim.createDelivery('delivered');
    await h.register([id]);
    t.match(await h.run(), { state: 'failed', error }, customerId || 'no customer id');
    t.match(await h.courierState(), { paused: true, pauseReason: /login refused/ }, 'paused until someone fixes the configuration');
    t.match(await h.shipment(id), { status: 'info_received', active: true, consecutiveFailures: 0 }, 'the shipment is not blamed');
  }
});

t.test('with the signing key only: heard by webhook, never polled; a cancellation ends it', async (t) => {
  const h = await startUberDirect(t, { polling: false });
  t.match(await h.courierState(), {
    name: COURIER,
    mode: 'both',
    enabled: true,
    webhooks: true,
    polled: false,
    pollingOffReason: /WAYBILL_COURIER_UBER_DIRECT_CLIENT_ID, WAYBILL_COURIER_UBER_DIRECT_CLIENT_SECRET/,
  });
  const id = await created(t, h, 'cancelled', 'ORDER-2006');
  await step(t, h, id);
  await step(t, h, id);
  t.match(await h.lookup(id), { status: 'cancelled', rawStatus: 'canceled', active: false });
  t.match(await h.app.waybill.engine.startRun(COURIER, 'manual'), { kind: 'unavailable', reason: /heard by webhook only/ });
  t.equal((await h.app.inject({ method: 'POST', url: `/v1/couriers/${COURIER}/runs` })).statusCode, 409);
  t.equal(h.sim.server.requests.length, 0, "Uber's API is never called");
});

t.test('an unreadable webhook is answered 400 naming what is missing, and nothing is written', async (t) => {
  const h = await startUberDirect(t, { polling: false });
  const id = h.sim.createDelivery('delivered');
  const body = h.sim.statusWebhook(id);
  const data = body.data as Record<string, unknown>;
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['no kind', { ...body, kind: undefined }, /kind is missing/],
    ['an unknown kind', { ...body, kind: 'event.something_new' }, /unknown webhook kind "event.something_new"/],
    ['no delivery id', { ...body, delivery_id: undefined, data: { ...data, id: undefined } }, /delivery id/],
    ['no status', { ...body, status: undefined, data: { ...data, status: undefined } }, /status is missing/],
  ];
  for (const [what, broken, message] of cases) {
    const sent = await h.sim.send(h.webhookUrl, broken);
    t.equal(sent.status, 400, what);
    t.match(sent.answer, { message }, what);
  }
  t.equal(await h.app.waybill.store.shipments.get(COURIER, id), null);
});
