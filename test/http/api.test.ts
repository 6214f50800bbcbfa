import t from 'tap';
import { ManualClock } from '../../core/clock.js';
import { startSandboxApp } from '../helpers/sandbox.js';

const T0 = '2026-05-01T10:00:00.000Z';

t.test('registering: single, batch, idempotent, and validation that names the field', async (t) => {
  const { app } = await startSandboxApp(t, { clock: new ManualClock(T0) });
  const one = await app.inject({ method: 'POST', url: '/v1/shipments', payload: { courier: 'sandbox', trackingNumber: 'SBX-DELIVERED-1', orderId: 'O-1', metadata: { shop: 'a' } } });
  t.equal(one.statusCode, 201);
  t.match(one.json(), { id: String, courier: 'sandbox', trackingNumber: 'SBX-DELIVERED-1', created: true });
  const again = await app.inject({ method: 'POST', url: '/v1/shipments', payload: { courier: 'sandbox', trackingNumber: 'SBX-DELIVERED-1' } });
  t.match(again.json(), { id: one.json().id, created: false }, 'idempotent on courier + tracking number');

  const batch = await app.inject({
    method: 'POST',
    url: '/v1/shipments',
    payload: { shipments: [{ courier: 'sandbox', trackingNumber: 'SBX-LOST-1' }, { courier: 'sandbox', trackingNumber: 'SBX-LOST-2', orderId: 'O-2' }] },
  });
  t.equal(batch.statusCode, 201);
  t.equal(batch.json().shipments.length, 2);

  const unknown = await app.inject({
    method: 'POST',
    url: '/v1/shipments',
    payload: { shipments: [{ courier: 'sandbox', trackingNumber: 'SBX-OK-9' }, { courier: 'sandbox', trackingNumber: 'SBX-OK-10' }, { courier: 'fedexx', trackingNumber: 'X1' }] },
  });
  t.equal(unknown.statusCode, 400);
  t.match(unknown.json().message, /body\/shipments\/2\/courier: unknown courier "fedexx"/);
  t.equal(await app.waybill.store.shipments.get('sandbox', 'SBX-OK-9'), null, 'nothing of a rejected batch is written');

  const sandboxShipment = (i: number) => ({ courier: 'sandbox', trackingNumber: `N${i}` });
  const cases: [string, unknown, string][] = [
    ['bad tracking number', { courier: 'sandbox', trackingNumber: 'has space' }, 'body/trackingNumber must match pattern "^[A-Za-z0-9][A-Za-z0-9_.-]*$"'],
    ['empty tracking number', { courier: 'sandbox', trackingNumber: '' }, 'body/trackingNumber must be a non-empty string'],
    // The courier may be omitted since detection: a number no enabled courier's format matches is refused instead.
    ['missing courier, undetectable number', { trackingNumber: 'X1' }, 'body/trackingNumber: "X1" matches no enabled courier\'s format: name the courier'],
    ['unknown field', { courier: 'sandbox', trackingNumber: 'X1', colour: 'red' }, "body has unknown property 'colour'"],
    ['too many', { shipments: Array.from({ length: 1001 }, (_, i) => sandboxShipment(i)) }, 'body/shipments must NOT have more than 1000 items'],
    ['empty batch', { shipments: [] }, 'body/shipments must NOT have fewer than 1 items'],
    ['unknown field in a batch item', { shipments: [sandboxShipment(0), sandboxShipment(1), sandboxShipment(2), { ...sandboxShipment(3), colour: 'red' }] }, "body/shipments/3 has unknown property 'colour'"],
    ['unknown field beside a batch', { shipments: [sandboxShipment(0)], colour: 'red' }, "body has unknown property 'colour'"],
    ['batch item without a tracking number', { shipments: [{ courier: 'sandbox' }] }, 'body/shipments/0/trackingNumber is required'],
  ];
  for (const [name, payload, message] of cases) {
    const res = await app.inject({ method: 'POST', url: '/v1/shipments', payload: payload as object });
    t.equal(res.statusCode, 400, name);
    t.equal(res.json().message, message, name);
  }
  t.equal((await app.waybill.store.shipments.list({}, { limit: 10, offset: 0 })).total, 3);
});

t.test('lookups come from the store and say so; unknown ones get a clear 404', async (t) => {
  const clock = new ManualClock(T0);
  const { app, register, run } = await startSandboxApp(t, { clock });
  await register('SBX-DELIVERED-1');
  await run();
  clock.advance(42_000);
  const res = await app.inject({ method: 'GET', url: '/v1/shipments/sandbox/SBX-DELIVERED-1' });
  t.equal(res.statusCode, 200);
  t.match(res.json(), {
    courier: 'sandbox',
    trackingNumber: 'SBX-DELIVERED-1',
    orderId: 'order-SBX-DELIVERED-1',
    status: 'info_received',
    rawStatus: 'LABEL_CREATED',
    source: 'cache',
    ageSeconds: 42,
    active: true,
    events: [{ status: 'LABEL_CREATED', location: 'Seller warehouse' }],
    history: [{ status: 'info_received', source: 'registration' }],
  });
  t.ok(res.json().lastEventAt && res.json().lastCheckedAt && res.json().nextCheckAt);
  const missing = await app.inject({ method: 'GET', url: '/v1/shipments/sandbox/NOPE1' });
  t.equal(missing.statusCode, 404);
  t.match(missing.json().message, /no shipment NOPE1 is tracked for courier sandbox/);
  const badCourier = await app.inject({ method: 'GET', url: '/v1/shipments/nosuch/X1' });
  t.match(badCourier.json(), { statusCode: 404, message: /unknown courier "nosuch"/ });
});

t.test('refresh=true checks live through the limiter and falls back to the store with liveError', async (t) => {
  const clock = new ManualClock(T0);
  const { app, sim, register } = await startSandboxApp(t, { clock });
  await register('SBX-CANCELLED-1');
  const live = await app.inject({ method: 'GET', url: '/v1/shipments/sandbox/SBX-CANCELLED-1?refresh=true' });
  t.match(live.json(), { source: 'live', status: 'info_received', rawStatus: 'LABEL_CREATED' });
  t.notOk('liveError' in live.json());
  sim.server.injectFault({ kind: 'status', status: 500 }, { match: (r) => r.path === '/v1/tracking/batch' });
  const fallback = await app.inject({ method: 'GET', url: '/v1/shipments/sandbox/SBX-CANCELLED-1?refresh=true' });
  t.equal(fallback.statusCode, 200);
  t.match(fallback.json(), { source: 'cache', status: 'info_received', liveError: /answered 500/ });
  const later = await app.inject({ method: 'GET', url: '/v1/shipments/sandbox/SBX-CANCELLED-1?refresh=true' });
  t.match(later.json(), { source: 'live', status: 'cancelled', active: false });
});

t.test('manual status updates are kept in the history with who made them', async (t) => {
  const { app, register } = await startSandboxApp(t, { clock: new ManualClock(T0) });
  await register('SBX-DELIVERED-1');
  const res = await app.inject({
    method: 'PUT',
    url: '/v1/shipments/sandbox/SBX-DELIVERED-1/status',
    payload: { status: 'delivered', updatedBy: 'ops@shop.example', notes: 'customer confirmed by phone' },
  });
  t.equal(res.statusCode, 200);
  t.match(res.json(), { status: 'delivered', active: false, history: [{ status: 'info_received' }, { status: 'delivered', source: 'manual', updatedBy: 'ops@shop.example', notes: 'customer confirmed by phone' }] });
  const bad = await app.inject({ method: 'PUT', url: '/v1/shipments/sandbox/SBX-DELIVERED-1/status', payload: { status: 'teleported', updatedBy: 'x' } });
  t.equal(bad.statusCode, 400);
  t.equal(bad.json().message, 'body/status must be equal to one of the allowed values');
  const noWho = await app.inject({ method: 'PUT', url: '/v1/shipments/sandbox/SBX-DELIVERED-1/status', payload: { status: 'lost' } });
  t.equal(noWho.json().message, 'body/updatedBy is required');
  const missing = await app.inject({ method: 'PUT', url: '/v1/shipments/sandbox/NOPE/status', payload: { status: 'lost', updatedBy: 'x' } });
  t.equal(missing.statusCode, 404);
});

t.test('listing with filters and paging, and an order’s shipments', async (t) => {
  const { app, register, run } = await startSandboxApp(t, { clock: new ManualClock(T0) });
  await register('SBX-DELIVERED-1', 'SBX-DELIVERED-2', 'SBX-NOTFOUND-1');
  await app.inject({ method: 'POST', url: '/v1/shipments', payload: { courier: 'sandbox', trackingNumber: 'SBX-LOST-7', orderId: 'order-SBX-DELIVERED-1' } });
  await run();
  const page = await app.inject({ method: 'GET', url: '/v1/shipments?courier=sandbox&limit=2&offset=0' });
  t.match(page.json(), { total: 4, limit: 2, offset: 0 });
  t.equal(page.json().items.length, 2);
  const byStatus = await app.inject({ method: 'GET', url: '/v1/shipments?status=info_received' });
  t.equal(byStatus.json().total, 4);
  const badStatus = await app.inject({ method: 'GET', url: '/v1/shipments?status=shipped' });
  t.equal(badStatus.statusCode, 400);
  t.equal(badStatus.json().message, 'querystring/status must be equal to one of the allowed values');
  const order = await app.inject({ method: 'GET', url: '/v1/orders/order-SBX-DELIVERED-1/shipments' });
  t.same(order.json().shipments.map((s: { trackingNumber: string }) => s.trackingNumber).sort(), ['SBX-DELIVERED-1', 'SBX-LOST-7']);
});

t.test('couriers, runs, pause and resume', async (t) => {
  const clock = new ManualClock(T0);
  const { app, register } = await startSandboxApp(t, { clock });
  await register('SBX-DELIVERED-1');
  const couriers = await app.inject({ method: 'GET', url: '/v1/couriers' });
  t.match(couriers.json().couriers, [{ name: 'sandbox', enabled: true, batchSize: 20, auth: 'oauth2', paused: false, lastRun: null, nextRunAt: '2026-05-01T10:00:10.000Z' }]);
  const started = await app.inject({ method: 'POST', url: '/v1/couriers/sandbox/runs' });
  t.equal(started.statusCode, 202);
  const { runId } = started.json();
  let run = (await app.inject({ method: 'GET', url: `/v1/runs/${runId}` })).json();
  for (let i = 0; i < 50 && run.state === 'running'; i++) {
    await new Promise((r) => setTimeout(r, 20));
    run = (await app.inject({ method: 'GET', url: `/v1/runs/${runId}` })).json();
  }
  t.match(run, { id: runId, courier: 'sandbox', state: 'succeeded', startedAt: T0, counts: { claimed: 1, requests: 2, updated: 1, unchanged: 0, notFound: 0, unmapped: 0, failed: 0 } });
  t.match((await app.inject({ method: 'GET', url: '/v1/couriers/sandbox' })).json(), { lastRun: { id: runId } });

  const paused = await app.inject({ method: 'POST', url: '/v1/couriers/sandbox/pause', payload: { reason: 'courier maintenance' } });
  t.match(paused.json(), { paused: true, pauseReason: 'courier maintenance', pausedUntil: null });
  const skipped = await app.inject({ method: 'POST', url: '/v1/couriers/sandbox/runs' });
  t.equal(skipped.statusCode, 202);
  t.match((await app.inject({ method: 'GET', url: `/v1/runs/${skipped.json().runId}` })).json(), { state: 'skipped' });
  t.match((await app.inject({ method: 'POST', url: '/v1/couriers/sandbox/resume' })).json(), { paused: false });

  const listed = await app.inject({ method: 'GET', url: '/v1/runs?courier=sandbox' });
  t.same(listed.json().runs.map((r: { state: string }) => r.state), ['skipped', 'succeeded']);
  t.equal((await app.inject({ method: 'GET', url: '/v1/runs/nope' })).statusCode, 404);
  t.equal((await app.inject({ method: 'POST', url: '/v1/couriers/nope/runs' })).statusCode, 404);
  t.equal((await app.inject({ method: 'GET', url: '/v1/couriers/nope' })).statusCode, 404);
});

t.test('health, metrics and the OpenAPI document', async (t) => {
  const { app, register, run } = await startSandboxApp(t);
  await register('SBX-DELIVERED-1', 'SBX-ODDITY-1');
  for (let i = 0; i < 3; i++) await run();
  t.match((await app.inject({ method: 'GET', url: '/health' })).json(), { status: 'ok', store: 'sqlite' });
  const metrics = await app.inject({ method: 'GET', url: '/metrics' });
  t.match(metrics.headers['content-type'], /text\/plain/);
  t.match(metrics.body, /# TYPE waybill_shipments gauge/);
  t.match(metrics.body, /waybill_shipments\{courier="sandbox",status="info_received",active="true"\} 2/);
  t.match(metrics.body, /waybill_runs_total\{courier="sandbox",state="succeeded"\} 3/);
  t.match(metrics.body, /waybill_courier_enabled\{courier="sandbox"\} 1/);
  await register('SBX-ODDITY-2');
  for (let i = 0; i < 3; i++) await app.inject({ method: 'GET', url: '/v1/shipments/sandbox/SBX-ODDITY-2?refresh=true' });
  const after = (await app.inject({ method: 'GET', url: '/metrics' })).body;
  t.match(after, /waybill_unmapped_status_total\{courier="sandbox",raw_status="WEATHER_DELAY"\} 1/, 'a live check meeting an unmapped status is counted too');
  t.match(after, /waybill_live_check_items_total\{courier="sandbox",counter="unmapped"\} 1/);
  const docs = await app.inject({ method: 'GET', url: '/docs/json' });
  t.equal(docs.statusCode, 200);
  t.ok(docs.json().paths['/v1/shipments/{courier}/{trackingNumber}'], 'the lookup route is documented');
  const registration = docs.json().paths['/v1/shipments'].post.requestBody.content['application/json'].schema;
  t.same(registration, { anyOf: [{ $ref: '#/components/schemas/ShipmentInput' }, { $ref: '#/components/schemas/ShipmentBatch' }] }, 'registration is documented as single or batch');
  const { ShipmentInput, ShipmentBatch } = docs.json().components.schemas;
  t.same([ShipmentInput.required, ShipmentBatch.required], [['trackingNumber'], ['shipments']], 'the courier may be left to detection');
});
