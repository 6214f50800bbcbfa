import { join } from 'node:path';
import t from 'tap';
import { ManualClock } from '../../core/clock.js';
import { MAX_ID_LENGTH, METADATA_MAX_BYTES, METADATA_MAX_DEPTH, PAGE_OFFSET_MAX, PAGE_SIZE_MAX } from '../../core/http/limits.js';
import { SqliteStore } from '../../core/store/sqlite/store.js';
import { startTestApp, tempDir } from '../helpers/app.js';
import { startSandboxApp } from '../helpers/sandbox.js';
import { scriptedCourier } from '../helpers/scripted-courier.js';

const T0 = '2026-04-01T10:00:00.000Z';

/** Objects `depth` levels deep, as JSON text (JSON.stringify itself overflows its stack at thousands of levels). */
const nested = (depth: number): string => `${'{"inner":'.repeat(depth - 1)}{"leaf":true}${'}'.repeat(depth - 1)}`;

t.test('input that used to crash the service is a 400 naming the field', async (t) => {
  const { app } = await startSandboxApp(t, { clock: new ManualClock(T0) });
  const register = (body: object | string) =>
    app.inject({ method: 'POST', url: '/v1/shipments', headers: { 'content-type': 'application/json' }, payload: typeof body === 'string' ? body : JSON.stringify(body) });
  const withMetadata = (fields: string, metadata: string) => `{${fields},"metadata":${metadata}}`;

  const deep = await register(withMetadata('"courier":"sandbox","trackingNumber":"SBX-DELIVERED-1"', nested(4_500)));
  t.equal(deep.statusCode, 400, 'metadata 4,500 levels deep');
  t.match(deep.json(), { message: new RegExp(`body/metadata must nest at most ${METADATA_MAX_DEPTH} levels`) });
  const deepInBatch = await register(`{"shipments":[${withMetadata('"courier":"sandbox","trackingNumber":"SBX-DELIVERED-2"', nested(METADATA_MAX_DEPTH + 1))}]}`);
  t.match(deepInBatch.json(), { statusCode: 400, message: /body\/shipments\/0\/metadata must nest at most/ }, 'one level too deep, in a batch');
  t.equal((await register(withMetadata('"courier":"sandbox","trackingNumber":"SBX-DELIVERED-3"', nested(METADATA_MAX_DEPTH)))).statusCode, 201, 'as deep as allowed');

  const big = await register({ courier: 'sandbox', trackingNumber: 'SBX-DELIVERED-4', metadata: { note: 'x'.repeat(METADATA_MAX_BYTES) } });
  t.match(big.json(), { statusCode: 400, message: new RegExp(`body/metadata must serialize to at most ${METADATA_MAX_BYTES} bytes`) }, 'metadata over 16 KiB');
  const order = await app.inject({ method: 'POST', url: '/v1/orders', payload: { orderId: 'o-big', shipments: [{ courier: 'sandbox', metadata: { note: 'x'.repeat(METADATA_MAX_BYTES) } }] } });
  t.match(order.json(), { statusCode: 400, message: /body\/shipments\/0\/metadata must serialize/ }, 'an awaited shipment of an order too');
  t.equal((await app.inject({ url: '/v1/shipments/sandbox/SBX-DELIVERED-4' })).statusCode, 404, 'nothing of a refused registration is written');

  for (const [query, field] of [
    ['offset=1e20', 'offset'],
    [`offset=${PAGE_OFFSET_MAX + 1}`, 'offset'],
    ['offset=-1', 'offset'],
    ['limit=Infinity', 'limit'],
    ['limit=1e20', 'limit'],
    [`limit=${PAGE_SIZE_MAX + 1}`, 'limit'],
    ['limit=2.5', 'limit'],
  ] as const) {
    for (const url of ['/v1/shipments', '/v1/deliveries', '/v1/orders/o-1/shipments']) {
      const res = await app.inject({ url: `${url}?${query}` });
      t.match({ status: res.statusCode, body: res.json() }, { status: 400, body: { message: new RegExp(`querystring/${field}`) } }, `${url}?${query}`);
    }
  }
  t.match((await app.inject({ url: '/v1/runs?limit=Infinity' })).json(), { statusCode: 400, message: /querystring\/limit must be a finite number/ }, '/v1/runs?limit=Infinity');
});

t.test('an order id the API accepts is one it can read back, at every length up to the one limit', async (t) => {
  const { app } = await startSandboxApp(t, { clock: new ManualClock(T0) });
  for (const [length, char] of [[100, 'a'], [101, 'b'], [MAX_ID_LENGTH, 'c'], [MAX_ID_LENGTH, '€']] as const) {
    const orderId = char.repeat(length);
    const created = await app.inject({ method: 'POST', url: '/v1/orders', payload: { orderId, shipments: [{ courier: 'sandbox', trackingNumber: `SBX-DELIVERED-${length}${char === '€' ? 'e' : char}` }] } });
    t.equal(created.statusCode, 201, `${length} × ${char}: registered`);
    const path = encodeURIComponent(orderId);
    t.match((await app.inject({ url: `/v1/orders/${path}` })).json(), { orderId }, `${length} × ${char}: read back`);
    t.match((await app.inject({ url: `/v1/orders/${path}/shipments` })).json(), { orderId, total: 1 }, `${length} × ${char}: its shipments listed`);
  }
  const tooLong = 'd'.repeat(MAX_ID_LENGTH + 1);
  const refused = await app.inject({ method: 'POST', url: '/v1/orders', payload: { orderId: tooLong, shipments: [{ courier: 'sandbox', trackingNumber: 'SBX-DELIVERED-X' }] } });
  t.match(refused.json(), { statusCode: 400, message: /body\/orderId must NOT have more than 128 characters/ });
  t.match((await app.inject({ url: `/v1/orders/${tooLong}` })).json(), { statusCode: 400, message: /params\/orderId/ }, 'read with a too long id: 400 naming the field, not 414');
  const shipment = await app.inject({ method: 'POST', url: '/v1/shipments', payload: { courier: 'sandbox', trackingNumber: 'SBX-DELIVERED-Y', orderId: tooLong } });
  t.match(shipment.json(), { statusCode: 400, message: /body\/orderId/ }, 'the same limit on a shipment');
});

t.test("an order's shipments are listed a page at a time, with the total", async (t) => {
  const { app } = await startSandboxApp(t, { clock: new ManualClock(T0) });
  const numbers = Array.from({ length: 7 }, (_, i) => `SBX-DELIVERED-P${i}`);
  await app.inject({ method: 'POST', url: '/v1/shipments', payload: { shipments: numbers.map((trackingNumber) => ({ courier: 'sandbox', trackingNumber, orderId: 'paged' })) } });
  const page = (await app.inject({ url: '/v1/orders/paged/shipments?limit=3&offset=3' })).json() as { shipments: { trackingNumber: string }[]; total: number; limit: number; offset: number };
  t.match(page, { total: 7, limit: 3, offset: 3 });
  t.same(page.shipments.map((s) => s.trackingNumber), numbers.slice(3, 6), 'in registration order');
  t.match((await app.inject({ url: '/v1/orders/paged/shipments' })).json(), { total: 7, limit: 100, offset: 0 }, 'a page by default');
});

t.test('a 500 names no internal error code: a generic message and the request id, the details only in the log', async (t) => {
  const store = new SqliteStore(join(tempDir(t), 'waybill.db'));
  const failing = Object.assign(new Error('SQLITE_MISMATCH: datatype mismatch'), { code: 'SQLITE_MISMATCH' });
  const shipments = new Proxy(store.shipments, { get: (target, key) => (key === 'list' ? () => Promise.reject(failing) : Reflect.get(target, key, target)) });
  Object.defineProperty(store, 'shipments', { value: shipments });
  const h = await startTestApp(t, { couriers: [scriptedCourier(new Map())], store });
  const res = await h.app.inject({ url: '/v1/shipments' });
  t.equal(res.statusCode, 500);
  t.notMatch(res.body, /SQLITE|mismatch/i, 'the answer names no internal code');
  const { requestId } = res.json() as { requestId: string };
  t.ok(requestId, `the answer carries the request id (${requestId})`);
  const logged = h.logs.map((line) => JSON.parse(line) as { reqId?: string; err?: { message?: string } }).find((line) => line.reqId === requestId && line.err);
  t.match(logged?.err?.message, /SQLITE_MISMATCH/, 'the log has the details under that request id');
});

t.test('runs are listed a page at a time, each page naming the next', async (t) => {
  const { app } = await startSandboxApp(t, { clock: new ManualClock(T0) });
  for (let i = 0; i < 3; i++) await app.waybill.store.runs.create({ courier: 'sandbox', trigger: 'manual', state: 'skipped', owner: 'test', startedAt: new Date(Date.parse(T0) + i * 1000) });
  const first = (await app.inject({ url: '/v1/runs?courier=sandbox&limit=2' })).json() as { runs: { startedAt: string }[]; nextOffset: number | null };
  t.equal(first.runs.length, 2);
  t.equal(first.nextOffset, 2);
  const last = (await app.inject({ url: `/v1/runs?courier=sandbox&limit=2&offset=${first.nextOffset}` })).json() as typeof first;
  t.same(last.runs.map((r) => r.startedAt), [T0], 'the oldest last');
  t.equal(last.nextOffset, null);
});
